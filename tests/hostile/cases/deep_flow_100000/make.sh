# Writes the large input of this case into the temporary copy (see ../../run.sh).
rep() { yes "$2" | head -n "$1" | tr -d '\n'; }
{ printf 'tables: '; rep 100000 '['; rep 100000 ']'; echo; } >schema.yaml
