# Write-through, buffered, mmap writers and a truncater on one file at once.
# Every byte left must be one some writer wrote (or zero): free space is
# first filled with 0x53 so stale blocks would show.  Then O_APPEND
# write-through writers at once: every record lands once (wtprobe append).
. /wt/guest-lib.sh
for d in vda vdb; do
	mount_xfs /dev/$d /mnt/$d
	dd if=/dev/zero bs=1M count=200 2>/dev/null | tr '\000' 'S' >/mnt/$d/canary
	sync
	rm /mnt/$d/canary
	sync
	f=/mnt/$d/shared
	truncate -s 4M $f
	wtload -m wt -t 2 -P rand -S 4m -s 16k -n 400 -r 3 -F 65 $f >/tmp/w1 2>&1 & p1=$!
	wtload -m wt -P rand -S 4m -s 3000 -n 400 -r 4 -F 68 $f >/tmp/w2 2>&1 & p2=$!
	wtload -m buffered -P rand -S 4m -s 8k -n 400 -r 5 -F 66 $f >/tmp/w3 2>&1 & p3=$!
	wtload -m mmap -t 2 -P rand -S 4m -s 4k -n 400 -r 6 -F 67 $f >/tmp/w4 2>&1 & p4=$!
	(
		i=0
		while [ $i -lt 40 ]; do
			kb=$(($(od -An -N2 -tu2 /dev/urandom) % 4096))
			truncate -s $((kb * 1024)) $f
			i=$((i + 1))
		done
	) & p5=$!
	rc=0
	for p in $p1 $p2 $p3 $p4 $p5; do wait $p || rc=1; done
	cat /tmp/w1 /tmp/w2 /tmp/w3 /tmp/w4
	[ $rc = 0 ] || fail "a writer failed on /dev/$d"
	must wtcheck bytes $f 00,41,42,43,44
	sync
	echo 3 >/proc/sys/vm/drop_caches
	must wtcheck bytes $f 00,41,42,43,44
	umount /mnt/$d
	mount_xfs /dev/$d /mnt/$d
	must wtcheck bytes $f 00,41,42,43,44
	umount /mnt/$d
	ok "/dev/$d: no byte that no writer wrote"
done

# Appenders: write-through writes that move the size must not run side by
# side (the exclusive inode lock): concurrent O_APPEND writers would take
# the same offset and overwrite each other.
for d in vda vdb; do
	mount_xfs /dev/$d /mnt/$d
	must wtprobe append /mnt/$d/append 4
	umount /mnt/$d
done
ok "concurrent O_APPEND write-through writers: every record once"
