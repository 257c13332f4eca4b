# The series' kselftest (tools/testing/selftests/filesystems/rwf_writethrough)
# on XFS with 4 KiB and 1 KiB blocks: flag errnos and basic behaviour.
. /wt/guest-lib.sh
command -v rwf_writethrough >/dev/null || fail "rwf_writethrough is not in this kernel build"
for d in vda vdb; do
	mount_xfs /dev/$d /mnt/$d
	echo "== rwf_writethrough on /dev/$d, $(stat -f -c %S /mnt/$d)-byte blocks"
	(cd /mnt/$d && WT_TEST_DIR=/mnt/$d rwf_writethrough) || fail "kselftest on /dev/$d"
	umount /mnt/$d
done
mkdir -p /mnt/tmpfs && mount -t tmpfs tmpfs /mnt/tmpfs
out=$(wtload -m wt -n 1 /mnt/tmpfs/f 2>&1) && fail "write-through on tmpfs succeeded"
echo "$out" | grep -q "Operation not supported" || fail "tmpfs: $out"
ok "tmpfs refuses RWF_WRITETHROUGH: $out"
