# Buffered atomic write-through (RWF_ATOMIC | RWF_WRITETHROUGH): the limits
# statx reports, the error table, writes of 4 KiB to 64 KiB (sync, RWF_DSYNC,
# aio) read back whole with O_DIRECT, on XFS with reflink (the software
# path: out of place through the COW fork, counted with the
# xfs_reflink_end_atomic_cow trace event) at 4 KiB and 1 KiB blocks; the
# hardware path on scsi_debug with atomic writes (one REQ_ATOMIC bio per
# write: one block without reflink, 16 KiB and 64 KiB into aligned extents
# with it); and EOPNOTSUPP on XFS without reflink on a device without atomic
# writes.
. /wt/guest-lib.sh
t=/sys/kernel/tracing
[ -d $t/events ] || mount -t tracefs nodev $t 2>/dev/null
ev=$t/events/xfs/xfs_reflink_end_atomic_cow
[ -d $ev ] || ev=$t/events/xfs/xfs_reflink_end_cow
for dev in vda vdb; do
	mount_xfs /dev/$dev /mnt/$dev
	run wtatomic limits /mnt/$dev/lim
	run wtatomic errors /mnt/$dev/err
	echo >$t/trace
	echo 1 >$ev/enable
	for unit in 4096 16384 65536; do
		run wtatomic write /mnt/$dev/w$unit $unit 64
		run wtatomic write -d /mnt/$dev/d$unit $unit 32
		run wtatomic write -a /mnt/$dev/a$unit $unit 32
	done
	echo 0 >$ev/enable
	n=$(grep -c 'reflink_end' $t/trace)
	if [ "$n" -gt 0 ]; then
		echo "ok: $dev: $n atomic writes went out of place (software path)"
	else
		echo "FAIL: $dev: no atomic write went through the COW fork"
		failed=$((failed + 1))
	fi
	umount /mnt/$dev || fail "umount /mnt/$dev"
done

# hardware path: scsi_debug with atomic writes (tests/vm/vmrun sets its
# parameters; no host until here), XFS without reflink so that nothing can
# go out of place: every atomic write is one REQ_ATOMIC bio (bit 27 of the
# opf in iomap_wt_bio_submit), and none of any other write is
sdebug_disk
sdev=$sdebug_dev
must mkfs.xfs -q -f -m reflink=0 "$sdev"
mount_xfs "$sdev" /mnt/hw
run wtatomic limits /mnt/hw/lim
ev=$t/events/iomap/iomap_wt_bio_submit
echo >$t/trace
echo 1 >$ev/enable
run wtatomic write /mnt/hw/w4k 4096 64
run wtatomic write -d /mnt/hw/d4k 4096 32
run wtatomic write -a /mnt/hw/a4k 4096 32
echo 0 >$ev/enable
atomic_bios=0 other_bios=0
for opf in $(sed -n 's/.*iomap_wt_bio_submit:.* opf \(0x[0-9a-f]*\).*/\1/p' $t/trace); do
	if [ $(((opf >> 27) & 1)) -eq 1 ]; then
		atomic_bios=$((atomic_bios + 1))
	else
		other_bios=$((other_bios + 1))
	fi
done
if [ $atomic_bios -eq 128 ] && [ $other_bios -eq 0 ]; then
	echo "ok: hardware path: 128 atomic writes, 128 REQ_ATOMIC bios, no other bio"
else
	echo "FAIL: hardware path: 128 atomic writes, $atomic_bios REQ_ATOMIC bios, $other_bios other bios"
	failed=$((failed + 1))
fi
umount /mnt/hw || fail "umount /mnt/hw"

# hardware path for writes of more than one block: with reflink the file
# system's limit is the software one, and XFS tries the device first when
# the range is one extent that starts on disk aligned to the write's length.
# Fallocated extents need not be; a first pass of 16 KiB and 64 KiB atomic
# writes over them goes to the device where they are and out of place where
# not, into COW extents XFS allocates aligned (to the COW extent size hint).
# A second pass over the same units must then go out as one REQ_ATOMIC bio
# of the write's length each, with no COW remap: this is the steady state
# of an application that rewrites its pages.
must mkfs.xfs -q -f -m reflink=1 "$sdev"
mount_xfs "$sdev" /mnt/hw
cow=$t/events/xfs/xfs_reflink_end_atomic_cow
[ -d $cow ] || cow=$t/events/xfs/xfs_reflink_end_cow
# hw_pass UNIT N: N atomic writes of UNIT bytes to fallocated /mnt/hw/pUNIT;
# sets a_bios (REQ_ATOMIC bios of UNIT bytes), other_bios and cows
hw_pass() {
	echo >$t/trace
	echo 1 >$ev/enable
	echo 1 >$cow/enable
	run wtatomic write -p /mnt/hw/p$1 $1 $2
	echo 0 >$ev/enable
	echo 0 >$cow/enable
	a_bios=0 other_bios=0
	for b in $(sed -n 's/.*iomap_wt_bio_submit:.* len \(0x[0-9a-f]*\) opf \(0x[0-9a-f]*\).*/\1:\2/p' $t/trace); do
		if [ $((${b#*:} >> 27 & 1)) -eq 1 ] && [ $((${b%:*})) -eq $1 ]; then
			a_bios=$((a_bios + 1))
		else
			other_bios=$((other_bios + 1))
		fi
	done
	cows=$(grep -c 'reflink_end' $t/trace)
}
for u in 16384 65536; do
	hw_pass $u 16
	echo "first pass, $u bytes x 16: $a_bios REQ_ATOMIC bios, $other_bios other bios, $cows COW remaps"
	hw_pass $u 16
	if [ $a_bios -eq 16 ] && [ $other_bios -eq 0 ] && [ $cows -eq 0 ]; then
		echo "ok: hardware path, second pass of $u bytes x 16: 16 REQ_ATOMIC bios of $u bytes, no other bio, no COW remap"
	else
		echo "FAIL: hardware path, second pass of $u bytes x 16: $a_bios REQ_ATOMIC bios of $u bytes, $other_bios other bios, $cows COW remaps"
		grep iomap_wt_bio_submit $t/trace | head -n 5
		failed=$((failed + 1))
	fi
done
umount /mnt/hw || fail "umount /mnt/hw"

# no reflink, no device support: EOPNOTSUPP
nullb_slow wtatomic 0
must mkfs.xfs -q -f -m reflink=0 "$nullb_dev"
mount_xfs "$nullb_dev" /mnt/noref
run wtatomic nosupport /mnt/noref/f
umount /mnt/noref || fail "umount /mnt/noref"
[ $failed -eq 0 ] || fail "$failed check(s) failed"
ok "atomic write-through"
