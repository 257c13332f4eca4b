# Zeroes past EOF on disk after write-through, whatever a mapping stored
# there (wtmmap eof): a thread fills the first page from the new EOF on
# with 'G' through MAP_SHARED without a pause while RWF_WRITETHROUGH writes
# (a) 100 bytes at 50 into a 100-byte file, (b) 100 bytes at 1000 (past
# EOF).  The EOF block on the device must be zero past the new EOF, and
# the file must read back exactly after drop_caches.  Both disks, through
# dm-delay holding writes 20 ms: the write first writes back the folio the
# mapping dirtied (that writeback zeroes the tail in the cache), and the
# mapping must have time to store past EOF again before the write-through
# copy.  Args: ROUNDS per write (default 20).
. /wt/guest-lib.sh
export DM_DISABLE_UDEV=1
rounds=${1:-20}
echo 0 >/proc/sys/vm/dirty_writeback_centisecs
failed=0
for d in vda vdb; do
	must dmsetup create wteof --table \
		"0 $(cat /sys/block/$d/size) delay /dev/$d 0 0 /dev/$d 0 20"
	mount_xfs /dev/mapper/wteof /mnt/$d
	for spec in "100 50 100" "100 1000 100"; do
		set -- $spec
		wtmmap eof /mnt/$d/eofg.$2 /dev/$d "$1" "$2" "$3" "$rounds"
		rc=$?
		[ $rc -ne 2 ] || fail "set-up failed (/dev/$d, $spec)"
		[ $rc -eq 0 ] || failed=$((failed + 1))
	done
	umount /mnt/$d || fail "umount /mnt/$d"
	must dmsetup remove wteof
done
[ $failed -eq 0 ] || fail "mmap data past EOF reached the disk or the reread was wrong ($failed of 4 checks)"
ok "zeroes past EOF on disk after write-through against an mmap writer (vda, vdb)"
