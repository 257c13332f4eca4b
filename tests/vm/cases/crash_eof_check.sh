# Second boot of the EOF crash test.
. /wt/guest-lib.sh
for d in vda vdb; do
	mount_xfs /dev/$d /mnt/$d
	must wtcheck size /mnt/$d/eof 7123
	must wtcheck eoftail /mnt/$d/eof /dev/$d
	must wtload -C -s 1000 -o 123 -n 7 /mnt/$d/eof
	# without DSYNC the size update may not be in the log yet: the file
	# may be shorter, never longer, and never shows stale bytes
	# (its creation may not be in the log either)
	if [ -e /mnt/$d/eof-nosync ]; then
		sz=$(stat -c %s /mnt/$d/eof-nosync)
		[ "$sz" -le 2381 ] || fail "eof-nosync grew to $sz past the 2381 bytes written"
		must wtcheck eoftail /mnt/$d/eof-nosync /dev/$d
		echo "eof-nosync: size $sz after crash (2381 written)"
	else
		echo "eof-nosync: not there after the crash (created without sync)"
	fi
	ok "/dev/$d: exact size and zero tail after crash"
done
