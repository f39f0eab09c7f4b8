# Writes the large input of this case into the temporary copy (see ../../run.sh).
{ echo 'tables:'; seq 0 99999 | sed 's/.*/  t&: { columns: { id: bigint } }/'; } >schema.yaml
