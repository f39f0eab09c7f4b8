# Writes the large input of this case into the temporary copy (see ../../run.sh).
mkdir -p revisions
{ printf 'revision: 0001_init\noperations:\n  - create_table:\n      name: '; head -c 20000000 /dev/zero | tr '\0' n
  printf '\n      columns: { id: bigint }\n'; } >revisions/0001_init.yaml
