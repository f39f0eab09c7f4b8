# Writes the large input of this case into the temporary copy (see ../../run.sh).
rep() { yes "$2" | head -n "$1" | tr -d '\n'; }
mkdir -p revisions
{ printf 'revision: 0001_init\noperations: '; rep 100000 '{a: '; printf x; rep 100000 '}'; echo; } >revisions/0001_init.yaml
