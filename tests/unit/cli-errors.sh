#!/usr/bin/env bash
# Bad command lines give a one-line error and exit status 2.
bin=$1
fails=0
expect2() {
	local out rc
	out=$("$@" 2>&1 >/dev/null); rc=$?
	if [[ $rc -ne 2 ]]; then
		echo "FAIL: '$*' exited $rc, want 2"; fails=$((fails + 1))
	elif [[ $(wc -l <<<"$out") -ne 1 || -z $out ]]; then
		echo "FAIL: '$*' printed '$out', want one line"; fails=$((fails + 1))
	else
		echo "ok: $* -> $out"
	fi
}
expect2 "$bin/wtload" -m bogus /tmp/x
expect2 "$bin/wtload" -s 4x /tmp/x
expect2 "$bin/wtload" -s 0 /tmp/x
expect2 "$bin/wtload" -n -3 /tmp/x
expect2 "$bin/wtload" -P diagonal /tmp/x
expect2 "$bin/wtload"
expect2 "$bin/wtload" a b
expect2 "$bin/wtload" -e bogus /tmp/x
expect2 "$bin/wtload" -e "" /tmp/x
expect2 "$bin/wtload" -e io_uring -q 0 /tmp/x
expect2 "$bin/wtload" -e aio -q 1025 /tmp/x
expect2 "$bin/wtload" -e aio -q 16x /tmp/x
expect2 "$bin/wtload" -q 16 /tmp/x
expect2 "$bin/wtload" -e aio -m mmap /tmp/x
expect2 "$bin/wtfsx" -N x /tmp/x
expect2 "$bin/wtfsx" -x nosuchop /tmp/x
expect2 "$bin/wtfsx" -l 100 /tmp/x
expect2 "$bin/wtload" -x /tmp/x
expect2 "$bin/wtfsx" --bogus /tmp/x
expect2 "$bin/wtlat" -x
expect2 "$bin/wtlat" 0
expect2 "$bin/wtlat" 1 0
expect2 "$bin/wtlat" 1 2 3
expect2 "$bin/wtlat" -p abc
expect2 "$bin/wtlat" -S total,nosuch
expect2 "$bin/wtlat" -d 1:2:3
expect2 "$bin/wtlat" -d /nonexistent
expect2 "$bin/wtlat" -c
expect2 "$bin/wtsnoop" extra
expect2 "$bin/wtsnoop" -M -5
expect2 "$bin/wtsnoop" -b 3
expect2 "$bin/wtsnoop" -n 0
# options that contradict each other
expect2 "$bin/wtsnoop" --csv -j
expect2 "$bin/wtsnoop" -j --csv
expect2 "$bin/wtlat" -j -T
expect2 "$bin/wtlat" -j -s
expect2 "$bin/wtlat" -m -j
expect2 "$bin/wtlat" -j -L
expect2 "$bin/wtlat" -m -N
expect2 "$bin/wtlat" -s -L
# files named on the command line that cannot be used
expect2 "$bin/wtlat" --record /nonexistent/dir/run.ndjson
expect2 "$bin/wtlat" --openmetrics /nonexistent/dir/wt.prom
expect2 "$bin/wtlat" --openmetrics
expect2 "$bin/wtlat" --record
expect2 "$bin/wtlat" --tag
expect2 "$bin/wtlat" --btf /etc/passwd
expect2 "$bin/wtsnoop" --btf /nonexistent/vmlinux
# under -j a bad command line also gives a JSON error record on stdout
for c in "wtlat -j -T" "wtsnoop -j --csv" "wtlat -j -p x"; do
	out=$($bin/$c 2>/dev/null)
	[[ $out == '{"schema":"wt.'*'","type":"error","exit":2,"message":"'*'"}' && $(wc -l <<<"$out") -eq 1 ]] ||
		{ echo "FAIL: '$c' printed '$out' on stdout, want one JSON error record"; fails=$((fails + 1)); }
done
for o in --record --tag --btf -L WT_SERIES_HEAD; do
	"$bin/wtlat" --help | grep -q -- "$o" || { echo "FAIL: wtlat --help does not mention $o"; fails=$((fails + 1)); }
done
for t in wtlat wtsnoop wtfsx; do
	"$bin/$t" --help | grep -q EXAMPLES || { echo "FAIL: $t --help has no EXAMPLES"; fails=$((fails + 1)); }
done
"$bin/wtload" --help | grep -q EXAMPLES || { echo "FAIL: wtload --help has no EXAMPLES"; fails=$((fails + 1)); }
exit $((fails != 0))
