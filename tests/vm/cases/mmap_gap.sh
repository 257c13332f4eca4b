# An mmap store past the old EOF, into a hole of the old EOF page, made
# after a write-through write past a gap moved the size, must reach the
# disk: the write write-protects the old EOF page when it moves the size
# (pagecache_isize_extended()), so that the store faults and gets a block.
# XFS with 1 KiB blocks on a null_blk device DELAY_MS late (default 100),
# so that the first store lands while the write's I/O is in flight.
. /wt/guest-lib.sh
delay=${1:-100}
nullb_slow wtgap "$delay" 512
must mkfs.xfs -q -f -K -b size=1024 "$nullb_dev"
mount_xfs "$nullb_dev" /mnt/gap
run wtmmap gap /mnt/gap "$delay"
umount /mnt/gap || fail "umount /mnt/gap"
[ $failed -eq 0 ] || fail "$failed check(s) failed"
ok "mmap stores past the old EOF survive a write-through write past a gap"
