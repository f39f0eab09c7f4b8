# Writes the large input of this case into the temporary copy (see ../../run.sh).
awk 'BEGIN { print "tables:"; s = ""; for (i = 0; i < 2000; i++) { s = s " "; print s "k" i ":" } }' >schema.yaml
