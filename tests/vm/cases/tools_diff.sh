# wtdiff on real records: wtlat --record of the same workload on a null_blk
# device that completes every I/O DELAY ms late (timer mode), twice, then
# on one that completes it 2 x DELAY ms late.  wtdiff must read wtlat's
# records as they are written; the two runs at DELAY must not compare as a
# regression of the device stage (exit 0); the slower device must be a
# regression of device and total (exit 1, "regressed" in JSON), and the
# reverse comparison an improvement (exit 0).  The other stages are CPU
# time under emulation and move between runs of one state (by 10 to 40%
# at p50 in a boot): they are printed, not checked.
# Args: [WRITES [DELAY_MS]].
. /wt/guest-lib.sh
n=${1:-200}
delay=${2:-2}
record() { # DELAY_MS FILE TAG
	nullb_slow wtdiff "$1"
	must mkfs.xfs -q -f "$nullb_dev"
	mount_xfs "$nullb_dev" /mnt/slow
	wtlat --record "$2" --tag "$3" 1 >/dev/null 2>/tmp/lat.err & lat=$!
	wait_for "$2" '"type":"start"'
	must wtload -m wt -s 4k -n "$n" -T /mnt/slow/f >/dev/null
	kill -INT $lat
	wait $lat || fail "wtlat failed: $(cat /tmp/lat.err)"
	umount /mnt/slow
	echo "recorded $3: $n writes at $1 ms, $(grep -c '"type":"interval"' "$2") intervals," \
		"$(grep -c '"type":"end"' "$2") end record"
}
# diff WANT_EXIT OUT ARGS...: wtdiff's output to OUT and the console
diff_runs() {
	want=$1 out=$2
	shift 2
	wtdiff "$@" >"$out" 2>/tmp/diff.err
	rc=$?
	echo "--- wtdiff $* (exit $rc)"
	cat "$out" /tmp/diff.err
	[ $rc = "$want" ] || fail "wtdiff $* exited $rc, want $want"
}
record "$delay" /tmp/base.ndjson base
record "$delay" /tmp/again.ndjson again
record $((2 * delay)) /tmp/slow.ndjson slow

diff_runs 0 /tmp/same.txt -S device /tmp/base.ndjson /tmp/again.ndjson
grep -q '^result: no regression' /tmp/same.txt || fail "two runs at $delay ms: not 'no regression'"
ok "two runs at $delay ms: no regression of the device stage"
# every stage, for the record; CPU-bound stages under emulation may move
wtdiff /tmp/base.ndjson /tmp/again.ndjson >/tmp/all.txt 2>&1
echo "--- wtdiff base again, all stages (exit $?, not checked)"
cat /tmp/all.txt

diff_runs 1 /tmp/slow.txt /tmp/base.ndjson /tmp/slow.ndjson
grep -q '^result: REGRESSED:.* total' /tmp/slow.txt || fail "total not named as regressed"
grep -q '^result: REGRESSED:.* device' /tmp/slow.txt || fail "device not named as regressed"
ok "device $delay -> $((2 * delay)) ms: total and device regressed, exit 1"
wtdiff -j -S device /tmp/base.ndjson /tmp/slow.ndjson >/tmp/slow.json
grep -q '"device":{"verdict":"regressed"' /tmp/slow.json || fail "JSON: device not regressed"
grep -q '"regressed":\["device"\]' /tmp/slow.json || fail "JSON: regressed list"
ok "JSON: device regressed"
diff_runs 0 /tmp/fast.txt -S total,device /tmp/slow.ndjson /tmp/base.ndjson
grep -q 'improved (p50' /tmp/fast.txt || fail "the reverse is not an improvement"
ok "the reverse comparison: improved, exit 0"
