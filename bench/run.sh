#!/usr/bin/env bash
# bench/run.sh — every benchmark of Spool in one command (about 20 minutes on 2 cores):
#   bench/ingest.sh    ingest beside the naive HTTP→Kafka ceiling (closed and open loop)
#   bench/pipeline.sh  apply beside pgbench, end to end at three rates, isolation, delivery beside the raw
#                      client → sink ceiling, memory, standalone start-up
#   bench/report.py    a dated section in docs/benchmarks.md from docs/bench/{ingest,pipeline}.json
#   bench/plot.sh      docs/bench/*.png
# Builds the jars first (clean, so that every fat jar holds the current code). Knobs of each script pass through.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[[ ${SKIP_BUILD:-0} == 1 ]] || ./mvnw -B -ntp -q clean package -DskipTests
bash bench/ingest.sh
bash bench/pipeline.sh
command -v python3 >/dev/null || apt-get install -y -q python3 >/dev/null
python3 bench/report.py docs/bench docs/benchmarks.md   # also writes docs/bench/throughput.csv
bash bench/plot.sh docs/bench
