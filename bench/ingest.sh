#!/usr/bin/env bash
# bench/ingest.sh — Spool's ingest beside the naive HTTP→Kafka ceiling of this machine, in one run.
#
# 1. measures the ceiling with ../shared/limits/limit-http-kafka.sh (a bare Reactor Netty server that hands each
#    body to a KafkaProducer, acks=all, idempotent, and answers 202 from the callback);
# 2. starts spool-ingest.jar against the same local broker and drives it with the same wrk settings (closed
#    loop, maximum throughput), posting signed 1 KiB webhooks of the four seed formats (signatures verified);
# 3. drives it open loop (bench/SpoolLoad.java, 4,096 distinct events built and signed before the clock starts, sent in turn
#    as raw HTTP/1.1 on 64 keep-alive connections, engine=nio) at 25 %, 50 % and 75 % of that maximum: p50, p99
#    and p99.9 of the time to the 202, measured from the moment each request was due;
# 4. prints RESULT lines and writes OUT_DIR (docs/bench)/ingest.json and ingest-latency.csv (bench/run.sh turns
#    them into docs/benchmarks.md and the plots).
#
# Needs: fresh jars (./mvnw -B -ntp clean package -DskipTests), the limits scripts (LIMITS_DIR, default ../shared/limits),
# wrk (installed from Debian's packages if missing). Knobs: WARMUP_S (120) DURATION_S (15) REPEAT (3) CONNS (64) THREADS (2)
# OPEN_S (45) OPEN_OF_RPS (the rate the open loop's percentages are of: this run's closed-loop maximum unless set, e.g. to compare two builds at the same rates) OPEN_LATENCY_WARMUP_S (15: latencies of the first seconds of each open-loop run not kept, the generator JVM's own warm-up) OPEN_ENGINE (nio; reactor: the Reactor Netty client of the runs before 2026-11-25T03Z) OPEN_SLOW_MS (0; with nio, > 0 lists the seconds of each run in which answers took longer: slow_s=second:count) PORT (18090) OUT_DIR INGEST_HEAP (256m) INGEST_GC (-XX:+UseParallelGC) INGEST_JAVA_OPTS (e.g. a JFR recording: -XX:StartFlightRecording=...). Everything it starts is stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"

# A Spring WebFlux service on 2 cores needs about two minutes of load before C2 has compiled its hot paths
# (measured: 800 req/s after 15 s, 8,000 after 120 s); the ceiling gets the same warm-up, for fairness.
WARMUP_S=${WARMUP_S:-120}
DURATION_S=${DURATION_S:-15}
REPEAT=${REPEAT:-3}   # measured runs of DURATION_S after the warm-up, for the ceiling and for Spool: the median is reported
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18090}
JAR="$ROOT/ingest/target/spool-ingest.jar"
[[ -f $JAR ]] || die "build first: ./mvnw -B -ntp clean package -DskipTests"
ensure_apt wrk openssl

log "1/2 naive HTTP→Kafka ceiling (limit-http-kafka.sh, REPEAT=$REPEAT)"
if [[ -n ${CEILING:-} ]]; then
  ceiling=$CEILING   # a RESULT line from an earlier run, to iterate on Spool alone (then say so in the doc)
else
  ceiling=$(REPEAT=$REPEAT WARMUP_S=$WARMUP_S DURATION_S=$DURATION_S CONNS=$CONNS THREADS=$THREADS \
    "$LIMITS_DIR/limit-http-kafka.sh" | grep '^RESULT' | tail -1)
fi
echo "$ceiling"
ceiling_rps=$(kv_get "$ceiling" rps_med)

log "2/3 Spool ingest, closed loop, signature verification on"
ensure_broker
topic="bench-spool-$$"
load_generator
# 64 signed 1 KiB webhooks, 16 of each seed format (SimplePrint unsigned, as its printers send them; the
# marketplace and the print service HMAC-SHA256; the ERP Standard Webhooks), each its own subject so records
# spread over partitions as real traffic does; wrk cycles through them.
bodies="$WORK/wrk/spool-bodies"
rm -rf "$bodies"; mkdir -p "$bodies" "$WORK/logs"
"${LOAD[@]}" bodies dir="$bodies" n=64
script="$WORK/wrk/spool-formats.lua"
cat >"$script" <<LUA
local reqs = {}
for i = 0, 63 do
  local p = io.open("$bodies/" .. i .. ".path", "r"); local path = p:read("*a"); p:close()
  local b = io.open("$bodies/" .. i .. ".body", "rb"); local body = b:read("*a"); b:close()
  local headers = {}
  for line in io.lines("$bodies/" .. i .. ".headers") do
    local k, v = line:match("^([^:]+): (.*)$")
    if k then headers[k] = v end
  end
  reqs[i + 1] = wrk.format("POST", path, headers, body)
end
local n = 0
request = function()
  n = n + 1
  return reqs[(n % 64) + 1]
end
LUA
# The collector of docker/ingest.Dockerfile unless INGEST_GC says otherwise (e.g. -XX:+UseG1GC)
# shellcheck disable=SC2086
setsid "$JAVA" "-Xms${INGEST_HEAP:-256m}" "-Xmx${INGEST_HEAP:-256m}" "${INGEST_GC:--XX:+UseParallelGC}" ${INGEST_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" \
  --spring.kafka.bootstrap-servers="$KAFKA_BOOTSTRAP" --spool.topics.events.name="$topic" --logging.level.root=warn \
  "${SOURCE_ARGS[@]}" \
  >"$WORK/logs/spool-ingest.log" 2>&1 </dev/null &
INGEST_PID=$!
CLEANUP_PIDS+=("$INGEST_PID")
CLEANUP_CMDS+=("topic_delete $topic")
wait_port "127.0.0.1:$PORT" 120 "$INGEST_PID" || { cat "$WORK/logs/spool-ingest.log" >&2; die "ingest did not start"; }
url="http://127.0.0.1:$PORT"
for i in 0 1 2 3; do   # one probe per format: every one must be accepted
  hdrs=(); while IFS= read -r h; do hdrs+=(-H "$h"); done <"$bodies/$i.headers"
  code=$(curl -s -o /dev/null -w '%{http_code}' "${hdrs[@]}" --data-binary "@$bodies/$i.body" "${url}$(cat "$bodies/$i.path")")
  [[ $code == 202 ]] || die "probe $(cat "$bodies/$i.path") answered $code"
done

wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP_S}s" --timeout 10s -s "$script" "$url" >/dev/null
# REPEAT measured runs back to back, as the ceiling's; the one with the median rate is reported (a single 15 s
# sample of this machine spread ±8 % from run to run), with the rates of all of them in rps_runs
runs=()
for ((r = 1; r <= REPEAT; r++)); do
  m0=$(machine_ticks | tr ' ' ,); o0=$(cpu_ticks $$ "$INGEST_PID" "$BROKER_PID"); s0=$(cpu_ticks "$INGEST_PID")
  out="$WORK/wrk/spool-$r.txt"
  wrk -t"$THREADS" -c"$CONNS" -d"${DURATION_S}s" --timeout 10s --latency -s "$script" "$url" >"$out"
  m1=$(machine_ticks | tr ' ' ,); o1=$(cpu_ticks $$ "$INGEST_PID" "$BROKER_PID"); s1=$(cpu_ticks "$INGEST_PID")
  runs+=("$(awk '/^Requests\/sec:/{print $2}' "$out") $r $m0 $m1 $o0 $o1 $s0 $s1")
done
read -r rps r m0 m1 o0 o1 s0 s1 < <(printf '%s\n' "${runs[@]}" | sort -g | sed -n "$(( (REPEAT + 1) / 2 ))p")
rps_runs=$(printf '%s\n' "${runs[@]}" | sort -k2,2n | awk '{printf "%s%s", (NR > 1 ? "/" : ""), $1}')
out="$WORK/wrk/spool-$r.txt"
reqs=$(awk '/requests in/{print $1}' "$out")
p50=$(to_ms "$(awk '$1=="50%"{print $2}' "$out")")
p99=$(to_ms "$(awk '$1=="99%"{print $2}' "$out")")
non2xx=$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$out"); non2xx=${non2xx:-0}
rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$INGEST_PID/status")
cpu=$(cpu_report "${m0//,/ }" "${m1//,/ }" "$o0" "$o1")
ratio=$(awk -v a="$rps" -v b="$ceiling_rps" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "NA"}')
records=$(kafka_tool org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$KAFKA_BOOTSTRAP" --topic "$topic" \
  --time -1 2>/dev/null | awk -F: '{s+=$NF} END{print s+0}')
result="RESULT bench=spool-ingest rps=$rps rps_runs=$rps_runs p50_ms=$p50 p99_ms=$p99 non2xx=$non2xx reqs=$reqs server_cpu_us_per_req=$(us_per "$((s1 - s0))" "$reqs") rss_mb=$((rss_kb / 1024)) $cpu ceiling_rps=$ceiling_rps ratio=$ratio kafka_records=$records"
echo "$result"

log "3/3 Spool ingest, open loop at 25 %, 50 % and 75 % of its maximum (4,096 distinct events in turn, ${OPEN_S:-45} s each)"
open_lines=()
for pct in 25 50 75; do
  rate=$(awk -v r="${OPEN_OF_RPS:-$rps}" -v p="$pct" 'BEGIN{printf "%d", r*p/100}')
  line=$("${LOAD[@]}" send url="$url" rate="$rate" duration_s="${OPEN_S:-45}" run="open$pct-$$" prebuild=1 engine="${OPEN_ENGINE:-nio}" slow_ms="${OPEN_SLOW_MS:-0}" max_waiting=20000 latency_warmup_s="${OPEN_LATENCY_WARMUP_S:-15}" 2>>"$WORK/logs/spool-load.log" | grep '^RESULT') \
    || line="RESULT failed=1"   # the generator's error is in $WORK/logs/spool-load.log
  line="RESULT bench=spool-ingest-open pct=$pct target_rate=$rate ${line#RESULT }"
  echo "$line"; open_lines+=("$line")
done
rss_end_mb=$(( $(awk '/VmRSS/{print $2}' "/proc/$INGEST_PID/status") / 1024 ))

OUT_DIR=${OUT_DIR:-$ROOT/docs/bench}
mkdir -p "$OUT_DIR"
{
  echo "rate,ack_p50_ms,ack_p99_ms,ack_p999_ms,pct"
  for l in "${open_lines[@]}"; do
    echo "$(kv_get "$l" target_rate),$(kv_get "$l" ack_p50_ms),$(kv_get "$l" ack_p99_ms),$(kv_get "$l" ack_p999_ms),$(kv_get "$l" pct)"
  done
} >"$OUT_DIR/ingest-latency.csv"
json_line() { tr ' ' '\n' <<<"${1#RESULT }" | awk 'index($0,"="){k=substr($0,1,index($0,"=")-1); v=substr($0,index($0,"=")+1); gsub(/"/,"",v); printf "%s\"%s\":\"%s\"", (n++?",":""), k, v}' | sed 's/^/{/; s/$/}/'; }
{
  echo "{"
  echo "  \"when\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\", \"warmup_s\": $WARMUP_S, \"duration_s\": $DURATION_S, \"conns\": $CONNS, \"threads\": $THREADS,"
  echo "  \"ceiling\": $(json_line "$ceiling"),"
  echo "  \"closed_loop\": $(json_line "$result"),"
  echo "  \"rss_mb_end\": $rss_end_mb,"
  echo "  \"open_loop\": [$(IFS=,; for l in "${open_lines[@]}"; do printf '%s\n' "$(json_line "$l")"; done | paste -sd, -)]"
  echo "}"
} >"$OUT_DIR/ingest.json"
log "wrote $OUT_DIR/ingest.json and ingest-latency.csv"
exit 0
