# Flag combinations and file states the selftest does not reach:
# buffered RWF_ATOMIC (EOPNOTSUPP without write-through), reflinked files
# (the documented write-back fallback must still put the data on disk and
# leave the other file alone; an atomic write goes out of place instead,
# never by the fallback) and quota.
. /wt/guest-lib.sh
mount_xfs /dev/vda /mnt/vda uquota
f=/mnt/vda/flags
WT=200 ATOMIC=40
r=$(wtcheck pwrite $f 0 4096 $ATOMIC)
[ "$r" = "errno EOPNOTSUPP" ] || fail "buffered RWF_ATOMIC without RWF_WRITETHROUGH: $r"
ok "buffered RWF_ATOMIC without write-through: $r"
r=$(wtcheck pwrite $f 0 4096 $((ATOMIC + WT)))
[ "$r" = "ret 4096" ] || fail "buffered RWF_ATOMIC|RWF_WRITETHROUGH: $r (vm.atomic has the rest)"
ok "buffered RWF_ATOMIC with write-through: $r"

# reflink: write-through into a file that shares its blocks
must wtload -m fdatasync -s 64k -n 8 -r 1 -T /mnt/vda/src
must wtcheck clone /mnt/vda/src /mnt/vda/dst
must wtload -m wt -s 64k -n 8 -r 2 /mnt/vda/dst
echo 3 >/proc/sys/vm/drop_caches
must wtload -C -s 64k -n 8 -r 2 /mnt/vda/dst
must wtload -C -s 64k -n 8 -r 1 /mnt/vda/src
ok "reflinked file: write-through data on disk, the source untouched"

# an atomic write-through to a reflinked file: out of place, not the fallback
t=/sys/kernel/tracing
[ -d $t/events ] || mount -t tracefs nodev $t 2>/dev/null
must wtcheck clone /mnt/vda/src /mnt/vda/dst2
echo >$t/trace
echo 1 >$t/events/iomap/iomap_writethrough_complete/enable
r=$(wtcheck pwrite /mnt/vda/dst2 65536 16384 $((ATOMIC + WT)))
echo 0 >$t/events/iomap/iomap_writethrough_complete/enable
[ "$r" = "ret 16384" ] || fail "atomic write-through to a reflinked file: $r"
grep -q 'iomap_writethrough_complete:.* ret 16384 .*path writethrough' $t/trace ||
	fail "atomic write-through to a reflinked file did not take the atomic path: $(grep iomap_writethrough_complete $t/trace)"
echo 3 >/proc/sys/vm/drop_caches
must wtload -C -s 64k -n 8 -r 1 /mnt/vda/src
ok "reflinked file: an atomic write-through went out of place, the source untouched"

# quota: a user over its hard limit gets EDQUOT, and nothing half-written
must xfs_quota -x -c 'limit -u bhard=1m nobody' /mnt/vda
mkdir -p /mnt/vda/q && chown nobody /mnt/vda/q
out=$(su -s /bin/sh nobody -c "wtload -m wt -s 256k -n 8 /mnt/vda/q/f" 2>&1)
echo "$out"
echo "$out" | grep -q "Disk quota exceeded" || fail "no EDQUOT over the quota"
sz=$(stat -c %s /mnt/vda/q/f)
[ "$sz" -le 1048576 ] || fail "file grew to $sz past the 1 MiB quota"
echo 3 >/proc/sys/vm/drop_caches
n=$((sz / 262144))
[ $n -eq 0 ] || must wtload -C -s 256k -n $n /mnt/vda/q/f
ok "quota: EDQUOT after $sz bytes, all of them on disk"
umount /mnt/vda
