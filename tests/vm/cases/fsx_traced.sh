# wtfsx with the kernel timing every write: wtlat (on the one event per
# write, iomap_writethrough_stages) and wtsnoop attached while the
# randomized integrity tester mixes write-through (sync, aio with up to 8
# in flight, RWF_DSYNC, atomic) with buffered, direct and mmap I/O,
# truncation, hole punching and fsync, on 4 KiB and 1 KiB blocks.  The
# timing's own code paths (the call moved into an asynchronous write's
# request, the device stage's busy count, the completion in the worker)
# run only while the event is enabled.  Asserted: no miscompare, no
# kernel warning (vmrun), every write counted once by both tools, aio
# and atomic writes among them, nothing missed.
#   args: OPS per block size (default 10000), SEED (default 5)
. /wt/guest-lib.sh
ops=${1:-10000}
seed=${2:-5}
for d in vda vdb; do
	mount_xfs /dev/$d /mnt/$d
	wtlat -j >/tmp/lat.json 2>/tmp/lat.err & lat=$!
	wtsnoop -j >/tmp/snoop.json 2>/tmp/snoop.err & snoop=$!
	wait_for /tmp/lat.json '"type":"start"'
	wait_for /tmp/snoop.json '"type":"start"'
	grep -q '"events":"stages"' /tmp/lat.json || fail "wtlat is not on the stages event"
	wtfsx -q -N "$ops" -S "$seed" /mnt/$d/fsx || fail "wtfsx on /dev/$d with the writes timed"
	sleep 1
	kill -INT $lat $snoop
	wait $lat || fail "wtlat exited non-zero: $(cat /tmp/lat.err)"
	wait $snoop || fail "wtsnoop exited non-zero: $(cat /tmp/snoop.err)"
	c=$(grep '"type":"end"' /tmp/lat.json | grep -o '"counters":{[^}]*}')
	echo "/dev/$d: $c"
	val() { echo "$c" | grep -o "\"$1\":[0-9]*" | cut -d: -f2; }
	w=$(val writes) a=$(val async_writes) at=$(val atomic_writes)
	[ "${w:-0}" -gt 0 ] && [ "${a:-0}" -gt 0 ] && [ "${at:-0}" -gt 0 ] ||
		fail "/dev/$d: writes $w, async $a, atomic $at: want all above 0"
	for k in orphan_events stale_writes insert_failures lost_events recursion_misses async_orphans; do
		[ "$(val $k)" = 0 ] || fail "/dev/$d: $k not 0: $c"
	done
	calls=$((w + $(val fallback) + $(val eagain)))
	got=$(grep -c '"type":"write"' /tmp/snoop.json)
	[ "$got" = "$calls" ] || fail "/dev/$d: wtsnoop printed $got writes, wtlat counted $calls calls"
	umount /mnt/$d
	ok "/dev/$d: $ops fsx operations with every write timed: $w writes ($a async, $at atomic), wtsnoop $got lines"
done
