# The test kernel boots, XFS mounts and does I/O on both block sizes, and
# the BTF and iomap tracepoints the tools need are present.
. /wt/guest-lib.sh

[ -s /sys/kernel/btf/vmlinux ] || fail "/sys/kernel/btf/vmlinux missing"
ok "BTF: $(wc -c </sys/kernel/btf/vmlinux) bytes"

ev=/sys/kernel/tracing/events/iomap
[ -d $ev ] || fail "no iomap tracepoints in tracefs"
for e in iomap_iter iomap_dio_rw_begin iomap_writeback_folio; do
	[ -f $ev/$e/format ] || fail "tracepoint iomap:$e missing"
done
ok "iomap tracepoints: $(ls $ev | grep -vc -e enable -e filter)"

for d in vda vdb; do
	mount_xfs /dev/$d /mnt/$d
	bs=$(stat -f -c %S /mnt/$d)
	seq 1 20000 >/mnt/$d/file
	want=$(seq 1 20000 | md5sum | cut -d' ' -f1)
	sync
	umount /mnt/$d
	mount_xfs /dev/$d /mnt/$d
	got=$(md5sum </mnt/$d/file | cut -d' ' -f1)
	[ "$got" = "$want" ] || fail "/dev/$d: read back $got, wrote $want"
	ok "/dev/$d (block size $bs): write, remount, read back"
	umount /mnt/$d
done
