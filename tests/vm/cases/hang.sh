# Harness self-check: never finish; vmrun must stop it at its timeout.
while :; do sleep 1; done
