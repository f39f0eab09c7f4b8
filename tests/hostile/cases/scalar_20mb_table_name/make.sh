# Writes the large input of this case into the temporary copy (see ../../run.sh).
{ printf "tables:\n  '"; head -c 20000000 /dev/zero | tr '\0' n; printf "':\n    columns: { id: bigint }\n"; } >schema.yaml
