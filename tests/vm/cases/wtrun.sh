# wtrun: unmodified, dynamically linked programs with their buffered writes
# made write-through by the preloaded library, counted with the
# iomap_writethrough_begin tracepoint (one event per write-through call):
#   - xfs_io pwrite (pwrite64), 16 x 4 KiB: exactly 16 events for the file,
#     none with DSYNC, wtrun -s says converted 16; the data is on the
#     device: read from /dev/vda at the file's extents (bmap), after the
#     clean caches are dropped (no sync), it is the file's data.  The same
#     xfs_io without wtrun (the control) makes no event and its data is
#     not on the device, so the check can fail
#   - GNU dd (write(), the file position) under wtrun --dsync: 8 events,
#     every one with DSYNC in its flags, the data on the device
#   - a pipe and an O_DIRECT file (dd oflag=direct, xfs_io -d): no event,
#     converted 0, passed through as nonreg and direct
#   - a file on tmpfs: the kernel refuses the flag, the writes are made
#     without it (refused), the data is right
. /wt/guest-lib.sh
T=/sys/kernel/tracing
E=$T/events/iomap/iomap_writethrough_begin
[ -f $E/format ] || fail "no tracepoint iomap:iomap_writethrough_begin"
command -v wtrun >/dev/null || fail "no wtrun in the guest"
dd=/opt/gnu/dd
[ -x $dd ] || fail "no GNU dd ($dd) in the initramfs"
mount_xfs /dev/vda /mnt/vda

trace_start() {
	echo 0 >$T/tracing_on
	echo >$T/trace
	echo 1 >$E/enable
	echo 1 >$T/tracing_on
}
# trace_stop FILE: the file's begin events go to /tmp/ev; prints their count
trace_stop() {
	echo 0 >$T/tracing_on
	ino=$(printf '%x' "$(stat -c %i "$1")")
	grep " iomap_writethrough_begin: .* ino 0x$ino " $T/trace >/tmp/ev
	wc -l </tmp/ev
}
# stats_has COMM TEXT: wtrun's stats line for COMM (in /tmp/st) holds TEXT
stats_has() {
	grep -q "($1): .*$2" /tmp/st || fail "wtrun stats for $1 lack '$2': $(cat /tmp/st)"
}
# on_device FILE DEV: the file's bytes as read from the device under it
# (its extents from bmap, read through the block device with its clean cache
# dropped) are the bytes the file holds.  Fails for a delalloc or
# unwritten extent: the data is not on the device yet.
on_device() {
	echo 3 >/proc/sys/vm/drop_caches	# clean pages only: no sync here
	# bmap -e: delalloc extents as they are (fiemap would flush them first)
	xfs_io -r -c "bmap -e" "$1" | awk 'NR > 1' >/tmp/fm
	[ -s /tmp/fm ] || return 1
	: >/tmp/dev.bytes
	while read -r ext range blocks rest; do
		case $blocks in
		*..*) ;;
		*) echo "extent $ext: $blocks"; return 1 ;;
		esac
		s=${blocks%..*} e=${blocks#*..}
		dd if="$2" bs=512 skip="$s" count=$((e - s + 1)) 2>/dev/null >>/tmp/dev.bytes
	done </tmp/fm
	head -c "$(stat -c %s "$1")" /tmp/dev.bytes >/tmp/dev.file
	cmp -s /tmp/dev.file "$1"
}

# reference data
xfs_io -f -c "pwrite -q -S 0xab 0 64k" /tmp/ref_ab >/dev/null
head -c 65536 /dev/urandom >/tmp/ref_rand

# 1. xfs_io under wtrun: 16 pwrite calls, 16 write-through writes
f=/mnt/vda/xfsio
touch $f
trace_start
wtrun -s -- xfs_io -c "pwrite -q -S 0xab -b 4k 0 64k" $f 2>/tmp/st || fail "wtrun xfs_io failed: $(cat /tmp/st)"
n=$(trace_stop $f)
cat /tmp/st
[ "$n" -eq 16 ] || fail "xfs_io under wtrun: $n write-through writes, want 16: $(head -3 /tmp/ev)"
! grep -q "DSYNC" /tmp/ev || fail "DSYNC set without --dsync: $(head -1 /tmp/ev)"
stats_has xfs_io "converted 16 (65536 bytes), passed 0:"
cmp -s $f /tmp/ref_ab || fail "xfs_io's file differs from what it wrote"
on_device $f /dev/vda || fail "xfs_io's data is not on the device under the file: $(cat /tmp/fm)"
ok "xfs_io under wtrun: 16 pwrite calls, 16 write-through writes, data on the device"

# the control: the same without wtrun is buffered, and the check sees it
g=/mnt/vda/control
touch $g
trace_start
xfs_io -c "pwrite -q -S 0xab -b 4k 0 64k" $g
n=$(trace_stop $g)
[ "$n" -eq 0 ] || fail "xfs_io without wtrun made $n write-through writes"
if on_device $g /dev/vda; then fail "the on-device check passed a buffered write"; fi
ok "control: without wtrun no write-through write, and the data is not on the device ($(head -1 /tmp/fm))"

# 2. GNU dd (write(), file position) under wtrun --dsync: RWF_DSYNC set
f=/mnt/vda/dd
touch $f
trace_start
wtrun --dsync -s -- $dd if=/tmp/ref_rand of=$f bs=8k count=8 conv=notrunc status=none 2>/tmp/st ||
	fail "wtrun dd failed: $(cat /tmp/st)"
n=$(trace_stop $f)
cat /tmp/st
[ "$n" -eq 8 ] || fail "dd under wtrun --dsync: $n write-through writes, want 8"
[ "$(grep -c 'flags [A-Z|]*DSYNC' /tmp/ev)" -eq 8 ] || fail "RWF_DSYNC missing: $(cat /tmp/ev)"
head -1 /tmp/ev
stats_has dd "converted 8 (65536 bytes, dsync), passed 0:"
cmp -s $f /tmp/ref_rand || fail "dd's file differs from its input"
on_device $f /dev/vda || fail "dd's data is not on the device"
ok "dd under wtrun --dsync: 8 write calls, 8 write-through writes with DSYNC, data on the device"

# 3. a pipe and O_DIRECT are left alone
trace_start
wtrun -s -- $dd if=/tmp/ref_rand bs=4k count=4 status=none 2>/tmp/st | cat >/dev/null
cat /tmp/st
stats_has dd "converted 0 (0 bytes), passed 4: nonreg 4 direct 0"
f=/mnt/vda/direct
wtrun -s -- $dd if=/tmp/ref_rand of=$f bs=4k count=4 oflag=direct status=none 2>/tmp/st ||
	fail "dd oflag=direct under wtrun failed: $(cat /tmp/st)"
cat /tmp/st
stats_has dd "converted 0 (0 bytes), passed 4: nonreg 0 direct 4"
wtrun -s -- xfs_io -d -c "pwrite -q -b 4k 16k 8k" $f 2>/tmp/st || fail "xfs_io -d under wtrun failed"
cat /tmp/st
stats_has xfs_io "converted 0 (0 bytes), passed 2: nonreg 0 direct 2"
n=$(trace_stop $f)
[ "$n" -eq 0 ] || fail "O_DIRECT writes under wtrun made $n write-through writes"
head -c 16384 $f >/tmp/d1
head -c 16384 /tmp/ref_rand >/tmp/d2
cmp -s /tmp/d1 /tmp/d2 || fail "dd oflag=direct's data differs"
ok "a pipe and O_DIRECT: no write-through write, counted as passed through"

# 4. tmpfs refuses the flag: the original writes, counted as refused
wtrun -s -- xfs_io -f -c "pwrite -q -S 0xab -b 4k 0 16k" /tmp/onfs 2>/tmp/st || fail "wtrun on tmpfs failed"
cat /tmp/st
stats_has xfs_io "converted 0 (0 bytes), passed 4: nonreg 0 direct 0 refused 4"
head -c 16384 /tmp/ref_ab >/tmp/r2
cmp -s /tmp/r2 /tmp/onfs || fail "tmpfs file differs"
ok "tmpfs: refused by the kernel, written without the flag, data right"
umount /mnt/vda
