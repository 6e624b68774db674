#!/usr/bin/env bash
# bench/pipeline.sh — the dispatcher's side of Spool beside the limits that bound it, in one run:
#
#   limits    pgbench insert ceiling (../shared/limits/limit-postgres.sh, synchronous commit) and the raw JVM
#             HTTP client → sink ceiling (limit-http-sink.sh), both on this machine minutes before Spool;
#   apply     after a warm-up of both services, APPLY_EVENTS webhooks of the four seed formats posted while the
#             dispatcher is frozen (SIGSTOP), then thawed: events applied per second until the last commit;
#   e2e       10 subscriptions (every event to every subscriber), webhooks posted open-loop at each rate of
#             E2E_RATES for E2E_S seconds: webhook due → subscriber received, p50 / p99 / p99.9 (measured by
#             the sinks from a timestamp in the body, so queueing anywhere counts);
#   isolation the ISOLATION_RATE run again with an 11th subscriber that reads the request and never answers
#             (100 events/s by default since 2026-11-25, 200 before: a rate whose deliveries the dispatcher carries
#             here with room to spare, so that what the silent subscriber costs the others shows; at a saturating
#             rate both runs measure the same backlog);
#   delivery  the sinks' receive rate while the highest rate's deliveries drain (demand far above capacity);
#   memory    resident memory of both JVMs every second and their heap after each GC, over the whole run;
#   start-up  the standalone jar (embedded Kafka and PostgreSQL, both services) from launch to both ready.
#
# Prints RESULT lines, writes $OUT_DIR/pipeline.json and the CSVs the plots are drawn from (bench/plot.sh).
# Needs fresh jars (./mvnw -B -ntp clean package -DskipTests: without clean, Boot does not repackage a jar again). Installs what it uses from Debian's packages (wrk,
# postgresql, gnuplot-nox) and resolves the generator's jars from Maven Central via the limits scripts.
# Knobs: APPLY_EVENTS (60000) E2E_RATES ("100 200 1000 5000": the issue's three and the isolation rate) E2E_S (20) WARMUP_S (90) WARMUP_RATE (200) SUBSCRIBERS (10)
# QUIESCE_S (180: the longest wait for an idle machine between e2e phases)
# ISOLATION_RATE (100) DRAIN_S (120) SKIP_LIMITS (0: measure the limits; 1: reuse PG_LIMIT / SINK_LIMIT RESULT lines given)
# SERVICE_HEAP (256m: the ingest's) DISPATCHER_HEAP (240m) MALLOC_ARENA_MAX (2, both services) OUT_DIR (docs/bench) DISPATCHER_GC (-XX:+UseSerialGC) DISPATCHER_MMAP_THRESHOLD (131072; 0: glibc's default) DISPATCHER_JAVA_OPTS (e.g. a JFR recording: -XX:StartFlightRecording=...). Everything it starts is stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"

APPLY_EVENTS=${APPLY_EVENTS:-60000}
E2E_RATES=${E2E_RATES:-"100 200 1000 5000"}
ISOLATION_RATE=${ISOLATION_RATE:-100}   # one of E2E_RATES, not the highest
E2E_S=${E2E_S:-20}
WARMUP_S=${WARMUP_S:-90}
WARMUP_RATE=${WARMUP_RATE:-200}
QUIESCE_S=${QUIESCE_S:-180}
SUBSCRIBERS=${SUBSCRIBERS:-10}
DRAIN_S=${DRAIN_S:-120}
SERVICE_HEAP=${SERVICE_HEAP:-256m}
# the dispatcher's heap: 240 MiB; 256 held it 15-20 MiB above the memory goal for no measured gain (docs/benchmarks.md,
# "Fifth round"); 224 left too little room for its live set under the 5,000 events/s backlog (100-150 MiB after a
# full collection): twice the full collections and a tenth less apply ("Sixth round")
DISPATCHER_HEAP=${DISPATCHER_HEAP:-240m}
OUT_DIR=${OUT_DIR:-$ROOT/docs/bench}
INGEST_PORT=18090 DISPATCHER_PORT=18091 SINK_CONTROL=19100 SINK_FIRST=19101 HANG_PORT=19150
PGPORT=5433 PGROOT="$WORK/pg"
TOKEN=bench-admin-token
INGEST_JAR="$ROOT/ingest/target/spool-ingest.jar"
DISPATCHER_JAR="$ROOT/dispatcher/target/spool-dispatcher.jar"
STANDALONE_JAR="$ROOT/standalone/target/spool/spool-standalone.jar"     # extracted by the build, as the README runs it
for jar in "$INGEST_JAR" "$DISPATCHER_JAR" "$STANDALONE_JAR"; do
  [[ -f $jar ]] || die "build first: ./mvnw -B -ntp clean package -DskipTests ($jar missing)"
done
ensure_apt wrk postgresql curl
mkdir -p "$OUT_DIR" "$WORK/logs" "$WORK/spool"
RUN="$WORK/spool/run-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN"
declare -A R   # every figure of the run, written to pipeline.json at the end
put() { R[$1]=$2; }

# ------------------------------------------------------------------------------------------------- limits
if [[ ${SKIP_LIMITS:-0} == 1 ]]; then
  pg_limit=${PG_LIMIT:?SKIP_LIMITS=1 needs PG_LIMIT}; sink_limit=${SINK_LIMIT:?SKIP_LIMITS=1 needs SINK_LIMIT}
else
  log "limit 1/2: PostgreSQL insert ceiling (pgbench, synchronous commit)"
  pg_limit=$(REPEAT=1 MODES=sync FSYNC_TEST=0 "$LIMITS_DIR/limit-postgres.sh" | grep '^RESULT' | tail -1)
  log "limit 2/2: raw HTTP client → sink ceiling"
  sink_limit=$(REPEAT=1 "$LIMITS_DIR/limit-http-sink.sh" | grep '^RESULT' | tail -1)
fi
echo "$pg_limit"; echo "$sink_limit"
put pg_limit_tps "$(kv_get "$pg_limit" sync_tps_med)"
put sink_limit_rps "$(kv_get "$sink_limit" jvmclient_rps_med)"

# ---------------------------------------------------------------------------------- infrastructure
PGVER=$(ls /usr/lib/postgresql | sort -n | tail -1)
PGBIN=/usr/lib/postgresql/$PGVER/bin
as_pg() { runuser -u postgres -- "$@"; }
[[ -f $PGROOT/data/PG_VERSION ]] || die "no PostgreSQL cluster at $PGROOT/data (limit-postgres.sh creates it)"
if ! as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" status >/dev/null 2>&1; then
  as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/pg.log" -w -t 60 start >/dev/null
  CLEANUP_CMDS+=("as_pg '$PGBIN/pg_ctl' -D '$PGROOT/data' -m fast -w stop")
fi
psql_pg() { as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGROOT/run" -p "$PGPORT" -U postgres "$@"; }
psql_pg -d postgres -c "DROP DATABASE IF EXISTS spool_bench" -c "CREATE DATABASE spool_bench"
sql() { psql_pg -d spool_bench -tAc "$1"; }
PG_PID=$(head -1 "$PGROOT/data/postmaster.pid")

# a fresh broker, so that the default topics start empty
"$BENCH_DIR/kafka-broker.sh" stop >/dev/null 2>&1 || true
"$BENCH_DIR/kafka-broker.sh" start --fresh >&2
CLEANUP_CMDS+=("'$BENCH_DIR/kafka-broker.sh' stop")
BROKER_PID=$(cat "$WORK/kafka.pid")

load_generator

setsid "${LOAD[@]}" sinks control=$SINK_CONTROL ports=$SINK_FIRST-$((SINK_FIRST + SUBSCRIBERS - 1)) hang=$HANG_PORT \
  >"$RUN/sinks.log" 2>&1 </dev/null &
SINKS_PID=$!; CLEANUP_PIDS+=("$SINKS_PID")
wait_port "127.0.0.1:$SINK_CONTROL" 60 "$SINKS_PID" || { cat "$RUN/sinks.log" >&2; die "sinks did not start"; }
sink_stats() { curl -sf "http://127.0.0.1:$SINK_CONTROL/stats${1:+?reset=1}"; }

# The services' memory settings as in docker/: a fixed heap and two malloc arenas (glibc's
# default of eight per core lets a JVM's resident memory grow hundreds of MiB past its heap).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# The ingest as in docker/ingest.Dockerfile: the parallel collector (docs/benchmarks.md, "Ingest, fourth round").
JVM_OPTS=(-Xms"$SERVICE_HEAP" -Xmx"$SERVICE_HEAP" -XX:+UseParallelGC)
# The dispatcher as in docker/dispatcher.Dockerfile: the serial collector (its live set is small, but under a
# backlog G1's old generation filled with objects that lived a few seconds and its collector threads took half of
# the dispatcher's CPU; the parallel one paused as long in all with two threads on two busy cores and its
# structures held ≈ 15 MiB more: docs/benchmarks.md, "Fifth round"); glibc's free memory handed back every second,
# and its blocks of 128 KiB and more mapped on their own (a fixed mmap threshold), so that freeing one returns it at
# once: ≈ 10 MiB less at the resident p90/p99 in two pairs of runs at full load, none in a third at a lighter one,
# for twice the page faults ("Sixth round"). DISPATCHER_MMAP_THRESHOLD=0 leaves glibc's dynamic threshold.
# The JDK keeps, per thread, a temporary direct buffer as large as the largest I/O it made through a heap buffer (the
# Kafka clients read and write through heap buffers), without a bound by default: past 256 KiB one is freed after
# use ("Eighth round": NMT's direct memory at load 25 → 4 MiB).
DISPATCHER_JVM_OPTS=(-Xms"$DISPATCHER_HEAP" -Xmx"$DISPATCHER_HEAP" "${DISPATCHER_GC:--XX:+UseSerialGC}" -XX:TrimNativeHeapInterval=1000
  -Djdk.nio.maxCachedBufferSize=262144)
DISPATCHER_MMAP_THRESHOLD=${DISPATCHER_MMAP_THRESHOLD:-131072}
DISPATCHER_ENV=(); ((DISPATCHER_MMAP_THRESHOLD > 0)) && DISPATCHER_ENV=(MALLOC_MMAP_THRESHOLD_="$DISPATCHER_MMAP_THRESHOLD")
setsid "$JAVA" "${JVM_OPTS[@]}" -Xlog:gc:file="$RUN/gc-ingest.log":timemillis -jar "$INGEST_JAR" \
  --server.port=$INGEST_PORT --spring.kafka.bootstrap-servers="$KAFKA_BOOTSTRAP" --logging.level.root=warn \
  "${SOURCE_ARGS[@]}" \
  >"$RUN/ingest.log" 2>&1 </dev/null &
INGEST_PID=$!; CLEANUP_PIDS+=("$INGEST_PID")
wait_port "127.0.0.1:$INGEST_PORT" 120 "$INGEST_PID" || { cat "$RUN/ingest.log" >&2; die "ingest did not start"; }

DISPATCHER_PID=""
# The apply phase freezes the dispatcher (SIGSTOP) while the backlog is posted; its Kafka session (10 s by default,
# so that a crashed dispatcher's partitions move quickly) and its requests' timeout (30 s: a request older than that
# at the thaw drops the connection to the group coordinator, and the member rejoins after its own session ends)
# must outlast the freeze, or the thaw measures a rebalance instead of apply.
start_dispatcher() {
  env "${DISPATCHER_ENV[@]}" setsid "$JAVA" "${DISPATCHER_JVM_OPTS[@]}" ${DISPATCHER_JAVA_OPTS:-} -Xlog:gc:file="$RUN/gc-dispatcher.log":timemillis -jar "$DISPATCHER_JAR" \
    --server.port=$DISPATCHER_PORT --spring.kafka.bootstrap-servers="$KAFKA_BOOTSTRAP" --logging.level.root=warn \
    --spring.r2dbc.url="r2dbc:postgresql://127.0.0.1:$PGPORT/spool_bench" --spring.r2dbc.username=postgres \
    --spring.r2dbc.password=bench --spring.flyway.url="jdbc:postgresql://127.0.0.1:$PGPORT/spool_bench" \
    --spool.admin.token=$TOKEN --spool.dispatcher.delivery.allow-private-networks=true \
    --spool.dispatcher.delivery.timeout=2s \
    --spring.kafka.consumer.properties.session.timeout.ms=60000 \
    --spring.kafka.consumer.properties.request.timeout.ms=120000 \
    >"$RUN/dispatcher.log" 2>&1 </dev/null &
  DISPATCHER_PID=$!; CLEANUP_PIDS+=("$DISPATCHER_PID")
}

# memory: resident set of both services every second (the heap after GC comes from their GC logs)
PHASE_FILE="$RUN/phase"; echo start >"$PHASE_FILE"
phase() { echo "$1" >"$PHASE_FILE"; log "phase: $1"; }
rss_mb() { awk '/VmRSS/{printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null || echo NA; }
(
  t0=$(now_ms); echo "$t0" >"$RUN/t0"
  echo "t_s,phase,ingest_rss_mb,dispatcher_rss_mb" >"$RUN/rss.csv"
  while kill -0 "$INGEST_PID" 2>/dev/null; do
    d=$(pgrep -f "spool-dispatcher.jar" | head -1 || true)
    echo "$(( ($(now_ms) - t0) / 1000 )),$(cat "$PHASE_FILE"),$(rss_mb "$INGEST_PID"),${d:+$(rss_mb "$d")}" >>"$RUN/rss.csv"
    sleep 1
  done
) &
CLEANUP_PIDS+=("$!")

send() { # send RATE SECONDS|count=N [extra SpoolLoad args] -> RESULT line of the generator
  local rate=$1 amount=$2; shift 2
  local count=""; [[ $amount == count=* ]] && count=$amount && amount=0
  "${LOAD[@]}" send url="http://127.0.0.1:$INGEST_PORT" engine=nio rate="$rate" duration_s="$amount" $count "$@" \
    2>>"$RUN/load.log" | grep '^RESULT'
}
wait_delivered() { # wait_delivered EXPECTED -> sink stats line once EXPECTED arrived or nothing moved for 20 s
  local expected=$1 last=-1 still=0 t0; t0=$(now_ms)
  while :; do
    local s; s=$(sink_stats); local got; got=$(kv_get "$s" received)
    ((got >= expected)) && break
    if ((got == last)); then ((++still >= 20)) && break; else still=0; fi
    (( ($(now_ms) - t0) / 1000 >= DRAIN_S )) && break
    last=$got; sleep 1
  done
  sink_stats
}

# CPU of each process over an interval: proc_ticks prints "name pid ticks" lines (the generator is counted in this
# shell's children; PostgreSQL one line per process, as its backends come and go, each with its own ticks only, and
# a line "pg reaped" with what the postmaster's ended children used), tick_deltas P0 P1 the ticks each name used in
# between ("name ticks": one that started meanwhile counts whole; one that ended meanwhile is in its parent's reaped
# ticks with its whole life, so what it had used before the interval is taken off again), cpu_split M0 M1 DELTAS the
# same as "cpu_<name>_pct=.." (percent of one core). Until 2026-11-25T17:10Z the postmaster's line held its reaped
# ticks too while ended backends were left out: a pool connection closed during a phase counted its whole life
# as PostgreSQL's CPU in that phase (docs/benchmarks.md, ninth round).
own_ticks() { awk '{sub(/^.*\) /,""); print $12+$13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
reaped_ticks() { awk '{sub(/^.*\) /,""); print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
proc_ticks() {
  local p
  echo "gen $$ $(cpu_ticks $$)"; echo "ingest $INGEST_PID $(cpu_ticks "$INGEST_PID")"
  [[ -n $DISPATCHER_PID ]] && echo "dispatcher $DISPATCHER_PID $(cpu_ticks "$DISPATCHER_PID")"
  echo "broker $BROKER_PID $(cpu_ticks "$BROKER_PID")"; echo "sinks $SINKS_PID $(cpu_ticks "$SINKS_PID")"
  echo "pg reaped $(reaped_ticks "$PG_PID")"
  for p in "$PG_PID" $(pgrep -P "$PG_PID" || true); do echo "pg $p $(own_ticks "$p")"; done
}
tick_deltas() {
  awk 'NR==FNR{t[$1" "$2]=$3; name[$1" "$2]=$1; next}
    {k=$1" "$2; seen[k]=1; if (!($1 in d)) order[++n]=$1; d[$1]+=$3-((k in t)?t[k]:0)}
    END{for (k in t) if (!(k in seen)) d[name[k]]-=t[k]; for (i=1; i<=n; i++) print order[i], d[order[i]]}' \
    <(echo "$1") <(echo "$2")
}
cpu_split() {
  awk -v m0="$1" -v m1="$2" -v n="$NCPU" 'BEGIN{split(m0, a, " "); split(m1, b, " "); dt=(b[1]-a[1])/n; if (dt<=0) dt=1}
    {printf "%scpu_%s_pct=%.0f", (k++?" ":""), $1, $2/dt*100}' <<<"$3"
}

# ------------------------------------------------------------------------------------------------ apply
# Both services warm up on the same traffic first (a cold JVM measures its JIT, not its code); then the
# dispatcher is frozen (SIGSTOP), APPLY_EVENTS webhooks are posted, and it is thawed: events applied per second
# from the thaw to the last commit, the backlog read from a topic as after an outage.
# Progress of the backlog is read over one psql connection held open for the phase (no process per poll), every
# 50 ms: the newest committed row's seq, confirmed by a count of the new rows once it is reached (batches may commit
# out of order). Until 2026-11-24 the harness started psql to count the whole table every 0.1 s: 40–65 ms of CPU per
# poll (a psql process, a backend, a scan of 150,000 rows), ≈ 15 % of this 2-core machine taken from the phase it
# measured.
applied() { sql "select count(*) from event_log" 2>/dev/null || echo 0; }   # the warm-up only
phase warmup-apply
start_dispatcher
warm=$(send 2000 "$((WARMUP_S / 2))" keys=5000 run=warm)
echo "$warm"
target=$(kv_get "$warm" ok)
t0=$(now_ms)
until (( $(applied) >= target )); do
  kill -0 "$DISPATCHER_PID" 2>/dev/null || { tail -50 "$RUN/dispatcher.log" >&2; die "dispatcher died"; }
  (( ($(now_ms) - t0) / 1000 > 300 )) && die "the warm-up's events were not applied"
  sleep 1
done
phase apply-prefill
kill -STOP "$DISPATCHER_PID"
prefill=$(send 6000 "count=$APPLY_EVENTS" run=apply)
echo "$prefill"
base_seq=$(sql "select coalesce(max(seq), 0) from event_log")
target=$(kv_get "$prefill" ok)
coproc PROGRESS { as_pg "$PGBIN/psql" -X -q -tA -h "$PGROOT/run" -p "$PGPORT" -U postgres -d spool_bench 2>&1; }
progress() { echo "$1;" >&"${PROGRESS[1]}"; IFS= read -r -t 30 -u "${PROGRESS[0]}" REPLY || die "psql: no answer"; }
CLEANUP_PIDS+=("$PROGRESS_PID")
progress "select 1"
# CPU of the dispatcher and of PostgreSQL's processes over the phase, per event applied
p0=$(proc_ticks); m0=$(machine_ticks)
phase apply
t_thaw=$(now_ms)
kill -CONT "$DISPATCHER_PID"
while :; do
  read -r -t 0.05 -u "${PROGRESS[0]}" && die "psql: unexpected output: $REPLY"   # the wait itself, without a process
  progress "select coalesce(max(seq), 0) - $base_seq from event_log"
  now=${EPOCHREALTIME/./}; t_done=${now:0:-3}   # after the answer: the commit it saw was earlier
  if ((REPLY >= target)); then
    progress "select count(*) from event_log where seq > $base_seq"
    ((REPLY >= target)) && break
  fi
  (( (t_done - t_thaw) / 1000 > 300 )) && die "apply did not finish: $REPLY of $target"
done
n=$REPLY
m1=$(machine_ticks); used=$(tick_deltas "$p0" "$(proc_ticks)")
echo '\q' >&"${PROGRESS[1]}"
per_event() { awk -v t="$1" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN{ if (n>0) printf "%.0f", t*1e6/hz/n; else print "NA"}'; }
ticks_of() { awk -v k="$1" '$1==k{print $2}' <<<"$used"; }
apply_cpu="dispatcher_cpu_us_per_event=$(per_event "$(ticks_of dispatcher)") pg_cpu_us_per_event=$(per_event "$(ticks_of pg)") $(cpu_report "$m0" "$m1" 0 0 | cut -d' ' -f1)"
apply_eps=$(awk -v n="$n" -v ms=$((t_done - t_thaw)) 'BEGIN{ if (ms>0) printf "%.0f", n*1000/ms; else print "NA"}')
apply_line="RESULT bench=spool-apply events=$n applied_per_s=$apply_eps pg_limit_tps=${R[pg_limit_tps]} ratio=$(awk -v a="$apply_eps" -v b="${R[pg_limit_tps]}" 'BEGIN{printf "%.2f", a/b}') ms=$((t_done - t_thaw)) $apply_cpu"
echo "$apply_line"
put apply_events "$n"; put apply_per_s "$apply_eps"
wait_port "127.0.0.1:$DISPATCHER_PORT" 120 "$DISPATCHER_PID"
until curl -sf "http://127.0.0.1:$DISPATCHER_PORT/actuator/health/readiness" >/dev/null; do sleep 0.5; done

# ---------------------------------------------------------------------------------- subscriptions
subscribe() { # subscribe URL -> id
  curl -sf -X POST "http://127.0.0.1:$DISPATCHER_PORT/api/v1/subscriptions" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "{\"url\":\"$1\",\"eventTypes\":[\"*\"],\"concurrency\":64}" |
    sed 's/.*"id":"\([^"]*\)".*/\1/'
}
for ((i = 0; i < SUBSCRIBERS; i++)); do subscribe "http://127.0.0.1:$((SINK_FIRST + i))/hook" >/dev/null; done

# ---------------------------------------------------------------------------------------------- e2e
# Deliveries still owed after a phase, marked dead so that the next phase measures itself (skipping rows the
# dispatcher holds locked: it is still running). Prints how many.
write_off() {
  sql "with o as (update deliveries set status = 'dead', error_type = 'bench_written_off' where id in (select id from deliveries where status in ('pending', 'failed') for update skip locked) returning 1) select count(*) from o"
}
# Waits until the machine is idle (under 15 % of one core busy over 2 s), at most QUIESCE_S; prints the seconds
# waited. Deliveries written off are dead rows, but their tasks are still in Kafka and in the lanes: the dispatcher
# reads and drops them, and a phase started before that ends shares the machine with it (until 2026-11-25 the
# phases began 5 s after a write-off, and on a slower machine measured the backlog before them).
quiesce() {
  local t0 a b; t0=$(now_ms)
  while (( ($(now_ms) - t0) / 1000 < QUIESCE_S )); do
    a=$(machine_ticks); sleep 2; b=$(machine_ticks)
    awk -v a="$a" -v b="$b" -v n="$NCPU" 'BEGIN{split(a, x, " "); split(b, y, " "); dt=y[1]-x[1]; if (dt<=0) dt=1;
      exit !((y[2]-x[2])/dt*100*n < 15)}' && break
  done
  echo $(( ($(now_ms) - t0) / 1000 ))
}
e2e() { # e2e NAME RATE -> sets E2E_LINE
  local name=$1 rate=$2 subs=$3
  local quiet; quiet=$(quiesce)
  sink_stats reset >/dev/null
  phase "$name"
  local m0 p0 sent; m0=$(machine_ticks); p0=$(proc_ticks)
  sent=$(send "$rate" "$E2E_S" run="$name")
  local m1 used; m1=$(machine_ticks); used=$(tick_deltas "$p0" "$(proc_ticks)")
  local cpu; cpu="$(cpu_report "$m0" "$m1" 0 "$(awk '{s+=$2} END{print s+0}' <<<"$used")") $(cpu_split "$m0" "$m1" "$used")"
  local ok; ok=$(kv_get "$sent" ok)
  local stats; stats=$(wait_delivered $((ok * subs)))
  local got first last; got=$(kv_get "$stats" received); first=$(kv_get "$stats" first_us); last=$(kv_get "$stats" last_us)
  local dps; dps=$(awk -v n="$got" -v a="$first" -v b="$last" 'BEGIN{ if (b>a) printf "%.0f", n*1e6/(b-a); else print "NA"}')
  # A phase that outran the pipeline leaves deliveries owed; they are counted and written off, so that the next
  # phase measures itself and not this one's backlog.
  local owed; owed=$(write_off)
  E2E_LINE="RESULT bench=spool-e2e run=$name quiesced_s=$quiet written_off=$owed rate=$rate subscribers=$subs sent=$(kv_get "$sent" sent) accepted=$ok non2xx=$(kv_get "$sent" non2xx) send_errors=$(kv_get "$sent" errors) ack_p50_ms=$(kv_get "$sent" ack_p50_ms) ack_p99_ms=$(kv_get "$sent" ack_p99_ms) expected_deliveries=$((ok * subs)) $stats deliveries_per_s=$dps ingest_rss_mb=$(rss_mb "$INGEST_PID") dispatcher_rss_mb=$(rss_mb "$DISPATCHER_PID") $cpu"
  echo "$E2E_LINE"
}
phase warmup-e2e
sink_stats reset >/dev/null
warm=$(send "$WARMUP_RATE" "$WARMUP_S" run=warm-e2e)
wait_delivered $(( $(kv_get "$warm" ok) * SUBSCRIBERS )) >/dev/null
write_off >/dev/null
declare -a E2E_LINES
for rate in $E2E_RATES; do
  [[ $rate == "${E2E_RATES##* }" ]] && continue   # the highest rate runs last, after the isolation run
  e2e "e2e-$rate" "$rate" "$SUBSCRIBERS"; E2E_LINES+=("$E2E_LINE")
done
hang_id=$(subscribe "http://127.0.0.1:$HANG_PORT/hook")
e2e "isolation-$ISOLATION_RATE" "$ISOLATION_RATE" "$SUBSCRIBERS"; E2E_LINES+=("$E2E_LINE")
hung=$(kv_get "$E2E_LINE" hung)
curl -sf -X DELETE "http://127.0.0.1:$DISPATCHER_PORT/api/v1/subscriptions/$hang_id" -H "Authorization: Bearer $TOKEN" >/dev/null || true
top=${E2E_RATES##* }
e2e "e2e-$top" "$top" "$SUBSCRIBERS"; E2E_LINES+=("$E2E_LINE")
delivery_line="RESULT bench=spool-delivery deliveries_per_s=$(kv_get "$E2E_LINE" deliveries_per_s) sink_limit_rps=${R[sink_limit_rps]} ratio=$(awk -v a="$(kv_get "$E2E_LINE" deliveries_per_s)" -v b="${R[sink_limit_rps]}" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "NA"}')"
echo "$delivery_line"
deliveries=$(sql "select status, count(*) from deliveries group by status order by 1" | tr '\n|' ' =')
echo "RESULT bench=spool-delivery-states $deliveries hung_requests=$hung"
phase done
ingest_peak=$(awk -F, 'NR>1 && $3+0>m{m=$3+0} END{print m+0}' "$RUN/rss.csv")
dispatcher_peak=$(awk -F, 'NR>1 && $4+0>m{m=$4+0} END{print m+0}' "$RUN/rss.csv")
stop_pid "$DISPATCHER_PID" 30 || true; stop_pid "$INGEST_PID" 30 || true; stop_pid "$SINKS_PID" 10 || true

# ---------------------------------------------------------------------------------------------- start-up
"$BENCH_DIR/kafka-broker.sh" stop >/dev/null 2>&1 || true
startup_line=$(RUNS=3 LOG_DIR="$RUN" bash "$ROOT/bench/startup.sh" | grep '^RESULT')
echo "$startup_line"

# ---------------------------------------------------------------------------------------------- files
memory_line="RESULT bench=spool-memory ingest_rss_peak_mb=$ingest_peak dispatcher_rss_peak_mb=$dispatcher_peak heap=$SERVICE_HEAP dispatcher_heap=$DISPATCHER_HEAP"
echo "$memory_line"
cp "$RUN/rss.csv" "$OUT_DIR/rss.csv"
for svc in ingest dispatcher; do   # seconds since t0, heap after GC in MiB (G1: "[<ms>ms] ... 120M->35M(256M) ...")
  { echo "t_s,heap_after_gc_mb"
    sed -n 's/^\[\([0-9]*\)ms\].*->\([0-9]*\)M(.*/\1,\2/p' "$RUN/gc-$svc.log" |
      awk -F, -v t0="$(cat "$RUN/t0")" '{printf "%.1f,%s\n", ($1-t0)/1000, $2}'; } >"$OUT_DIR/heap-$svc.csv"
done
{
  echo "rate,ack_p50_ms,ack_p99_ms,e2e_p50_ms,e2e_p99_ms,e2e_p999_ms,run"
  # the e2e runs by rate, then the isolation run: the plot draws its line through consecutive e2e rows
  rows=$(for l in "${E2E_LINES[@]}"; do
    echo "$(kv_get "$l" rate),$(kv_get "$l" ack_p50_ms),$(kv_get "$l" ack_p99_ms),$(kv_get "$l" e2e_p50_ms),$(kv_get "$l" e2e_p99_ms),$(kv_get "$l" e2e_p999_ms),$(kv_get "$l" run)"
  done)
  grep -v ',isolation-' <<<"$rows" | sort -t, -k1,1n || true
  grep ',isolation-' <<<"$rows" || true
} >"$OUT_DIR/e2e.csv"
json_line() { # RESULT k=v ... -> {"k":"v",...}
  tr ' ' '\n' <<<"${1#RESULT }" | awk -F= 'NF>=2{v=substr($0, index($0,"=")+1); gsub(/"/, "", v); printf "%s\"%s\":\"%s\"", (n++?",":""), $1, v} END{}' |
    sed 's/^/{/; s/$/}/'
}
{
  echo "{"
  echo "  \"when\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"limits\": {\"postgres\": $(json_line "$pg_limit"), \"sink\": $(json_line "$sink_limit")},"
  echo "  \"apply\": $(json_line "$apply_line"),"
  echo "  \"e2e\": ["
  for ((i = 0; i < ${#E2E_LINES[@]}; i++)); do echo "    $(json_line "${E2E_LINES[i]}")$( ((i + 1 < ${#E2E_LINES[@]})) && echo ,)"; done
  echo "  ],"
  echo "  \"delivery\": $(json_line "$delivery_line"),"
  echo "  \"memory\": $(json_line "$memory_line"),"
  echo "  \"startup\": $(json_line "$startup_line")"
  echo "}"
} >"$OUT_DIR/pipeline.json"
log "wrote $OUT_DIR/pipeline.json, e2e.csv, rss.csv, heap-*.csv (run files in $RUN)"
