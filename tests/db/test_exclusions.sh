#!/usr/bin/env bash
# Exclusion constraints (issue #11, SPEC §3.1): created with the table or added to it, changed
# (dropped and added again, the downgrade restoring them), a column rename followed into their
# elements and predicate, a drift line when one is dropped or changed by hand, and an inspect
# round trip with equal pg_dump -s. Their comments (SPEC §3.1): set with the constraint, changed
# by set_comment { table, constraint, comment } and restored by the downgrade, checked, inspected.
# Only operator classes of PostgreSQL itself: gist on ranges, btree for =.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_exclusions

mod=$T_DIR/excl
mkdir -p "$mod"
printf 'name: excl\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  booking:
    columns:
      id: bigint
      room: integer
      during: tstzrange
      cancelled: { type: boolean, default: "false" }
    primary_key: [id]
    exclusions:
      booking_no_overlap: { using: gist, elements: ["during WITH &&"], where: "NOT cancelled" }
      booking_one_room: { using: btree, elements: ["room WITH ="], deferrable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Bookings"
rev1=$(ls "$mod"/revisions/0001_*.yaml)
assert_contains "$rev1" 'booking_no_overlap: { using: gist, elements: ["during WITH &&"], where: NOT cancelled }'
assert_contains "$rev1" 'booking_one_room: { using: btree, elements: ["room WITH ="], deferrable: true }'
build_migrator "$mod" "$T_DIR/excl_migrator"
M=$T_DIR/excl_migrator
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
# The constraint holds: an overlapping booking is refused, a cancelled one is not checked.
psql_q "INSERT INTO booking VALUES (1, 1, '[2026-01-01,2026-01-03)', false)"
assert_exit 1 psql -XAtq -v ON_ERROR_STOP=1 -c "INSERT INTO booking VALUES (2, 2, '[2026-01-02,2026-01-04)', false)"
assert_contains "$ERR" "booking_no_overlap"
psql_q "INSERT INTO booking VALUES (2, 2, '[2026-01-02,2026-01-04)', true)"
assert_eq "$(psql_q "SELECT condeferrable FROM pg_constraint WHERE conname = 'booking_one_room'")" "t" "deferrable"

# 1. Changed: a column rename is followed into the elements and the predicate (no drop and
#    add); the predicate of one changes and the deferral of the other (each dropped and added
#    again); a third is added and later dropped.
cat >"$mod/schema.yaml" <<'YAML'
tables:
  booking:
    columns:
      id: bigint
      room: integer
      period: { type: tstzrange, renamed_from: during }
      cancelled: { type: boolean, default: "false" }
    primary_key: [id]
    exclusions:
      booking_no_overlap: { using: gist, elements: ["period WITH &&"], where: "NOT cancelled AND room > 0" }
      booking_one_room: { using: btree, elements: ["room WITH ="], deferrable: true, initially_deferred: true }
      booking_ids: { elements: ["id WITH ="] }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Rooms"
rev2=$(ls "$mod"/revisions/0002_*.yaml)
assert_contains "$rev2" "rename_column: { table: booking, from: during, to: period }"
assert_contains "$rev2" "drop_exclusion: { table: booking, name: booking_no_overlap }"
assert_contains "$rev2" 'add_exclusion: { table: booking, name: booking_no_overlap, using: gist, elements: ["period WITH &&"], where: "NOT cancelled AND room > 0" }'
assert_contains "$rev2" "drop_exclusion: { table: booking, name: booking_one_room }"
assert_contains "$rev2" "add_exclusion: { table: booking, name: booking_ids, using: btree"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'booking_no_overlap'")" \
    "EXCLUDE USING gist (period WITH &&) WHERE (((NOT cancelled) AND (room > 0)))" "changed predicate"
assert_eq "$(psql_q "SELECT condeferred FROM pg_constraint WHERE conname = 'booking_one_room'")" "t" "deferral changed"
assert_exit 0 "$M" downgrade 0001
assert_eq "$(psql_q "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'booking_no_overlap'")" \
    "EXCLUDE USING gist (during WITH &&) WHERE ((NOT cancelled))" "downgrade restores the definition"
assert_eq "$(psql_q "SELECT count(*) FROM pg_constraint WHERE conname = 'booking_ids'")" "0" "downgrade drops the added one"
assert_eq "$(psql_q "SELECT condeferred FROM pg_constraint WHERE conname = 'booking_one_room'")" "f" "downgrade restores the deferral"
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check

# 1b. A rename of a column only named in an exclusion constraint's element: replay follows it, so
#     the next diff is "no changes" and the expected schema has the new name (check is clean).
sed -i 's/      room: integer/      room_no: { type: integer, renamed_from: room }/; s/room WITH =/room_no WITH =/; s/room > 0/room_no > 0/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Room numbers"
rev3=$(ls "$mod"/revisions/0003_*.yaml)
assert_contains "$rev3" "rename_column: { table: booking, from: room, to: room_no }"
assert_not_contains "$rev3" "exclusion"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Nothing"
assert_contains "$OUT" "no changes"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_exit 0 "$MIGC" check -C "$mod"

# 1c. Dropped: the downgrade builds it again from the replayed definition.
sed -i '/booking_ids/d' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "No id exclusion"
rev4=$(ls "$mod"/revisions/0004_*.yaml)
assert_contains "$rev4" "drop_exclusion: { table: booking, name: booking_ids }"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1
assert_eq "$(psql_q "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'booking_ids'")" \
    "EXCLUDE USING btree (id WITH =)" "downgrade rebuilds the dropped one"
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade

# 1d. A revision that changes only the deferral of one has an expected schema of its own.
sed -i 's/elements: \["room_no WITH ="\], deferrable: true, initially_deferred: true }/elements: ["room_no WITH ="], deferrable: true }/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Rooms checked at once"
rev5=$(ls "$mod"/revisions/0005_*.yaml)
assert_contains "$rev5" "add_exclusion: { table: booking, name: booking_one_room, using: btree, elements: [\"room_no WITH =\"], deferrable: true }"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q "SELECT condeferred FROM pg_constraint WHERE conname = 'booking_one_room'")" "f" "deferral alone changed"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade

# 1e. A table renamed, its "<old>_..." exclusion constraint renamed with it (not rebuilt).
cat >"$mod/schema.yaml" <<'YAML'
tables:
  booking:
    columns:
      id: bigint
      room_no: integer
      period: tstzrange
      cancelled: { type: boolean, default: "false" }
    primary_key: [id]
    exclusions:
      booking_no_overlap: { using: gist, elements: ["period WITH &&"], where: "NOT cancelled AND room_no > 0" }
      booking_one_room: { using: btree, elements: ["room_no WITH ="], deferrable: true }
  pens:
    columns:
      id: bigint
      at: tstzrange
    exclusions:
      pens_at_excl: { using: gist, elements: ["at WITH &&"] }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Pens"
sed -i 's/^  pens:/  pen_slots:\n    renamed_from: pens/; s/pens_at_excl/pen_slots_at_excl/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Pen slots"
rev7=$(ls "$mod"/revisions/0007_*.yaml)
assert_contains "$rev7" "rename_constraint: { table: pen_slots, from: pens_at_excl, to: pen_slots_at_excl }"
assert_not_contains "$rev7" "exclusion"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'pen_slots_at_excl'")" \
    "EXCLUDE USING gist (at WITH &&)" "renamed with its table"
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade

# 2. A drift line for each exclusion constraint dropped, changed or added by hand.
psql_q "ALTER TABLE booking DROP CONSTRAINT booking_one_room"
psql_q "ALTER TABLE booking DROP CONSTRAINT booking_no_overlap; ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (period WITH &&) WHERE (NOT cancelled)"
psql_q "ALTER TABLE booking ADD CONSTRAINT booking_extra EXCLUDE USING btree (id WITH =)"
assert_exit 1 "$M" check
assert_contains "$OUT" "exclusion constraint booking.booking_one_room: missing"
assert_contains "$OUT" "exclusion constraint booking.booking_no_overlap: definition is EXCLUDE USING gist (period WITH &&) WHERE ((NOT cancelled)), expected"
assert_contains "$OUT" "exclusion constraint booking.booking_extra: unexpected"
psql_q "ALTER TABLE booking DROP CONSTRAINT booking_extra; ALTER TABLE booking ADD CONSTRAINT booking_one_room EXCLUDE USING btree (room_no WITH =)"
psql_q "ALTER TABLE booking DROP CONSTRAINT booking_no_overlap; ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (period WITH &&) WHERE (NOT cancelled AND room_no > 0)"
assert_exit 1 "$M" check
assert_contains "$OUT" "exclusion constraint booking.booking_one_room: not deferrable, expected deferrable"
assert_not_contains "$OUT" "booking_no_overlap"

# 3. An enum value removed under an exclusion constraint whose predicate names the type: the
#    rebuild of the type drops it and adds it again around the conversion, both ways. Two of
#    the same definition are both created (found by the evolution fuzzer).
db_create migc_excl_enum
emod=$T_DIR/excl_enum
mkdir -p "$emod"
printf 'name: excl_enum\n' >"$emod/module.yaml"
cat >"$emod/schema.yaml" <<'YAML'
enums:
  kind: [open, shut, gone]
tables:
  doors:
    columns:
      id: bigint
      kind: kind
    exclusions:
      doors_live: { elements: ["id WITH ="], where: "kind <> 'gone'", comment: "Live doors" }
      doors_twin: { elements: ["id WITH ="], where: "kind <> 'gone'" }
YAML
assert_exit 0 "$MIGC" diff -C "$emod" -m "Doors"
sed -i 's/kind: \[open, shut, gone\]/kind: [open, gone]/' "$emod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$emod" -m "No shut doors" --allow-destructive
assert_contains "$(ls "$emod"/revisions/0002_*.yaml)" "remove_enum_value: { enum: kind, value: shut }"
EM=$T_DIR/excl_enum_migrator
build_migrator "$emod" "$EM"
assert_exit 0 "$EM" upgrade 0001
# Two of the same definition: CREATE TABLE would keep one of them, ALTER TABLE keeps both.
assert_exit 0 "$EM" check
assert_eq "$(psql_q "SELECT count(*) FROM pg_constraint WHERE contype = 'x' AND conrelid = 'doors'::regclass")" "2" "twins kept"
psql_q "INSERT INTO doors VALUES (1, 'open'), (2, 'gone')"
assert_exit 0 "$EM" upgrade
assert_exit 0 "$EM" check
assert_eq "$(psql_q "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'doors_live'")" \
    "EXCLUDE USING btree (id WITH =) WHERE ((kind <> 'gone'::kind))" "rebuilt with the type"
assert_eq "$(psql_q "SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE conname = 'doors_live'")" \
    "Live doors" "rebuilt with its comment"
assert_exit 0 "$EM" downgrade 0001
assert_exit 0 "$EM" check
assert_eq "$(psql_q "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'doors_live'")" \
    "EXCLUDE USING btree (id WITH =) WHERE ((kind <> 'gone'::kind))" "rebuilt on the way down"
assert_exit 0 "$EM" upgrade
assert_exit 0 "$EM" check

# 4. Inspect round trip: every part of an exclusion constraint written, none noted as not managed.
db_create migc_excl_orig
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the original database"
CREATE TABLE stays (
    id integer PRIMARY KEY,
    guest text,
    span int4range,
    at tstzrange,
    gone boolean NOT NULL DEFAULT false,
    CONSTRAINT stays_span EXCLUDE USING gist (span WITH &&, at WITH &&) WHERE (NOT gone),
    CONSTRAINT stays_guest EXCLUDE USING btree (lower(guest) WITH =) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT "stays, odd" EXCLUDE USING hash (guest WITH =)
);
COMMENT ON CONSTRAINT stays_span ON stays IS 'One stay at a time';
COMMENT ON CONSTRAINT "stays, odd" ON stays IS 'Guests, by ''name''';
SQL
inspect_adopt "not managed"
assert_contains "$amod/schema.yaml" 'stays_span: { using: gist, elements: ["span WITH &&", "at WITH &&"], where: NOT gone, comment: One stay at a time }'
assert_contains "$amod/schema.yaml" "comment: \"Guests, by 'name'\" }"
assert_contains "$amod/schema.yaml" 'stays_guest: { using: btree, elements: ["lower(guest) WITH ="], deferrable: true, initially_deferred: true }'
adopt_round_trip migc_excl_orig migc_excl_copy
assert_exit 0 "$MIGC" diff -C "$amod" -m again
assert_contains "$OUT" "no changes"

# 5. Comments: set with the table and with add_exclusion, changed and removed by set_comment
#    (reversed by the downgrade), restored with a dropped constraint on the way down, a drift
#    line when changed by hand.
db_create migc_excl_comment
cmod=$T_DIR/excl_comment
mkdir -p "$cmod"
printf 'name: excl_comment\n' >"$cmod/module.yaml"
write_slots() { # $1 slots_at's, $2 slots_id's comment key ("" for none), $3 another exclusion
    cat >"$cmod/schema.yaml" <<YAML
tables:
  slots:
    columns:
      id: bigint
      at: tstzrange
    exclusions:
      slots_at: { using: gist, elements: ["at WITH &&"]$1 }
      slots_id: { elements: ["id WITH ="]$2 }
${3:-}
YAML
}
ccomment() { # $1: constraint name
    psql_q "SELECT coalesce(obj_description(oid, 'pg_constraint'), '-') FROM pg_constraint WHERE conname = '$1'"
}
write_slots ', comment: "No overlap"' ''
assert_exit 0 "$MIGC" diff -C "$cmod" -m "Slots"
crev1=$(ls "$cmod"/revisions/0001_*.yaml)
assert_contains "$crev1" 'slots_at: { using: gist, elements: ["at WITH &&"], comment: No overlap }'
CM=$T_DIR/excl_comment_migrator
build_migrator "$cmod" "$CM"
assert_exit 0 "$CM" upgrade
assert_exit 0 "$CM" check
assert_eq "$(ccomment slots_at)" "No overlap" "comment set with create_table"
assert_eq "$(ccomment slots_id)" "-" "no comment where none is given"
# Changed and added: set_comment, no drop and add.
write_slots ', comment: "Never two at once"' ', comment: "One per id"'
assert_exit 0 "$MIGC" diff -C "$cmod" -m "Comments"
crev2=$(ls "$cmod"/revisions/0002_*.yaml)
assert_contains "$crev2" "set_comment: { table: slots, constraint: slots_at, comment: Never two at once }"
assert_contains "$crev2" "set_comment: { table: slots, constraint: slots_id, comment: One per id }"
assert_not_contains "$crev2" "exclusion"
assert_exit 0 "$MIGC" diff -C "$cmod" -m "Nothing"
assert_contains "$OUT" "no changes"
build_migrator "$cmod" "$CM"
assert_exit 0 "$CM" upgrade
assert_exit 0 "$CM" check
assert_eq "$(ccomment slots_at)" "Never two at once" "comment changed"
assert_eq "$(ccomment slots_id)" "One per id" "comment added"
assert_exit 0 "$CM" downgrade -1
assert_eq "$(ccomment slots_at)" "No overlap" "downgrade restores the comment"
assert_eq "$(ccomment slots_id)" "-" "downgrade removes the added comment"
assert_exit 0 "$CM" check
assert_exit 0 "$CM" upgrade
# Removed by set_comment null; a new one added with its comment by add_exclusion.
write_slots '' ', comment: "One per id"' '      slots_at_id: { elements: ["id WITH =", "at WITH ="], comment: "Pairs" }'
assert_exit 0 "$MIGC" diff -C "$cmod" -m "Pairs"
crev3=$(ls "$cmod"/revisions/0003_*.yaml)
assert_contains "$crev3" "set_comment: { table: slots, constraint: slots_at, comment: null }"
assert_contains "$crev3" 'add_exclusion: { table: slots, name: slots_at_id, using: btree, elements: ["id WITH =", "at WITH ="], comment: Pairs }'
build_migrator "$cmod" "$CM"
assert_exit 0 "$CM" upgrade
assert_exit 0 "$CM" check
assert_eq "$(ccomment slots_at)" "-" "comment removed"
assert_eq "$(ccomment slots_at_id)" "Pairs" "comment set with add_exclusion"
# Dropped: the downgrade adds it again with its comment.
write_slots '' ''
assert_exit 0 "$MIGC" diff -C "$cmod" -m "No slots_id comment, no pairs"
crev4=$(ls "$cmod"/revisions/0004_*.yaml)
assert_contains "$crev4" "drop_exclusion: { table: slots, name: slots_at_id }"
assert_contains "$crev4" "set_comment: { table: slots, constraint: slots_id, comment: null }"
build_migrator "$cmod" "$CM"
assert_exit 0 "$CM" upgrade
assert_exit 0 "$CM" check
assert_eq "$(ccomment slots_id)" "-" "comment removed with the drop"
assert_exit 0 "$CM" downgrade -1
assert_eq "$(ccomment slots_at_id)" "Pairs" "downgrade restores the dropped one with its comment"
assert_eq "$(ccomment slots_id)" "One per id" "downgrade restores the removed comment"
assert_exit 0 "$CM" check
# Drift: a comment changed, added or removed by hand.
psql_q "COMMENT ON CONSTRAINT slots_at_id ON slots IS 'by hand'; COMMENT ON CONSTRAINT slots_at ON slots IS 'added'; COMMENT ON CONSTRAINT slots_id ON slots IS NULL"
assert_exit 1 "$CM" check
assert_contains "$OUT" "exclusion constraint slots.slots_at_id: comment is by hand, expected Pairs"
assert_contains "$OUT" "exclusion constraint slots.slots_at: comment is added, expected none"
assert_contains "$OUT" "exclusion constraint slots.slots_id: comment is none, expected One per id"
psql_q "COMMENT ON CONSTRAINT slots_at_id ON slots IS 'Pairs'; COMMENT ON CONSTRAINT slots_at ON slots IS NULL; COMMENT ON CONSTRAINT slots_id ON slots IS 'One per id'"
assert_exit 0 "$CM" check
assert_exit 0 "$CM" upgrade
assert_exit 0 "$CM" check
finish
