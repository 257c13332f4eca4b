# Shared by host-tier tests: need root, give an XFS loop mount.
need_root() {
	if [[ $(id -u) -ne 0 ]]; then echo "SKIP: needs root"; exit 77; fi
}
# mount_loop_xfs BLOCKSIZE: sets $mnt, unmounted and removed on exit.
mount_loop_xfs() {
	local bs=${1:-4096}
	work=$(mktemp -d /tmp/wt-host.XXXXXX)
	truncate -s 512M "$work/img"
	mkfs.xfs -q -f -b size="$bs" "$work/img" || { echo "mkfs.xfs failed"; exit 1; }
	mnt=$work/mnt
	mkdir -p "$mnt"
	mount -o loop "$work/img" "$mnt" || { echo "SKIP: cannot loop-mount XFS here"; rm -rf "$work"; exit 77; }
	trap 'umount "$mnt" 2>/dev/null; rm -rf "$work"' EXIT
}

# For tests of the tools' error paths, which need a kernel without the
# write-through tracepoints (this host's).
skip_if_wt_tracepoints() {
	if [[ -d /sys/kernel/tracing/events/iomap/iomap_writethrough_begin ]]; then
		echo "SKIP: this kernel has the write-through tracepoints"; exit 77
	fi
}

# bad WHAT: count a failed check (callers set fails=0 and $work).
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect RC WHAT GREP -- CMD...: exit status RC, one line on stderr holding
# GREP; stdout is left in $work/out.
expect() {
	local rc=$1 what=$2 pat=$3 got
	shift 4
	"$@" >"$work/out" 2>"$work/err"; got=$?
	echo "$what: rc $got: $(cat "$work/err")"
	[[ $got -eq $rc ]] || bad "$what: exit $got, want $rc"
	[[ $(grep -c . "$work/err") -eq 1 ]] || bad "$what: stderr is not one line"
	grep -q -- "$pat" "$work/err" || bad "$what: stderr lacks '$pat'"
}
