#!/usr/bin/env bash
# wtbench-vm.sh: run wtbench in the VM on a kernel, and make its table and
# plots on the host.
#
#   tools/wtbench-vm.sh [-k KDIR] [-o OUTDIR] [-t SECS] [-- WTBENCH OPTIONS]
#
# Boots KDIR (default $WT_KDIR, else kernel/wtk build) with the guest case
# tests/vm/cases/bench.sh, which runs wtbench on /dev/vda (XFS, 4 KiB
# blocks) with the options given (none: the default matrix) and prints its
# NDJSON records.  On the host, OUTDIR (default ./bench-out) then holds:
#   vmrun.out     what vmrun printed (the console as it came)
#   console.log   the guest's console (wtbench's table, wtlat's stage
#                 summaries of the tools section)
#   run.ndjson    the records (wt.wtbench/1), with the series head of KDIR
#   table.txt     wtbench --from run.ndjson
#   *.svg         the plots (gnuplot), with their .gp scripts and .dat data
# The programs come from $WT_BUILD (default ./build).  Hold the VM lock
# (flock /tmp/wt/vm.lock) where several people share the machine.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
build=${WT_BUILD:-$repo/build}
kdir= out=bench-out timeout=1800
while getopts "k:o:t:h" o; do
	case $o in
	k) kdir=$OPTARG ;; o) out=$OPTARG ;; t) timeout=$OPTARG ;;
	h) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "wtbench-vm: bad option (see -h)" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[[ -n $kdir ]] || kdir=${WT_KDIR:-$("$repo/kernel/wtk" build)}
[[ -f $kdir/bzImage ]] || { echo "wtbench-vm: no bzImage in $kdir" >&2; exit 2; }
[[ -x $build/bin/wtbench ]] || { echo "wtbench-vm: no $build/bin/wtbench (build first)" >&2; exit 2; }
series=$(sed -n 's/^series_head=\([0-9a-f]*\).*/\1/p' "$kdir/info" 2>/dev/null || true)
mkdir -p "$out"
rc=0
WT_BUILD=$build "$repo/tests/vm/vmrun" -k "$kdir" -t "$timeout" -l "$out/console.log" \
	-a "${series:+series=$series }$*" bench >"$out/vmrun.out" 2>&1 || rc=$?
grep '^vmrun: ' "$out/vmrun.out" || true
tr -d '\r' <"$out/console.log" | grep -a '^{"schema":"wt.wtbench/1"' >"$out/run.ndjson" || true
if [[ ! -s $out/run.ndjson ]]; then
	echo "wtbench-vm: no wtbench records in $out/console.log" >&2
	exit 1
fi
"$build/bin/wtbench" --from "$out/run.ndjson" -o "$out" >"$out/table.txt"
cat "$out/table.txt"
exit $rc
