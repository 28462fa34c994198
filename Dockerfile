# syntax=docker/dockerfile:1
# One image recipe for every service: docker compose passes MODULE (e.g. inventory-service).
# Base images carry a version tag, so a rebuild next month runs what was tested (not "latest").
#
# Built with BuildKit (docker compose v2, docker build since Engine 23): RUN --mount and COPY --chmod
# need it. How the build is shared and cached: docs/operations.md#docker-compose; ComposeBuildTest
# keeps the properties below.

# Stage 1 builds every service from the repository itself, so no local build is needed first.
# It does not use MODULE: the stage is identical for all eight compose services, so BuildKit builds
# it once and every service's image reuses it (before, each service ran its own Maven build and
# downloaded the whole Quarkus dependency tree again).
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
# The poms alone, in the reactor layout (Maven reads every module's pom, even of modules it does
# not build). This layer and the next change only when a pom changes.
COPY pom.xml ./
COPY resilience/pom.xml resilience/
COPY resilience-stress/pom.xml resilience-stress/
COPY shop-kit/pom.xml shop-kit/
COPY test-support/pom.xml test-support/
COPY replay/pom.xml replay/
COPY fraud-api/pom.xml fraud-api/
COPY inventory-service/pom.xml inventory-service/
COPY pricing-service/pom.xml pricing-service/
COPY recommendations-service/pom.xml recommendations-service/
COPY payment-service/pom.xml payment-service/
COPY order-service/pom.xml order-service/
COPY product-page-service/pom.xml product-page-service/
COPY system-tests/pom.xml system-tests/
COPY benchmarks/pom.xml benchmarks/
# Dependencies: package the reactor with no sources yet. dependency:go-offline is not enough here:
# it misses the Quarkus extensions' deployment artifacts (quarkus:build resolves them while it
# runs) and looks for the reactor's own modules in a repository, where they are not. An empty
# package fetches what the real one needs, plugins included; its empty output is removed. The
# Maven repository is a BuildKit cache mount: kept across builds (a pom change downloads only what
# is new) and in no layer; sharing=locked, so two builds never write into it at the same time.
# It lives at a path of its own (-Dmaven.repo.local), not in the build user's home.
# Only the seven service modules and what they need (-am: resilience, shop-kit, test-support):
# no tests, and neither jcstress (resilience-stress), the system tests nor the benchmarks.
RUN --mount=type=cache,target=/var/cache/maven,sharing=locked \
    mvn -B -q -Dmaven.repo.local=/var/cache/maven -DskipTests -pl fraud-api,inventory-service,pricing-service,recommendations-service,payment-service,order-service,product-page-service -am package \
    && find . -name target -type d -prune -exec rm -rf {} +
# The sources of the modules built, and nothing else: a change to the docs rebuilds nothing.
COPY resilience/src resilience/src
COPY shop-kit/src shop-kit/src
COPY test-support/src test-support/src
COPY fraud-api/src fraud-api/src
COPY inventory-service/src inventory-service/src
COPY pricing-service/src pricing-service/src
COPY recommendations-service/src recommendations-service/src
COPY payment-service/src payment-service/src
COPY order-service/src order-service/src
COPY product-page-service/src product-page-service/src
RUN --mount=type=cache,target=/var/cache/maven,sharing=locked \
    mvn -B -q -Dmaven.repo.local=/var/cache/maven -DskipTests -pl fraud-api,inventory-service,pricing-service,recommendations-service,payment-service,order-service,product-page-service -am package

# Stage 2, one per service: the JRE image as it comes, no package installed (the health check
# compose runs is a bash script, deploy/compose/healthcheck.sh, which says why).
FROM eclipse-temurin:17.0.13_11-jre
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin shop
COPY --chmod=0755 deploy/compose/healthcheck.sh /usr/local/bin/shop-healthcheck
WORKDIR /app
# The only place MODULE is used: which service's Quarkus app this image carries.
ARG MODULE
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
