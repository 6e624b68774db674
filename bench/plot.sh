#!/usr/bin/env bash
# bench/plot.sh — draws the benchmark plots from the CSVs the harness wrote (default docs/bench):
#   latency.png     latency against rate: ingest acknowledgement (open loop) and webhook → subscriber
#   throughput.png  Spool beside each limit measured in the same run (throughput.csv: name,limit,spool)
#   memory.png      resident memory of both services and their heap after GC over the pipeline run
# Needs gnuplot (Debian's gnuplot-nox, installed if missing).
set -euo pipefail
DIR=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/docs/bench}
command -v gnuplot >/dev/null || { apt-get install -y -q gnuplot-nox >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q gnuplot-nox >/dev/null; }; }
cd "$DIR"
gnuplot <<'GP'
set terminal pngcairo size 900,520 font ",10"
set datafile separator ","
set key top left
set grid

set output "latency.png"
set title "Latency against rate (open loop; latency from the moment each request was due)"
set xlabel "webhooks per second"
set ylabel "milliseconds"
set logscale y
set logscale x
plot "ingest-latency.csv" skip 1 using 1:2 with linespoints lw 2 title "ingest 202, p50", \
     "ingest-latency.csv" skip 1 using 1:3 with linespoints lw 2 title "ingest 202, p99", \
     "e2e.csv" skip 1 using 1:(strcol(7)[1:3] eq "e2e" ? $4 : NaN) with linespoints lw 2 title "webhook → subscriber, p50", \
     "e2e.csv" skip 1 using 1:(strcol(7)[1:3] eq "e2e" ? $5 : NaN) with linespoints lw 2 title "webhook → subscriber, p99", \
     "e2e.csv" skip 1 using 1:(strcol(7)[1:3] eq "iso" ? $5 : NaN) with points pt 7 ps 1.5 title "p99 with a subscriber that never answers"
unset logscale

set output "throughput.png"
set title "Throughput: Spool beside the limit it is bounded by (same run, same machine)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xlabel ""
set ylabel "per second"
set yrange [0:*]
set key top right
plot "throughput.csv" skip 1 using 2:xtic(1) title "limit", "" skip 1 using 3 title "Spool"

set output "memory.png"
set title "Memory over the pipeline run"
set style data lines
set xlabel "seconds"
set ylabel "MiB"
set key top left
plot "rss.csv" skip 1 using 1:3 lw 2 title "ingest resident", \
     "rss.csv" skip 1 using 1:4 lw 2 title "dispatcher resident", \
     "heap-ingest.csv" skip 1 using 1:2 with points pt 7 ps 0.4 title "ingest heap after GC", \
     "heap-dispatcher.csv" skip 1 using 1:2 with points pt 7 ps 0.4 title "dispatcher heap after GC"
GP
echo "plots written to $DIR"
