# Flag combinations and file states the selftest does not reach:
# buffered RWF_ATOMIC, reflinked files (the documented write-back fallback
# must still put the data on disk and leave the other file alone) and quota.
. /wt/guest-lib.sh
mount_xfs /dev/vda /mnt/vda uquota
f=/mnt/vda/flags
WT=200 ATOMIC=40
r=$(wtcheck pwrite $f 0 4096 $((ATOMIC + WT)))
[ "$r" = "errno EOPNOTSUPP" ] || [ "$r" = "errno EINVAL" ] || fail "buffered RWF_ATOMIC|RWF_WRITETHROUGH: $r"
ok "buffered RWF_ATOMIC with write-through: $r"

# reflink: write-through into a file that shares its blocks
must wtload -m fdatasync -s 64k -n 8 -r 1 -T /mnt/vda/src
must wtcheck clone /mnt/vda/src /mnt/vda/dst
must wtload -m wt -s 64k -n 8 -r 2 /mnt/vda/dst
echo 3 >/proc/sys/vm/drop_caches
must wtload -C -s 64k -n 8 -r 2 /mnt/vda/dst
must wtload -C -s 64k -n 8 -r 1 /mnt/vda/src
ok "reflinked file: write-through data on disk, the source untouched"

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
