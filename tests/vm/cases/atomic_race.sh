# Concurrent writers against buffered atomic write-through: while an
# atomic write-through write of a 64 KiB unit runs, one thread
# keeps writing into its second page with buffered pwrite() and another
# keeps storing into its third page through a shared mapping.  Once the
# atomic write has returned, the unit read straight from the device must
# be entirely the atomic write's data (tests/wtatomic_race.c): the folios
# are locked while copied and under writeback until the I/O is done, so
# the racers wait.  Periodic writeback is off so that their data, dirty in
# the page cache after the atomic write, does not reach the disk before
# the check.  The software path (reflink XFS on vda, out of place) and the
# hardware path (reflink XFS on scsi_debug with atomic writes, rewrites of
# units whose extents the first writes left aligned).
. /wt/guest-lib.sh
echo 0 >/proc/sys/vm/dirty_writeback_centisecs
mount_xfs /dev/vda /mnt/vda
run wtatomic_race /dev/vda /mnt/vda/race 65536 200
umount /mnt/vda || fail "umount /mnt/vda"

t=/sys/kernel/tracing
[ -d $t/events ] || mount -t tracefs nodev $t 2>/dev/null
sdebug_disk
must mkfs.xfs -q -f -m reflink=1 "$sdebug_dev"
mount_xfs "$sdebug_dev" /mnt/hw
ev=$t/events/iomap/iomap_wt_bio_submit
echo >$t/trace
echo 1 >$ev/enable
run wtatomic_race "$sdebug_dev" /mnt/hw/race 65536 200
echo 0 >$ev/enable
hw=0
for b in $(sed -n 's/.*iomap_wt_bio_submit:.* len \(0x[0-9a-f]*\) opf \(0x[0-9a-f]*\).*/\1:\2/p' $t/trace); do
	[ $((${b#*:} >> 27 & 1)) -eq 1 ] && [ $((${b%:*})) -eq 65536 ] && hw=$((hw + 1))
done
echo "scsi_debug: $hw of 204 atomic writes went out as one REQ_ATOMIC bio"
if [ $hw -lt 200 ]; then
	echo "FAIL: the rounds on scsi_debug did not take the hardware path ($hw REQ_ATOMIC bios)"
	failed=$((failed + 1))
fi
umount /mnt/hw || fail "umount /mnt/hw"
[ $failed -eq 0 ] || fail "$failed check(s) failed"
ok "concurrent buffered writes and mmap stores never reach an atomic write's I/O"
