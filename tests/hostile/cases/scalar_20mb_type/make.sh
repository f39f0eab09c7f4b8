# Writes the large input of this case into the temporary copy (see ../../run.sh).
{ printf 'tables:\n  t:\n    columns:\n      c: '; head -c 20000000 /dev/zero | tr '\0' x; echo; } >schema.yaml
