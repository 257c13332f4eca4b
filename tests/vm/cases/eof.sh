# Unaligned, extending write-through writes: exact size and zeroes past EOF
# in the EOF block on disk, before and after unmount/mount.
. /wt/guest-lib.sh
check_file() { # FILE DEV SIZE WLOAD-ARGS
	must wtcheck size "$1" "$3"
	must wtcheck eoftail "$1" "$2"
	shift 3
	must wtload -C "$@"
}
for d in vda vdb; do
	mount_xfs /dev/$d /mnt/$d
	for spec in "1000 123 7" "1 4095 1" "511 1 3" "4097 5000 2" "100 65536 1"; do
		set -- $spec
		f=/mnt/$d/eof.$1.$2
		size=$(($2 + $1 * $3))
		must wtload -m wt -s "$1" -o "$2" -n "$3" -T "$f"
		check_file "$f" /dev/$d $size -s "$1" -o "$2" -n "$3" "$f"
	done
	umount /mnt/$d
	mount_xfs /dev/$d /mnt/$d
	for spec in "1000 123 7" "1 4095 1" "511 1 3" "4097 5000 2" "100 65536 1"; do
		set -- $spec
		f=/mnt/$d/eof.$1.$2
		check_file "$f" /dev/$d $(($2 + $1 * $3)) -s "$1" -o "$2" -n "$3" "$f"
	done
	umount /mnt/$d
	ok "/dev/$d: sizes and EOF tails exact after remount"
done
