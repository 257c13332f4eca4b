# Regression: an extending write-through write on a file system with blocks
# smaller than a page must not deadlock against an mmap writer of the old
# EOF folio (the writer hung in pagecache_isize_extended() while the mmap
# thread waited for the folio's writeback in iomap_page_mkwrite()).
# /dev/vda (4 KiB blocks) and /dev/vdb (1 KiB blocks); args: SECONDS.
. /wt/guest-lib.sh
secs=${1:-20}
st=0
for d in vda vdb; do
	mount_xfs /dev/$d /mnt/$d
	out=/tmp/mmap-extend.$d
	# in the background: threads stuck in D state keep a hung probe from
	# ever being reaped, so only its output is waited for, never the process
	wtprobe mmap-extend /mnt/$d/mmap-extend "$secs" >$out 2>&1 &
	i=0
	until grep -qE '^(ok|FAIL):' $out; do
		i=$((i + 1))
		if [ $i -gt 450 ]; then
			echo "FAIL: /dev/$d: wtprobe gave no verdict in 90 s"
			break
		fi
		sleep 0.2
	done
	cat $out
	grep -q '^ok:' $out || st=1
done
if [ $st -ne 0 ]; then
	# A hung writer leaves a folio under writeback for good: init's sync
	# would never return.  Report the status and reboot without syncing.
	sleep 2
	echo "WT-EXIT: 1"
	echo b >/proc/sysrq-trigger
	sleep 60
fi
ok "extending write-through against mmap: no hang with 4 KiB or 1 KiB blocks"
