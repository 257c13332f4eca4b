#!/usr/bin/env bash
# On the machine's own kernel (no write-through series) both tools stop at
# once with one line naming the missing tracepoints and exit status 3.
set -u
. "$(dirname "$0")/lib.sh"
need_root
if [[ -d /sys/kernel/tracing/events/iomap/iomap_writethrough_begin ]]; then
	echo "SKIP: this kernel has the write-through tracepoints"; exit 77
fi
fails=0
for t in wtlat wtsnoop; do
	out=$(timeout 20 "$1/$t" 2>&1); rc=$?
	echo "$t: rc $rc: $out"
	[[ $rc -eq 3 ]] || { echo "FAIL: $t exited $rc, want 3"; fails=1; }
	[[ $(wc -l <<<"$out") -eq 1 ]] || { echo "FAIL: $t printed more than one line"; fails=1; }
	grep -q "iomap_writethrough_begin" <<<"$out" || { echo "FAIL: $t does not name the tracepoints"; fails=1; }
done
exit $fails
