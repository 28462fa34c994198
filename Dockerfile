# One image recipe for every service: docker compose passes MODULE (e.g. inventory-service).
# Stage 1 builds from the repository itself, so no local build is needed first.
FROM maven:3.9-eclipse-temurin-17 AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl "${MODULE}" -am package

FROM eclipse-temurin:17-jre
ARG MODULE
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/${MODULE}/target/quarkus-app/ /app/
ENV JAVA_OPTS="-Xms32m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -Xss512k"
# exec: the JVM is PID 1 and gets SIGTERM directly, so graceful shutdown works under docker stop.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/quarkus-run.jar"]
