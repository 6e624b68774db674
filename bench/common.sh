# bench/common.sh — what bench/ingest.sh and bench/pipeline.sh share (sourced with ROOT set):
#   the limits scripts' helpers (LIMITS_DIR, default ../shared/limits: lib.sh)
#   load_generator  compiles bench/SpoolLoad.java (when changed) and sets LOAD (the command that runs it) and SOURCE_ARGS (the ingest's flags for the
#                   four seed sources, with the secrets the generator signs with)
#                   (LOAD_JAVA_OPTS: more JVM options for the generator, e.g. -Xlog:gc:file=...)

LIMITS_DIR=${LIMITS_DIR:-$ROOT/../shared/limits}
[[ -f $LIMITS_DIR/lib.sh ]] || { echo "no limits scripts at $LIMITS_DIR" >&2; exit 1; }
# shellcheck source=/dev/null
source "$LIMITS_DIR/lib.sh"

load_generator() {
  # Compiled once per change of the source, not by the source launcher at every start: that compile cost
  # ≈ 4.5 s of CPU per generator, taken from the phase it ran in (an e2e phase starts a generator of its own).
  local cp classes="$WORK/spoolload-classes"
  cp=$(http_cp)
  if [[ ! -f $classes/SpoolLoad.class || $ROOT/bench/SpoolLoad.java -nt $classes/SpoolLoad.class ]]; then
    rm -rf "$classes" && mkdir -p "$classes"
    "$(dirname "$JAVA")/javac" -nowarn -cp "$cp" -d "$classes" "$ROOT/bench/SpoolLoad.java" >&2 ||
      { echo "could not compile bench/SpoolLoad.java" >&2; exit 1; }
  fi
  # shellcheck disable=SC2206
  LOAD=("$JAVA" -Xms768m -Xmx768m -XX:+UseParallelGC -XX:-OmitStackTraceInFastThrow ${LOAD_JAVA_OPTS:-}
    -cp "$classes:$cp" SpoolLoad)
  local secrets kv marketplace="" print_service="" erp=""
  read -r -a secrets <<<"$("${LOAD[@]}" secrets)"
  for kv in "${secrets[@]}"; do
    case ${kv%%=*} in
      marketplace) marketplace=${kv#*=} ;;
      print-service) print_service=${kv#*=} ;;
      erp) erp=${kv#*=} ;;
    esac
  done
  local s=--spool.ingest.sources
  SOURCE_ARGS=(
    "$s.simpleprint.format=simpleprint" "$s.simpleprint.verification=none"
    "$s.marketplace.format=marketplace" "$s.marketplace.verification=hmac-sha256" "$s.marketplace.secret=$marketplace"
    "$s.print-service.format=print-service" "$s.print-service.verification=hmac-sha256"
    "$s.print-service.secret=$print_service" "$s.print-service.signature-header=X-Print-Service-Signature"
    "$s.print-service.signature-prefix="
    "$s.erp.format=generic" "$s.erp.verification=standard-webhooks" "$s.erp.secret=$erp"
    "$s.erp.type-pointer=/type" "$s.erp.subject-pointer=/subject"
  )
}
