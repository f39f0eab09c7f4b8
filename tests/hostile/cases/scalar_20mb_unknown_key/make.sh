# Writes the large input of this case into the temporary copy (see ../../run.sh).
{ printf 'name: hostile\n'; head -c 20000000 /dev/zero | tr '\0' k; printf ': 1\n'; } >module.yaml
