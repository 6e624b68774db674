#!/usr/bin/env bash
# bench/ingest.sh — Spool's ingest beside the naive HTTP→Kafka ceiling of this machine, in one run.
#
# 1. measures the ceiling with ../shared/limits/limit-http-kafka.sh (a bare Reactor Netty server that hands each
#    body to a KafkaProducer, acks=all, idempotent, and answers 202 from the callback);
# 2. starts spool-ingest.jar against the same local broker and drives it with the same wrk settings, posting
#    1 KiB marketplace product events of 64 products, each signed with HMAC-SHA256 (signature verification on);
# 3. prints RESULT lines and the ratio, and appends them to docs/benchmarks.md.
#
# Needs: the jars (./mvnw -B -ntp -DskipTests package), the limits scripts (LIMITS_DIR, default ../shared/limits),
# wrk (installed from Debian's packages if missing). Knobs: WARMUP_S (120) DURATION_S (15) CONNS (64) THREADS (2)
# PORT (18090) INGEST_HEAP (512m) INGEST_JAVA_OPTS (e.g. a JFR recording: -XX:StartFlightRecording=...). Everything it starts is stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LIMITS_DIR=${LIMITS_DIR:-$ROOT/../shared/limits}
[[ -f $LIMITS_DIR/lib.sh ]] || { echo "no limits scripts at $LIMITS_DIR" >&2; exit 1; }
# shellcheck source=/dev/null
source "$LIMITS_DIR/lib.sh"

# A Spring WebFlux service on 2 cores needs about two minutes of load before C2 has compiled its hot paths
# (measured: 800 req/s after 15 s, 8,000 after 120 s); the ceiling gets the same warm-up, for fairness.
WARMUP_S=${WARMUP_S:-120}
DURATION_S=${DURATION_S:-15}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18090}
JAR="$ROOT/ingest/target/spool-ingest.jar"
[[ -f $JAR ]] || die "build first: ./mvnw -B -ntp -DskipTests package"
ensure_apt wrk openssl

log "1/2 naive HTTP→Kafka ceiling (limit-http-kafka.sh, REPEAT=1)"
if [[ -n ${CEILING:-} ]]; then
  ceiling=$CEILING   # a RESULT line from an earlier run, to iterate on Spool alone (then say so in the doc)
else
  ceiling=$(REPEAT=1 WARMUP_S=$WARMUP_S DURATION_S=$DURATION_S CONNS=$CONNS THREADS=$THREADS \
    "$LIMITS_DIR/limit-http-kafka.sh" | grep '^RESULT' | tail -1)
fi
echo "$ceiling"
ceiling_rps=$(kv_get "$ceiling" rps_med)

log "2/2 Spool ingest, signature verification on"
ensure_broker
topic="bench-spool-$$"
# 64 products, each its own 1 KiB body signed with HMAC-SHA256, so records spread over partitions as real
# traffic does; wrk cycles through them.
bodies="$WORK/wrk/spool-bodies"
mkdir -p "$bodies" "$WORK/logs"
for i in $(seq 1 64); do
  head='{"event_type":"product.updated","event_id":"bench-'$i'","timestamp":"2025-11-12T10:00:00Z","data":{"product_id":"p'$i'","title":"Bench product","image_key":"p'$i'/bench.jpg","pad":"'
  tail='"}}'
  pad=$((1024 - ${#head} - ${#tail}))
  b="$head$(head -c "$pad" /dev/zero | tr '\0' 'x')$tail"
  printf '%s' "$b" >"$bodies/$i.json"
  printf '%s' "$b" | openssl dgst -sha256 -hmac bench-secret | sed 's/^.* //' | tr -d '\n' >"$bodies/$i.sig"
done
body=$(cat "$bodies/1.json"); sig=$(cat "$bodies/1.sig")
script="$WORK/wrk/spool-market.lua"
cat >"$script" <<LUA
local bodies, sigs = {}, {}
for i = 1, 64 do
  local f = io.open("$bodies/" .. i .. ".json", "r"); bodies[i] = f:read("*a"); f:close()
  local g = io.open("$bodies/" .. i .. ".sig", "r"); sigs[i] = g:read("*a"); g:close()
end
local n = 0
request = function()
  n = n + 1
  local i = (n % 64) + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["X-Webhook-Signature"] = "sha256=" .. sigs[i]}, bodies[i])
end
LUA
# shellcheck disable=SC2086
setsid "$JAVA" "-Xms${INGEST_HEAP:-512m}" "-Xmx${INGEST_HEAP:-512m}" ${INGEST_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" \
  --spring.kafka.bootstrap-servers="$KAFKA_BOOTSTRAP" --spool.topics.events.name="$topic" \
  --spool.ingest.sources.market.format=marketplace --spool.ingest.sources.market.verification=hmac-sha256 \
  --spool.ingest.sources.market.secret=bench-secret --logging.level.root=warn \
  >"$WORK/logs/spool-ingest.log" 2>&1 </dev/null &
INGEST_PID=$!
CLEANUP_PIDS+=("$INGEST_PID")
CLEANUP_CMDS+=("topic_delete $topic")
wait_port "127.0.0.1:$PORT" 120 "$INGEST_PID" || { cat "$WORK/logs/spool-ingest.log" >&2; die "ingest did not start"; }
url="http://127.0.0.1:$PORT/api/v1/webhooks/market"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -H "X-Webhook-Signature: sha256=$sig" -d "$body" "$url")
[[ $code == 202 ]] || die "probe answered $code"

wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP_S}s" --timeout 10s -s "$script" "$url" >/dev/null
m0=$(machine_ticks); o0=$(cpu_ticks $$ "$INGEST_PID" "$BROKER_PID"); s0=$(cpu_ticks "$INGEST_PID")
out="$WORK/wrk/spool-last.txt"
wrk -t"$THREADS" -c"$CONNS" -d"${DURATION_S}s" --timeout 10s --latency -s "$script" "$url" >"$out"
m1=$(machine_ticks); o1=$(cpu_ticks $$ "$INGEST_PID" "$BROKER_PID"); s1=$(cpu_ticks "$INGEST_PID")
rps=$(awk '/^Requests\/sec:/{print $2}' "$out")
reqs=$(awk '/requests in/{print $1}' "$out")
p50=$(to_ms "$(awk '$1=="50%"{print $2}' "$out")")
p99=$(to_ms "$(awk '$1=="99%"{print $2}' "$out")")
non2xx=$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$out"); non2xx=${non2xx:-0}
rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$INGEST_PID/status")
cpu=$(cpu_report "$m0" "$m1" "$o0" "$o1")
ratio=$(awk -v a="$rps" -v b="$ceiling_rps" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "NA"}')
records=$(kafka_tool org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$KAFKA_BOOTSTRAP" --topic "$topic" \
  --time -1 2>/dev/null | awk -F: '{s+=$NF} END{print s+0}')
result="RESULT bench=spool-ingest rps=$rps p50_ms=$p50 p99_ms=$p99 non2xx=$non2xx reqs=$reqs server_cpu_us_per_req=$(us_per "$((s1 - s0))" "$reqs") rss_mb=$((rss_kb / 1024)) $cpu ceiling_rps=$ceiling_rps ratio=$ratio kafka_records=$records"
echo "$result"

doc="$ROOT/docs/benchmarks.md"
[[ ${NO_DOC:-0} == 1 ]] && exit 0
[[ -f $doc ]] || printf '# Benchmarks\n\nEvery Spool figure beside a limit measured in the same run on the same machine.\n' >"$doc"
{
  printf '\n## Ingest, %s (`bench/ingest.sh`, %s s warm-up, %s s measured, wrk %s threads / %s connections)\n\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$WARMUP_S" "$DURATION_S" "$THREADS" "$CONNS"
  printf '| | req/s | p50 ms | p99 ms | non-2xx |\n|---|---|---|---|---|\n'
  printf '| naive HTTP→Kafka ceiling | %s | %s | %s | |\n' "$ceiling_rps" "$(kv_get "$ceiling" p50_ms_med)" "$(kv_get "$ceiling" p99_ms_med)"
  printf '| Spool ingest, HMAC verified | %s | %s | %s | %s |\n\n' "$rps" "$p50" "$p99" "$non2xx"
  printf 'Ratio %s (goal ≥ 0.70). Spool ingest resident memory %s MiB at the end of the run. Raw lines:\n\n```\n%s\n%s\n```\n' \
    "$ratio" "$((rss_kb / 1024))" "$ceiling" "$result"
} >>"$doc"
log "appended to $doc"
