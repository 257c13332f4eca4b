# ENOSPC from the device under a write-through write: a dm-thin pool with
# error_if_no_space that is out of data space fails writes to unprovisioned
# blocks, while the metadata mkfs wrote stays writable.  The write must
# return the bytes that reached the device (or -1), no file size may cover
# what failed, and no user byte may land at another offset than its own:
# the XFS ENOSPC retry must not reuse an iov_iter the failed attempt
# already consumed.  Every 4 KiB block of the data is tagged with its own
# offset.  Both block sizes.
. /wt/guest-lib.sh
export DM_DISABLE_UDEV=1
META=16384	# 8 MiB of pool metadata (sectors)
DATA=262144	# 128 MiB of pool data; mkfs provisions about 65 MiB (the log)
VIRT=1048576	# a 512 MiB thin device
failed=0

ret() { # the count the last write returned, 0 for -1
	r=$(sed -n 's/^ret //p' /tmp/run.out)
	[ "${r:--1}" -gt 0 ] && echo "$r" || echo 0
}
max() { [ "$1" -gt "$2" ] && echo "$1" || echo "$2"; }

pool_up() {
	must dmsetup create wtmeta --table "0 $META linear /dev/vdc 0"
	must dmsetup create wtdata --table "0 $DATA linear /dev/vdc $META"
	must dd if=/dev/zero of=/dev/mapper/wtmeta bs=4096 count=2048 2>/dev/null
	must dmsetup create wtpool --table \
		"0 $DATA thin-pool /dev/mapper/wtmeta /dev/mapper/wtdata 128 0 1 error_if_no_space"
	must dmsetup message /dev/mapper/wtpool 0 "create_thin 0"
	must dmsetup create wtthin --table "0 $VIRT thin /dev/mapper/wtpool 0"
}
pool_down() {
	for d in wtthin wtpool wtdata wtmeta; do
		dmsetup remove $d || fail "cannot remove dm device $d"
	done
}
# A clean unmount within 120 s (a folio left locked or under writeback
# would block it).
unmount() {
	timeout 120 umount "$1" || { echo "FAIL: umount $1"; failed=$((failed + 1)); }
}
shut_down() {
	if dmesg | grep -i 'XFS.*shut.*down'; then
		fail "set-up: XFS shut down (a metadata write hit the full pool)"
	fi
}

for bs in 4096 1024; do
	pool_up
	must mkfs.xfs -q -f -K -b size=$bs /dev/mapper/wtthin
	mount_xfs /dev/mapper/wtthin /mnt/thin
	d=/mnt/thin
	# written before the pool fills: its blocks stay provisioned
	run wtfault mkfile $d/old 1m 0
	run wtfault fill $d/filler 192m
	st=$(dmsetup status wtpool)
	echo "pool: $st"
	used=$(echo "$st" | awk '{ print $6 }')
	[ "${used%/*}" = "${used#*/}" ] || fail "set-up: the pool is not full after the filler ($used)"

	# one mapping (a new file) and two mappings (the first half
	# preallocated), both on unprovisioned blocks: -1 ENOSPC expected
	run wtfault enospc "$bs-byte blocks, new file" $d/new 2m
	r_new=$(ret)
	run wtfault enospc -p 1m "$bs-byte blocks, new file, first MiB preallocated" $d/half 2m
	r_half=$(ret)
	# [0,1M) overwrites provisioned blocks, [1M,2M) extends onto
	# unprovisioned ones: the first MiB reaches the device first
	run wtfault enospc -m 1m "$bs-byte blocks, 1 MiB overwrite + 1 MiB extension" $d/old 2m
	r_old=$(ret)
	shut_down

	unmount $d
	mount_xfs /dev/mapper/wtthin $d
	run wtfault tagcheck "$bs-byte blocks, new file, after remount" $d/new $r_new $r_new
	run wtfault tagcheck "$bs-byte blocks, first MiB preallocated, after remount" \
		$d/half $r_half $r_half
	run wtfault tagcheck "$bs-byte blocks, overwrite + extension, after remount" \
		$d/old $(max 1048576 $r_old) $r_old
	shut_down
	unmount $d
	pool_down
done
[ $failed -eq 0 ] || fail "$failed check command(s) failed"
ok "device ENOSPC under write-through: counts, sizes and data in place"
