#!/usr/bin/env bash
# bench/faults.sh — the fault suite's full run and the soak (issue 8), with their reports copied into docs/bench/.
#
#   bash bench/faults.sh [full|soak|all]        (default: all)
#
#   full  the ingest and the dispatcher from their jars, a Kafka broker in its own JVM, PostgreSQL, a steady
#         sender at 200 webhooks/s and one subscriber; the broker stopped 20 s, the dispatcher killed (SIGKILL)
#         three times, PostgreSQL stopped 20 s, the subscriber down 20 s; then the verdict
#         -> docs/bench/faults-full.md, docs/bench/faults-full-memory.csv
#   soak  the same pipeline without faults for SOAK_SECONDS (600) at SOAK_RATE webhooks/s, resident memory of both
#         services and the webhooks accepted / delivered so far every second, then up to SOAK_DRAIN_SECONDS (300)
#         for the last deliveries -> docs/bench/soak.md, docs/bench/soak-memory.csv, docs/bench/soak-{memory,lag}.png
#         (SOAK_NAME=soak-half: docs/bench/soak-half.md, ...)
#
# The quick run of the same suite is part of `./mvnw verify` (FaultSuiteIT). Needs only the JDK (and gnuplot for
# the plot, skipped when absent).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
WHAT=${1:-all}
SOAK_RATE=${SOAK_RATE:-1000}
SOAK_SECONDS=${SOAK_SECONDS:-600}
SOAK_DRAIN_SECONDS=${SOAK_DRAIN_SECONDS:-300}
SOAK_NAME=${SOAK_NAME:-soak}   # the soak's files in docs/bench/ are named after it: $SOAK_NAME.md, $SOAK_NAME-memory.csv, ...
OUT=docs/bench
mkdir -p "$OUT"

echo "building the services" >&2
./mvnw -B -ntp -q -pl common,support,ingest,dispatcher install -DskipTests

suite() { # suite NAME [-D...]
  local name=$1; shift
  ./mvnw -B -ntp -pl standalone verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FaultSuiteIT \
    "$@" | tee "standalone/target/faults-$name.log" | grep -E 'FAULT SUITE|^\||Tests run:|BUILD' || true
  cp "standalone/target/faults/$name/report.md" "$OUT/faults-$name.md"
}

if [[ $WHAT == full || $WHAT == all ]]; then
  suite full -Dspool.faults=full
  cp standalone/target/faults/full/memory.csv "$OUT/faults-full-memory.csv"
fi
if [[ $WHAT == soak || $WHAT == all ]]; then
  ./mvnw -B -ntp -pl standalone verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FaultSuiteIT \
    -Dspool.faults=soak -Dspool.faults.rate="$SOAK_RATE" -Dspool.faults.seconds="$SOAK_SECONDS" \
    -Dspool.faults.drain="$SOAK_DRAIN_SECONDS" |
    tee standalone/target/faults-soak.log | grep -E 'FAULT SUITE|^\||Tests run:|BUILD' || true
  cp standalone/target/faults/soak/report.md "$OUT/$SOAK_NAME.md"
  cp standalone/target/faults/soak/memory.csv "$OUT/$SOAK_NAME-memory.csv"
  if command -v gnuplot >/dev/null; then
    gnuplot <<PLOT
set terminal pngcairo size 900,420 font ",10"
set output "$OUT/$SOAK_NAME-memory.png"
set datafile separator ","
set title "Soak: resident memory at $SOAK_RATE webhooks/s for $SOAK_SECONDS s (256 MiB heaps)"
set xlabel "seconds since the load started"; set ylabel "resident MiB"; set key top left; set grid
set yrange [0:*]
plot "$OUT/$SOAK_NAME-memory.csv" using 1:3 skip 1 with lines lw 2 title "ingest", \
     "" using 1:4 skip 1 with lines lw 2 title "dispatcher", 512 with lines dt 2 lc rgb "red" title "512 MiB goal"
set output "$OUT/$SOAK_NAME-lag.png"
set title "Soak: webhooks accepted but not yet delivered, at $SOAK_RATE webhooks/s for $SOAK_SECONDS s"
set ylabel "deliveries behind"
plot "$OUT/$SOAK_NAME-memory.csv" using 1:(\$5-\$6) skip 1 with lines lw 2 title "accepted - delivered"
PLOT
  fi
fi
