# An O_DIRECT read that runs past EOF must return the bytes up to EOF, even
# when XFS's speculative preallocation past EOF is still delayed allocation
# after writeback converted the blocks inside EOF.  A conversion stops short
# when free space is fragmented (one extent per call, as long as the
# allocator can give), so the preallocation beyond the converted blocks
# stays delalloc with no page over it; a direct read that maps it was
# treated as a collision with buffered I/O: EIO, a "Page cache invalidation
# failure" message, and the file's writeback error set, so that the next
# fsync of every descriptor failed too.  Found by wtfsx on 1 KiB blocks,
# whose out-of-place atomic writes fragment the free space.
#
# The free space here is made of single blocks on purpose: a file system
# on a null_blk device is filled, then every other block of 48 MiB of it is
# freed.  No reflink or rmap btree and no reserve pool: their reservations
# are free extents that the filler cannot take and the file's allocation
# would then find whole.
. /wt/guest-lib.sh
nullb_slow wtdioeof 0 512
must mkfs.xfs -q -f -K -b size=1024 -m reflink=0,rmapbt=0 "$nullb_dev"
mnt=/mnt/dioeof
mount_xfs "$nullb_dev" $mnt

must xfs_io -x -c "resblks 0" $mnt >/dev/null
avail=$(df -k $mnt | awk 'NR == 2 { print $4 }')
must xfs_io -f -c "falloc 0 $((avail - 2048))k" $mnt/filler
i=0
for sz in 64k 4k 1k; do
	while xfs_io -f -c "falloc 0 $sz" $mnt/fill$i 2>/dev/null; do i=$((i + 1)); done
	i=$((i + 1))
done
o=0
while [ $o -lt 49152 ]; do
	echo "fpunch ${o}k 1k"
	o=$((o + 2))
done | xfs_io $mnt/filler || fail "cannot punch the filler"
echo "free space: $(df -k $mnt | awk 'NR == 2 { print $4 }') KiB in single blocks"
dmesg -c >/dev/null

# The file grows past 64 KiB and then by an extending write, which reserves
# speculative preallocation past EOF; both are written back by fsync; the
# direct read starts 4 KiB-aligned inside the last extent and asks for
# 128 KiB, of which 5992 bytes are inside EOF.  All on one descriptor (the
# preallocation is trimmed at close), the direct read on a second one.
f=$mnt/file
ref=/tmp/dioeof.ref
w="-c 'pwrite -q -S 0x61 0 300000' -c fsync -c 'pwrite -q -S 0x62 300000 5000'"
eval xfs_io -f $w $ref || fail "cannot write the reference file"
eval xfs_io -f $w -c stat -c fsync -c "'open -d $f'" \
	-c "'pread -b 131072 299008 131072'" -c fsync -c "'file 0'" -c fsync $f \
	>/tmp/dioeof.out 2>&1
cat /tmp/dioeof.out

blocks=$(awk '/^stat.blocks/ { print $3; exit }' /tmp/dioeof.out)
[ "${blocks:-0}" -gt 600 ] ||
	fail "no speculative preallocation past EOF (st_blocks $blocks for 305000 bytes): the test's premise"
grep -q "^read 5992/131072 bytes at offset 299008" /tmp/dioeof.out ||
	fail "O_DIRECT read across EOF did not return the 5992 bytes up to EOF"
grep -qi "error" /tmp/dioeof.out && fail "an I/O call failed (above)"
dmesg | grep -q "collision with buffered" &&
	fail "the kernel took the read for a collision with buffered I/O: $(dmesg | grep -i collision)"
[ "$(md5sum <$f)" = "$(md5sum <$ref)" ] || fail "file content differs from the reference"
umount $mnt || fail "umount $mnt"
ok "an O_DIRECT read across EOF over delalloc preallocation returns the bytes up to EOF"
