# Writes the large input of this case into the temporary copy (see ../../run.sh).
{ printf 'extensions: ['; seq 0 999999 | sed 's/^/e/' | paste -sd, | tr -d '\n'; echo ']'; } >schema.yaml
