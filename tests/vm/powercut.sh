#!/usr/bin/env bash
# powercut.sh [-n CYCLES] [-m MODE] [-s SEED]: the power-cut loop.  Each
# cycle boots the guest, runs wtpowercut write (RWF_WRITETHROUGH|RWF_DSYNC
# writes of generations to 4 KiB slots, acknowledged on the console as they
# complete), kills QEMU at a seeded point while writes are in flight, boots
# again on the same disks and reads every slot back.  Every write
# acknowledged before the kill must be there (the slot holds that
# generation or a later one) and every slot must hold one whole generation.
# Cycles alternate /dev/vda (4 KiB blocks) and /dev/vdb (1 KiB blocks).
#
# MODE: aio (default; aio at QD 16), sync (pwritev2 at QD 1), mixed (aio
# and sync by turns), buffered (plain buffered writes: the control, which
# must lose acknowledged writes, or the check cannot see a loss).
# Exit 0 when every cycle passed (for buffered: when a loss was found).
set -u
here=$(cd "$(dirname "$0")" && pwd)
cycles=10 mode=aio seed=1
while getopts "n:m:s:" o; do
	case $o in
	n) cycles=$OPTARG ;; m) mode=$OPTARG ;; s) seed=$OPTARG ;;
	*) echo "powercut: usage: $0 [-n CYCLES] [-m aio|sync|mixed|buffered] [-s SEED]" >&2; exit 2 ;;
	esac
done
case $mode in aio|sync|mixed|buffered) ;; *) echo "powercut: bad mode $mode" >&2; exit 2 ;; esac
logs=${WT_BUILD:-$here/../../build}/vm-logs
mkdir -p "$logs"
disks=$(mktemp -d /tmp/wt-powercut.XXXXXX)
trap 'rm -rf "$disks"' EXIT
slots=1024
total_acked=0 total_slots=0 total_lost=0 total_torn=0 failed=0
for ((c = 1; c <= cycles; c++)); do
	dev=vda
	((c % 2 == 0)) && dev=vdb
	m=$mode
	[[ $mode == mixed ]] && { m=aio; ((c % 4 >= 2)) && m=sync; }
	qd=16
	[[ $m != aio ]] && qd=1
	s=$((seed * 1000 + c))
	l1=$logs/powercut-$mode-$c.1.log l2=$logs/powercut-$mode-$c.2.log
	if ! "$here/vmrun" -t 600 -D "$disks" -K WT-CRASH-NOW -a "$dev $slots $qd $s $m" \
		-l "$l1" powercut_write >/dev/null; then
		echo "powercut: cycle $c: the writing boot failed (log: $l1)"
		failed=1
		break
	fi
	if ! "$here/vmrun" -t 600 -D "$disks" -a "$dev $slots" -l "$l2" powercut_check >/dev/null; then
		echo "powercut: cycle $c: the checking boot failed (log: $l2)"
		failed=1
		break
	fi
	# acknowledged generation per slot (the last A line), found generation
	read -r acked nslots lost torn < <(awk '
		FNR == NR && $1 == "A" && $2 ~ /^[0-9]+$/ { if ($3 > ack[$2]) ack[$2] = $3; na++ }
		FNR != NR && $1 == "S" && $2 ~ /^[0-9]+$/ {
			n++
			if ($3 == "X") { torn++; next }
			if ($3 + 0 < ack[$2] + 0) lost++
		}
		END { printf "%d %d %d %d\n", na, n, lost, torn }' "$l1" "$l2")
	errs=$(grep -c '^E ' "$l1" || true)
	echo "powercut: cycle $c ($m, $dev): $acked writes acknowledged, $nslots slots checked," \
		"$lost acknowledged writes lost, $torn slots torn, $errs write errors"
	total_acked=$((total_acked + acked)) total_slots=$((total_slots + nslots))
	total_lost=$((total_lost + lost)) total_torn=$((total_torn + torn))
	if ((nslots != slots || errs > 0)); then
		failed=1
	fi
	rm -f "$disks"/*.img
done
echo "powercut: $mode: $cycles cycles, $total_acked writes acknowledged, $total_slots slots" \
	"checked, $total_lost acknowledged writes lost, $total_torn slots torn"
((failed)) && exit 1
if [[ $mode == buffered ]]; then
	((total_lost > 0)) && { echo "ok: the check finds acknowledged writes that were not durable"; exit 0; }
	echo "FAIL: buffered writes all survived the kill: the check cannot tell a loss"
	exit 1
fi
((total_lost == 0 && total_torn == 0)) || { echo "FAIL: acknowledged RWF_DSYNC writes lost or slots torn"; exit 1; }
echo "ok: every acknowledged write survived the power cuts"
