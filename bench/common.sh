# bench/common.sh — what bench/ingest.sh and bench/pipeline.sh share (sourced with ROOT set):
#   the limits scripts' helpers (LIMITS_DIR, default ../shared/limits: lib.sh)
#   load_generator  sets LOAD (the command of bench/SpoolLoad.java) and SOURCE_ARGS (the ingest's flags for the
#                   four seed sources, with the secrets the generator signs with)
#                   (LOAD_JAVA_OPTS: more JVM options for the generator, e.g. -Xlog:gc:file=...)

LIMITS_DIR=${LIMITS_DIR:-$ROOT/../shared/limits}
[[ -f $LIMITS_DIR/lib.sh ]] || { echo "no limits scripts at $LIMITS_DIR" >&2; exit 1; }
# shellcheck source=/dev/null
source "$LIMITS_DIR/lib.sh"

load_generator() {
  # shellcheck disable=SC2206
  LOAD=("$JAVA" -Xms768m -Xmx768m -XX:+UseParallelGC -XX:-OmitStackTraceInFastThrow ${LOAD_JAVA_OPTS:-} -cp "$(http_cp)"
    "$ROOT/bench/SpoolLoad.java")
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
