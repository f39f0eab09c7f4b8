# Sourced by database tests: build_migrator MODULE_DIR OUT compiles a module's generated/*.c with
# the runtime library into the executable OUT, with the same flags as the test build.
build_migrator() {
    # shellcheck disable=SC2086
    "$MIGC_CC" $MIGC_CC_FLAGS -DMIGC_MIGRATOR_MAIN -I"$MIGC_RUNTIME_INCLUDE" \
        "$1"/generated/*.c "$MIGC_RUNTIME_LIB" $MIGC_PQ_LIBS -o "$2" ||
        fail "cannot build the migrator of $1"
}

# inspect_adopt PATTERN: migc inspect of the current database ($DB_URL) into the module
# $T_DIR/adopted ($amod), nothing on stderr matching PATTERN; the test then reads
# $amod/schema.yaml and calls adopt_round_trip.
inspect_adopt() {
    amod=$T_DIR/adopted
    mkdir -p "$amod"
    printf 'name: adopted\n' >"$amod/module.yaml"
    assert_exit 0 "$MIGC_BIN" inspect --url "$DB_URL"
    cp "$OUT" "$amod/schema.yaml"
    assert_not_contains "$ERR" "$1"
}

# adopt_round_trip ORIG COPY: the baseline of the inspected module ($amod) upgrades the new empty
# database COPY to the pg_dump -s of ORIG (the database inspected), with no drift; ORIG, stamped
# head, has none either. $AM is the adopted migrator.
adopt_round_trip() {
    local orig_url=$DB_URL
    assert_exit 0 "$MIGC_BIN" diff -C "$amod" -m baseline
    AM=$T_DIR/adopted_migrator
    build_migrator "$amod" "$AM"
    db_create "$2"
    assert_exit 0 "$AM" upgrade
    assert_exit 0 "$AM" check
    assert_same_dump "$1" "$2"
    assert_exit 0 "$AM" --url "$orig_url" stamp head
    assert_exit 0 "$AM" --url "$orig_url" check
}
