#!/usr/bin/env bash
# bench/startup.sh — the standalone's start-up: from `java -jar` to both services answering their readiness
# probes, run as the README runs it (the extracted jar and its class-data-sharing archive, both made by
# `./mvnw -B -ntp package`), embedded Kafka and PostgreSQL included. Part of bench/pipeline.sh; alone:
#
#   bash bench/startup.sh          RUNS (3) LOG_DIR (where each run's log goes, default a temporary directory)
#
# Prints "RESULT bench=spool-standalone-startup ready_ms=<run 1>,<run 2>,..." (NA for a run not ready in 120 s).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
RUNS=${RUNS:-3}
LOG_DIR=${LOG_DIR:-$(mktemp -d)}
STANDALONE_JAR="$ROOT/standalone/target/spool/spool-standalone.jar"
STANDALONE_CDS="$ROOT/standalone/target/spool/spool.jsa"
[[ -f $STANDALONE_JAR ]] || die "build first: ./mvnw -B -ntp -DskipTests package ($STANDALONE_JAR missing)"
ensure_apt curl
startup_runs=()
for ((r = 1; r <= RUNS; r++)); do
  t0=$(now_ms)
  setsid "$JAVA" -XX:SharedArchiveFile="$STANDALONE_CDS" -jar "$STANDALONE_JAR" --spool.standalone.kafka-port=19092 \
    --spool.standalone.postgres-port=15439 --spool.ingest.port=18190 --spool.dispatcher.port=18191 \
    --logging.level.root=warn >"$LOG_DIR/standalone-$r.log" 2>&1 </dev/null &
  spid=$!; CLEANUP_PIDS+=("$spid")   # stopped on exit too, should this script be interrupted
  ready=""
  while (( $(now_ms) - t0 < 120000 )); do
    if curl -sf http://127.0.0.1:18190/actuator/health/readiness >/dev/null 2>&1 &&
       curl -sf http://127.0.0.1:18191/actuator/health/readiness >/dev/null 2>&1; then ready=$(( $(now_ms) - t0 )); break; fi
    sleep 0.1
  done
  stop_pid "$spid" 60 || true
  startup_runs+=("${ready:-NA}")
done
echo "RESULT bench=spool-standalone-startup ready_ms=$(IFS=,; echo "${startup_runs[*]}")"
