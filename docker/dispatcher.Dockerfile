# syntax=docker/dockerfile:1
# The Spool dispatcher service. Build from the repository root:
#   docker build -f docker/dispatcher.Dockerfile -t spool-dispatcher .

# 1. Build the executable jar with the project's own wrapper, then split it into Spring Boot's layers.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests -pl dispatcher -am package
RUN java -Djarmode=tools -jar dispatcher/target/spool-dispatcher.jar extract --layers --launcher --destination /layers

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
EXPOSE 8081
# Sized for containers: the heap follows the container's memory limit, at half of it: beside a 256 MiB heap the
# bench measured up to 60 (ingest) and 275 MiB (dispatcher) more resident (metaspace, code, direct buffers,
# malloc), so 70 % of compose.yml's 768 MiB (a 537 MiB heap) could pass the limit at full load; a JVM out of
# memory exits and is restarted.
# The serial collector: under a backlog G1's collector threads took half of the dispatcher's CPU (the parallel
# one applied 45 % more events per second), and on two busy cores the serial one, with one thread, paused as long in
# all as the parallel one's two, for the same throughput and ≈ 15 MiB less resident (docs/benchmarks.md, "Garbage
# collection"); freed malloc memory is handed back every second, and blocks of 128 KiB and more are mapped on their
# own, so that freeing one unmaps it at once (docs/benchmarks.md, "Memory" and "Sixth round"). The JDK's per-thread
# cache of temporary direct buffers (I/O through heap buffers, as the Kafka clients do) keeps none above 256 KiB
# ("Eighth round").
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=30 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -XX:TrimNativeHeapInterval=1000 -Djdk.nio.maxCachedBufferSize=262144"
ENV MALLOC_MMAP_THRESHOLD_=131072
# glibc gives a JVM up to eight malloc arenas per core; two keep resident memory close to heap + metaspace
ENV MALLOC_ARENA_MAX=2
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=6 \
    CMD curl -fsS http://localhost:8081/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
