# wtbench on /dev/vda (XFS, 4 KiB blocks): the table, then the NDJSON
# records on the console for the host to read back (tools/wtbench-vm.sh
# makes the plots from them), then wtlat's stage summaries of the tools
# section, if it ran.  Args: [series=ID] wtbench options (none: the
# default matrix); series= is recorded as the series identity
# (WT_SERIES_HEAD).
. /wt/guest-lib.sh
case "$1" in series=*) export WT_SERIES_HEAD=${1#series=}; shift ;; esac
mount_xfs /dev/vda /mnt/vda
mkdir -p /mnt/vda/bench /tmp/bench
echo "== wtbench $* (guest: $(nproc) CPUs, $(uname -r))"
wtbench "$@" --record /tmp/bench/run.ndjson -o /tmp/bench /mnt/vda/bench
rc=$?
echo "== wtbench records"
cat /tmp/bench/run.ndjson
for f in /tmp/bench/wtbench.wtlat.rep*.txt; do
	[ -f "$f" ] || continue
	echo "== $f"
	cat "$f"
done
umount /mnt/vda
[ $rc = 0 ] || fail "wtbench exited $rc"
ok "wtbench ran"
