#!/usr/bin/env bash
# wtload's engines on the machine's own file system, no root needed: a
# write cut short by RLIMIT_FSIZE is counted as short (exit 1, named), the
# next one fails with EFBIG by name, and a clean run at queue depth 16 is
# read back intact (-V).  Each engine the same.
bin=$1
fails=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
for e in sync aio io_uring; do
	q=16
	[[ $e == sync ]] && q=1
	# 10 KiB limit: writes 0 and 1 complete, write 2 gets 2048 of 4096
	# bytes, write 3 starts at the limit: EFBIG (SIGXFSZ ignored)
	out=$(trap '' XFSZ; ulimit -f 10; "$bin/wtload" -e $e -m buffered -n 4 -T "$dir/f" 2>&1); rc=$?
	echo "$out"
	[[ $rc -eq 1 ]] || bad "$e: a short write exited $rc, want 1"
	grep -q "^wtload: mode buffered writes 2 size 4096 .* engine $e qd 1 short 1\$" <<<"$out" ||
		bad "$e: want 2 writes and 1 short in the summary"
	grep -q "at 12288: EFBIG (File too large)" <<<"$out" || bad "$e: EFBIG not named"
	out=$(trap '' XFSZ; ulimit -f 10; "$bin/wtload" -e $e -m buffered -n 3 -T "$dir/f" 2>&1); rc=$?
	[[ $rc -eq 1 ]] && grep -q "^wtload: 1 short writes (first: short write at 8192: 2048 of 4096)\$" <<<"$out" ||
		bad "$e: a short last write: exit $rc, '$out'"
	out=$("$bin/wtload" -e $e -q $q -m fdatasync -n 64 -s 8k -T -V "$dir/g" 2>&1); rc=$?
	echo "$out"
	[[ $rc -eq 0 ]] && grep -q "writes 64 size 8192 .* engine $e qd $q short 0\$" <<<"$out" &&
		grep -q "^wtload: verified 64 writes" <<<"$out" || bad "$e: clean run at qd $q: exit $rc"
done
exit $((fails != 0))
