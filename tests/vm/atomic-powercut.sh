#!/usr/bin/env bash
# atomic-powercut.sh [-n CYCLES] [-s SEED] [-c]: the torn-write loop for
# buffered atomic write-through.  Each cycle boots the guest, runs
# wtatomic loop (RWF_ATOMIC|RWF_WRITETHROUGH writes of alternating
# generations to the units of one file: the first half overwrites of
# written blocks, the rest fresh blocks past EOF; RWF_DSYNC every 4th),
# kills QEMU at a seeded point with writes in flight, boots again on the
# same disks and checks that every unit is entirely of one generation.
# CYCLES per unit size (16 KiB and 64 KiB; default 10), alternating
# /dev/vda (4 KiB blocks) and /dev/vdb (1 KiB blocks).  -c: the control,
# one cycle per unit size whose check first tears unit 0 on purpose; it
# passes only if the check reports the torn unit.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cycles=10 seed=1 control=0
while getopts "n:s:c" o; do
	case $o in
	n) cycles=$OPTARG ;; s) seed=$OPTARG ;; c) control=1 cycles=1 ;;
	*) echo "atomic-powercut: usage: $0 [-n CYCLES] [-s SEED] [-c]" >&2; exit 2 ;;
	esac
done
logs=${WT_BUILD:-$here/../../build}/vm-logs
mkdir -p "$logs"
disks=$(mktemp -d /tmp/wt-atomicpc.XXXXXX)
trap 'rm -rf "$disks"' EXIT
nunits=256
# the control's logs apart: ctest may run it beside the loop
name=
((control)) && name=-control
total_cycles=0 total_acked=0 total_units=0 total_written=0 total_torn=0 failed=0
for unit in 16384 65536; do
	for ((c = 1; c <= cycles; c++)); do
		dev=vda
		((c % 2 == 0)) && dev=vdb
		s=$((seed * 1000 + c + unit / 1024))
		l1=$logs/atomicpc$name-$unit-$c.1.log l2=$logs/atomicpc$name-$unit-$c.2.log
		if ! "$here/vmrun" -t 600 -D "$disks" -K WT-CRASH-NOW -a "$dev $unit $nunits $s" \
			-l "$l1" atomic_pc_write >/dev/null; then
			echo "atomic-powercut: $unit cycle $c: the writing boot failed (log: $l1)"
			failed=1
			break 2
		fi
		tear=
		((control)) && tear=tear
		if ! "$here/vmrun" -t 600 -D "$disks" -a "$dev $unit $tear" -l "$l2" \
			atomic_pc_check >/dev/null; then
			echo "atomic-powercut: $unit cycle $c: the checking boot failed (log: $l2)"
			failed=1
			break 2
		fi
		acked=$(grep -c '^acked ' "$l1" || true)
		errs=$(grep -c '^FAIL: atomic write-through' "$l1" || true)
		read -r units written torn < <(sed -n 's/\r$//; s/^units \([0-9]*\) written \([0-9]*\) torn \([0-9]*\)$/\1 \2 \3/p' "$l2" | tail -n1)
		if [[ -z ${units:-} ]]; then
			echo "atomic-powercut: $unit cycle $c: no check result (log: $l2)"
			failed=1
			break 2
		fi
		echo "atomic-powercut: $unit cycle $c ($dev): $acked writes acknowledged, $units units" \
			"checked ($written written), $torn torn, $errs write errors"
		total_cycles=$((total_cycles + 1)) total_acked=$((total_acked + acked))
		total_units=$((total_units + units)) total_written=$((total_written + written))
		total_torn=$((total_torn + torn))
		if ((control)); then
			((torn > 0)) || failed=1
		elif ((torn > 0 || errs > 0 || acked == 0 || written == 0)); then
			failed=1
		fi
		rm -f "$disks"/*.img
	done
done
echo "atomic-powercut: $total_cycles cycles, $total_acked atomic writes acknowledged," \
	"$total_units units checked ($total_written written), $total_torn torn"
if ((control)); then
	((failed == 0)) || { echo "FAIL: a unit torn on purpose was not reported: the check cannot see a tear"; exit 1; }
	echo "ok: the check reports a unit torn on purpose"
	exit 0
fi
((failed == 0)) || { echo "FAIL: torn units, write errors or a cycle that did not run"; exit 1; }
echo "ok: no atomic write-through write was torn by a power cut"
