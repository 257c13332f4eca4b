#!/usr/bin/env bash
# powercut.sh [-n CYCLES] [-m MODE] [-s SEED]: the power-cut loop.  Each
# cycle boots the guest, runs wtpowercut write (RWF_WRITETHROUGH|RWF_DSYNC
# overwrites of generations to 4 KiB slots of one file, and every 4th
# write an extending write of a 4 KiB record to a second file, each
# acknowledged on the console as it completes), kills QEMU at a seeded
# point while writes are in flight, boots again on the same disks and
# reads everything back.  Every acknowledged overwrite must be there (the
# slot holds that generation or a later one), every slot must hold one
# whole generation, the log file must be at least as long as its last
# acknowledged record and hold records 0..that one whole, and no record
# after them may be torn (neither whole nor zero; counted with the torn
# slots).  Cycles alternate /dev/vda (4 KiB blocks) and /dev/vdb (1 KiB
# blocks).
#
# MODE: aio (aio at QD 16), uring (io_uring IORING_OP_WRITEV at QD 16),
# sync (pwritev2 at QD 1), mixed (default; aio, uring and sync by turns),
# buffered (plain buffered writes: the control, which must lose
# acknowledged overwrites and appends, or the check cannot see a loss).
# Exit 0 when every cycle passed (for buffered: when both losses were found).
set -u
here=$(cd "$(dirname "$0")" && pwd)
cycles=10 mode=mixed seed=1
while getopts "n:m:s:" o; do
	case $o in
	n) cycles=$OPTARG ;; m) mode=$OPTARG ;; s) seed=$OPTARG ;;
	*) echo "powercut: usage: $0 [-n CYCLES] [-m aio|uring|sync|mixed|buffered] [-s SEED]" >&2; exit 2 ;;
	esac
done
case $mode in aio|uring|sync|mixed|buffered) ;; *) echo "powercut: bad mode $mode" >&2; exit 2 ;; esac
logs=${WT_BUILD:-$here/../../build}/vm-logs
mkdir -p "$logs"
disks=$(mktemp -d /tmp/wt-powercut.XXXXXX)
trap 'rm -rf "$disks"' EXIT
slots=1024
total_acked=0 total_over=0 total_app=0 total_bytes=0 total_torn=0
total_lost_over=0 total_lost_app=0 failed=0
rotation=(aio uring sync)
for ((c = 1; c <= cycles; c++)); do
	dev=vda
	((c % 2 == 0)) && dev=vdb
	m=$mode
	[[ $mode == mixed ]] && m=${rotation[(c - 1) % 3]}
	qd=16
	[[ $m == sync || $m == buffered ]] && qd=1
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
	# write log: the acknowledged generation per slot (A), the highest
	# acknowledged record (L); check log: each slot (S), the log's size and
	# highest whole record (LOG), torn records after it (LOGTORN)
	read -r over app nslots lost_over lost_app short torn size < <(awk '
		BEGIN { maxl = -1; high = -2 }
		{ sub(/\r$/, "") }
		FNR == NR && $1 == "A" && $2 ~ /^[0-9]+$/ { if ($3 > ack[$2]) ack[$2] = $3; na++ }
		FNR == NR && $1 == "L" && $2 ~ /^[0-9]+$/ { if ($2 + 0 > maxl) maxl = $2 + 0; nl++ }
		FNR != NR && $1 == "S" && $2 ~ /^[0-9]+$/ {
			n++
			if ($3 == "X") { torn++; next }
			if ($3 + 0 < ack[$2] + 0) lost++
		}
		FNR != NR && $1 == "LOG" && $2 ~ /^[0-9]+$/ { size = $2; high = $3 + 0 }
		FNR != NR && $1 == "LOGTORN" && $2 ~ /^[0-9]+$/ { torn++ }
		END {
			if (high == -2) { size = -1; high = -1 }
			lapp = maxl > high ? maxl - high : 0
			short = size < (maxl + 1) * 4096 ? 1 : 0
			printf "%d %d %d %d %d %d %d %d\n", na, nl, n, lost, lapp, short, torn, size
		}' "$l1" "$l2")
	errs=$(grep -c '^E ' "$l1" || true)
	acked=$((over + app)) bytes=$(((lost_over + lost_app) * 4096))
	echo "powercut: cycle $c ($m, $dev): $acked writes acknowledged ($over overwrites," \
		"$app appends), log size $size, $bytes bytes lost, $torn slots torn, $errs write errors"
	total_acked=$((total_acked + acked)) total_over=$((total_over + over))
	total_app=$((total_app + app)) total_bytes=$((total_bytes + bytes))
	total_torn=$((total_torn + torn))
	total_lost_over=$((total_lost_over + lost_over)) total_lost_app=$((total_lost_app + lost_app))
	if ((nslots != slots || size < 0 || errs > 0 || app == 0)); then
		echo "powercut: cycle $c: $nslots of $slots slots checked, log size $size," \
			"$app appends acknowledged: the cycle did not run as meant"
		failed=1
	fi
	if [[ $mode != buffered ]] && ((bytes > 0 || torn > 0 || short)); then
		failed=1
	fi
	rm -f "$disks"/*.img
done
echo "powercut: $mode: $cycles cycles, $total_acked writes acknowledged ($total_over" \
	"overwrites, $total_app appends), $total_bytes bytes lost ($total_lost_over overwrites," \
	"$total_lost_app appends), $total_torn slots torn"
if [[ $mode == buffered ]]; then
	((failed)) && exit 1
	if ((total_lost_over > 0 && total_lost_app > 0)); then
		echo "ok: the check finds acknowledged overwrites and appends that were not durable"
		exit 0
	fi
	echo "FAIL: buffered overwrites or appends all survived the kill: the check cannot tell a loss"
	exit 1
fi
((failed == 0 && total_bytes == 0 && total_torn == 0)) ||
	{ echo "FAIL: acknowledged RWF_DSYNC writes lost, log short or slots torn"; exit 1; }
echo "ok: every acknowledged write and size survived the power cuts"
