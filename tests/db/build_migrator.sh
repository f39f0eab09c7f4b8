# Sourced by database tests: build_migrator MODULE_DIR OUT compiles a module's generated/*.c with
# the runtime library into the executable OUT, with the same flags as the test build.
build_migrator() {
    # shellcheck disable=SC2086
    "$MIGC_CC" $MIGC_CC_FLAGS -DMIGC_MIGRATOR_MAIN -I"$MIGC_RUNTIME_INCLUDE" \
        "$1"/generated/*.c "$MIGC_RUNTIME_LIB" $MIGC_PQ_LIBS -o "$2" ||
        fail "cannot build the migrator of $1"
}
