# One image recipe for every service: docker compose passes MODULE (e.g. inventory-service).
# Stage 1 builds from the repository itself, so no local build is needed first.
# Base images carry a version tag, so a rebuild next month runs what was tested (not "latest").
FROM maven:3.9.9-eclipse-temurin-17 AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl "${MODULE}" -am package

FROM eclipse-temurin:17.0.13_11-jre
ARG MODULE
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin shop
WORKDIR /app
COPY --from=build --chown=root:root /src/${MODULE}/target/quarkus-app/ /app/
# Not root: a hole in a service does not hand out root in the container. The files stay root's
# and read-only to the service. docker compose gives each service its own uid (so each reads only
# its own secrets file); Kubernetes sets runAsUser the same way (deploy/k8s).
USER 10001:10001
# The JVM's memory ceiling, every part capped so the container limit can be set above it
# (ComposeSecurityTest / KubernetesManifestsTest: limit > heap + metaspace + code cache + direct
# memory + the thread and native allowance). Measured RSS under load: docs/security.md.
ENV JAVA_OPTS="-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=32m -Xss512k"
# exec: the JVM is PID 1 and gets SIGTERM directly, so graceful shutdown works under docker stop.
# SHOP_SECRETS_FILE (docker compose): KEY=value lines the init service generated for this service
# alone, exported before the JVM starts; a missing file stops the start here (fail closed).
ENTRYPOINT ["sh", "-c", "if [ -n \"${SHOP_SECRETS_FILE:-}\" ]; then set -a; . \"$SHOP_SECRETS_FILE\" || exit 1; set +a; fi; exec java $JAVA_OPTS -jar /app/quarkus-run.jar"]
