# syntax=docker/dockerfile:1
# The Spool ingest service. Build from the repository root:
#   docker build -f docker/ingest.Dockerfile -t spool-ingest .

# 1. Build the executable jar with the project's own wrapper, then split it into Spring Boot's layers.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests -pl ingest -am package
RUN java -Djarmode=tools -jar ingest/target/spool-ingest.jar extract --layers --launcher --destination /layers

# 2. Run on a current Temurin JRE as a non-root user, one layer per rate of change so rebuilds stay small.
FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /app spool
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001
EXPOSE 8080
# Sized for containers: the heap follows the container's memory limit, at half of it: beside a 256 MiB heap the
# bench measured up to 60 (ingest) and 275 MiB (dispatcher) more resident (metaspace, code, direct buffers,
# malloc), so 70 % of compose.yml's 768 MiB (a 537 MiB heap) could pass the limit at full load; a JVM out of
# memory exits and is restarted.
# The parallel collector: the ingest's live set is ≈ 25 MiB and every request's garbage dies young; against G1 it
# took 3-6 µs of CPU off each request and 90 MiB off the resident memory (docs/benchmarks.md, "Ingest, fourth round").
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=30 -XX:+ExitOnOutOfMemoryError -XX:+UseParallelGC"
# glibc gives a JVM up to eight malloc arenas per core; two keep resident memory close to heap + metaspace
ENV MALLOC_ARENA_MAX=2
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=6 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
