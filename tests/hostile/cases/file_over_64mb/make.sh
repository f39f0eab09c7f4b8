# Writes the large input of this case into the temporary copy (see ../../run.sh).
{ printf 'tables:\n  t:\n    comment: '; head -c 70000000 /dev/zero | tr '\0' c; printf '\n    columns: { id: bigint }\n'; } >schema.yaml
