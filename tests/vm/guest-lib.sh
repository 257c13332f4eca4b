# Helpers sourced by guest test cases (busybox sh).  Their working
# variables are local: a case's own loop counter survives a call.
# Disks: /dev/vda XFS 4 KiB blocks, /dev/vdb XFS 1 KiB blocks, /dev/vdc raw.

fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; }
skip() { echo "SKIP: $*"; exit 77; }

# must CMD...: run a command, fail the case with its output if it fails.
must() {
	"$@" || fail "command failed ($?): $*"
}

# mount_xfs DEV DIR [OPTS]: mount an XFS image made by the host.
mount_xfs() {
	mkdir -p "$2"
	mount -t xfs ${3:+-o "$3"} "$1" "$2" || fail "mount $1 on $2"
}

# drop_caches FILE...: evict the page cache so reads come from disk.
drop_caches() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

# wait_for FILE TEXT: until a tool started in the background says TEXT
# (its "start" record or header), at most 60 s.
wait_for() {
	local i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 300 ] || fail "no '$2' in $1 after 60 s: $(cat "$1")"
		sleep 0.2
	done
}

# Print the kernel and series identity once per case.
echo "guest: $(uname -r) $(cat /proc/version)"

# nullb_slow NAME DELAY_MS [BLOCKSIZE]: a 512 MiB memory-backed null_blk
# device with 4 KiB (or BLOCKSIZE) logical blocks that completes every I/O
# DELAY_MS late (timer mode); its path goes to $nullb_dev.  Skips the case
# if null_blk's configfs lacks an attribute.  Not named nullb0: the
# built-in driver's boot-time device has that name.
nullb_slow() {
	local cfg=/sys/kernel/config/nullb/$1 a
	[ -d /sys/kernel/config/nullb ] || skip "no null_blk configfs (/sys/kernel/config/nullb)"
	[ -d $cfg ] && { echo 0 >$cfg/power; rmdir $cfg; }
	mkdir $cfg || fail "cannot create null_blk device $cfg"
	for a in memory_backed irqmode completion_nsec size blocksize power index; do
		[ -e $cfg/$a ] || skip "null_blk configfs has no '$a' attribute"
	done
	echo 1 >$cfg/memory_backed && echo 2 >$cfg/irqmode &&
		echo $(($2 * 1000000)) >$cfg/completion_nsec && echo 512 >$cfg/size &&
		echo ${3:-4096} >$cfg/blocksize && echo 1 >$cfg/power ||
		fail "cannot configure null_blk device $cfg"
	# named after the configfs directory or nullb<index>, by kernel version
	nullb_dev=/dev/$1
	[ -b $nullb_dev ] || nullb_dev=/dev/nullb$(cat $cfg/index)
	[ -b $nullb_dev ] || fail "no block device for $cfg ($(ls /sys/block | tr '\n' ' '))"
}

# sdebug_disk: add a scsi_debug host (tests/vm/vmrun gives the built-in
# driver its atomic-write parameters and no host) and wait for its disk;
# the path goes to $sdebug_dev.
sdebug_disk() {
	local sd=/sys/bus/pseudo/drivers/scsi_debug i
	[ -e $sd/add_host ] || fail "no scsi_debug (CONFIG_SCSI_DEBUG)"
	echo 1 >$sd/add_host || fail "cannot add a scsi_debug host"
	i=0
	while [ $i -lt 50 ] && ! ls /sys/block | grep -q '^sd'; do sleep 0.1; i=$((i + 1)); done
	sdebug_dev=/dev/$(ls /sys/block | grep '^sd' | head -n1)
	[ -b "$sdebug_dev" ] || fail "no scsi_debug disk"
	echo "scsi_debug: $sdebug_dev atomic_write_unit_max_bytes" \
		"$(cat /sys/block/${sdebug_dev#/dev/}/queue/atomic_write_unit_max_bytes)"
}

# run CMD...: show its output, keep it in /tmp/run.out; a failed check
# (exit 1) is counted in $failed, a failed set-up step (exit 2) ends the case.
failed=0
run() {
	local rc
	"$@" >/tmp/run.out 2>&1
	rc=$?
	cat /tmp/run.out
	[ $rc -ne 2 ] || fail "set-up step failed: $*"
	[ $rc -eq 0 ] || failed=$((failed + 1))
}

# Benchmark cases (tools_rate, tools_floor): bench_file PATH N makes PATH
# N x 4 KiB long, allocated and on disk, for overwrites; median FILE is
# the median of FILE's numbers (one per line); last NAME the last rate of
# /tmp/rate.NAME.
bench_file() {
	must wtload -m fdatasync -s 1m -n $(($2 * 4096 / 1048576 + 1)) -T "$1" >/dev/null
}
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
last() { tail -n 1 /tmp/rate.$1; }
