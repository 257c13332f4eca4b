# One state of kernel/wtk triage: RUNS runs of a fixed workload (WRITES
# synchronous 4 KiB write-through overwrites of one file on a null_blk
# device DELAY_MS late), each recorded with wtlat --record; the records
# leave the guest as a tar archive written to /dev/vdc (raw), which the
# host reads from the disk image.  The file is written once before the
# runs, so that every run overwrites allocated blocks.  Every state is
# timed from the per-stage events (--stage-events), which all states of the
# series have: the kernel's one event per write comes with its last patch,
# and the two modes cost a write differently.
# Args: SERIES_HEAD RUNS WRITES DELAY_MS
. /wt/guest-lib.sh
export WT_SERIES_HEAD=${1:?series head}
runs=${2:-3} n=${3:-200} delay=${4:-2}
mkdir -p /tmp/rec
nullb_slow wttriage "$delay"
must mkfs.xfs -q -f "$nullb_dev"
mount_xfs "$nullb_dev" /mnt/triage
must wtload -m wt -s 4k -n "$n" -T /mnt/triage/f >/dev/null
r=1
while [ $r -le "$runs" ]; do
	rec=/tmp/rec/run$r.ndjson
	wtlat --stage-events --record $rec --tag "$WT_SERIES_HEAD" 1 >/dev/null 2>/tmp/lat.err & lat=$!
	wait_for $rec '"type":"start"'
	must wtload -m wt -s 4k -n "$n" /mnt/triage/f >/dev/null
	kill -INT $lat
	wait $lat || fail "wtlat failed: $(cat /tmp/lat.err)"
	grep -q '"type":"end"' $rec || fail "run $r: no end record"
	r=$((r + 1))
done
umount /mnt/triage || fail "umount /mnt/triage"
tar -cf /dev/vdc -C /tmp/rec . || fail "cannot write the records to /dev/vdc"
sync
ok "triage state $WT_SERIES_HEAD: $runs runs of $n writes recorded"
