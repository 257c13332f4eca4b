# Harness self-check: provoke a kernel WARNING; vmrun must fail the run.
. /wt/guest-lib.sh
echo WARNING >/sys/kernel/debug/provoke-crash/DIRECT
ok "provoked WARNING"
