# migc tests: helpers of the command-line tests (sourced).
# Each script gets MIGC_BIN and a temporary directory $T removed at exit; fail stops the script.
set -u
: "${MIGC_BIN:?MIGC_BIN must name the migc binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/migc-cli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
OUT=$T/stdout
ERR=$T/stderr

fail() {
    echo "FAIL: $*" >&2
    echo "--- stdout:" >&2
    cat "$OUT" >&2 2>/dev/null
    echo "--- stderr:" >&2
    cat "$ERR" >&2 2>/dev/null
    exit 1
}

# run_migc CODE ARGS...: runs migc, stdout to $OUT and stderr to $ERR, and requires exit CODE.
run_migc() {
    want=$1
    shift
    "$MIGC_BIN" "$@" >"$OUT" 2>"$ERR"
    code=$?
    [ "$code" = "$want" ] || fail "migc $* exited $code, expected $want"
}

# contains FILE TEXT: FILE holds TEXT (a fixed string).
contains() {
    grep -qF -- "$2" "$1" || fail "$1 lacks: $2"
}

# contains_text FILE TEXT: FILE holds TEXT, which may span several lines (grep -F would take each
# line of TEXT as a pattern of its own).
contains_text() {
    case "$(cat "$1")" in
    *"$2"*) ;;
    *) fail "$1 lacks: $2" ;;
    esac
}

# module DIR: a small module with one table and no revisions.
module() {
    mkdir -p "$1"
    printf 'name: shop\n' >"$1/module.yaml"
    cat >"$1/schema.yaml" <<'YAML'
tables:
  items:
    columns:
      id: { type: bigint, primary_key: true }
      price: { type: "numeric(12,2)", nullable: true }
YAML
}
