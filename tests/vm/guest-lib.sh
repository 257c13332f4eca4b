# Helpers sourced by guest test cases (busybox sh).
# Disks: /dev/vda XFS 4 KiB blocks, /dev/vdb XFS 1 KiB blocks, /dev/vdc raw.

fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; }
skip() { echo "SKIP: $*"; exit 77; }

# must CMD...: run a command, fail the case with its output if it fails.
must() {
	"$@" || fail "command failed ($?): $*"
}

# mount_xfs DEV DIR [OPTS]: mount an XFS image made by the host.
mount_xfs() {
	mkdir -p "$2"
	mount -t xfs ${3:+-o "$3"} "$1" "$2" || fail "mount $1 on $2"
}

# drop_caches FILE...: evict the page cache so reads come from disk.
drop_caches() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

# wait_for FILE TEXT: until a tool started in the background says TEXT
# (its "start" record or header), at most 60 s.
wait_for() {
	i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 300 ] || fail "no '$2' in $1 after 60 s: $(cat "$1")"
		sleep 0.2
	done
}

# Print the kernel and series identity once per case.
echo "guest: $(uname -r) $(cat /proc/version)"
