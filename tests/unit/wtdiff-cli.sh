#!/usr/bin/env bash
# wtdiff on the fixtures of tests/data/wtdiff: the verdicts and exit
# statuses (0 no regression, 1 regression, 2 bad input or runs that do not
# match), one-line errors, --force, -S, -t, the JSON object.
# Usage: wtdiff-cli.sh BINDIR DATADIR
bin=$(cd "$1" && pwd) || exit 1
data=$2
w=$bin/wtdiff
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect STATUS PATTERN ARGS...: exit status, and PATTERN (grep -E) in stdout
expect() {
	local want=$1 pat=$2 rc
	shift 2
	"$w" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
	if [[ $rc -ne $want ]]; then
		fail "wtdiff $* exited $rc, want $want: $(head -c 300 "$tmp/err")"
	elif [[ -n $pat ]] && ! grep -Eq -- "$pat" "$tmp/out"; then
		fail "wtdiff $* printed no '$pat'"
	else
		echo "ok: wtdiff $* -> $rc $(grep -E -m1 -- "${pat:-^result}" "$tmp/out")"
	fi
}

# bad STDERR-PATTERN ARGS...: exit 2 with exactly one line on stderr, nothing on stdout
bad() {
	local pat=$1 rc
	shift
	"$w" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
	if [[ $rc -ne 2 ]]; then
		fail "wtdiff $* exited $rc, want 2"
	elif [[ $(wc -l <"$tmp/err") -ne 1 ]] || ! grep -Eq -- "$pat" "$tmp/err"; then
		fail "wtdiff $* printed '$(cat "$tmp/err")', want one line with '$pat'"
	elif [[ -s $tmp/out ]]; then
		fail "wtdiff $* wrote to stdout"
	else
		echo "ok: wtdiff $* -> 2: $(cat "$tmp/err")"
	fi
}

cd "$data" || exit 1

# verdicts
expect 0 '^result: no regression \(9 no change' base.ndjson same.ndjson
expect 1 '^result: REGRESSED: total device$' base.ndjson slow-device.ndjson
expect 0 'improved \(p50 -' base.ndjson fast-copy.ndjson
expect 0 'improved \(p50' slow-device.ndjson base.ndjson
expect 0 'chi2 0\.00, df [0-9]+, p 1 ' base.ndjson base-end-totals.ndjson
# the end record's totals and the intervals' sum are the same run
"$w" -j base.ndjson base-end-totals.ndjson >"$tmp/j" && grep -q '"regressed":\[\]' "$tmp/j" ||
	fail "base against its own end totals is not 'no change'"
# -S, -t, -a
expect 1 '^result: REGRESSED: device$' -S device base.ndjson slow-device.ndjson
expect 0 '^result: no regression' -S begin1,lock,copy base.ndjson slow-device.ndjson
expect 0 '^result: no regression' -t 100 base.ndjson slow-device.ndjson
expect 1 'REGRESSED' --threshold=40% base.ndjson slow-device.ndjson
expect 1 'alpha 1e-06' -a 1e-6 base.ndjson slow-device.ndjson
expect 1 'base\(ms\)' -m base.ndjson slow-device.ndjson
expect 1 'base\(ns\)' base.ndjson slow-device.ndjson -N
expect 1 '\[[0-9.]+, [0-9.]+\) [0-9]+/[0-9]+' -v base.ndjson slow-device.ndjson

# JSON: one valid object on one line
"$w" -j base.ndjson slow-device.ndjson >"$tmp/j"; rc=$?
[[ $rc -eq 1 ]] || fail "wtdiff -j exit $rc, want 1"
[[ $(wc -l <"$tmp/j") -eq 1 ]] || fail "wtdiff -j printed more than one line"
"$bin/test_wtdiff_json" --check "$tmp/j" || fail "wtdiff -j printed invalid JSON"
grep -q '"schema":"wt.wtdiff/1","type":"diff"' "$tmp/j" || fail "JSON without schema/type"
grep -q '"regressed":\["total","device"\]' "$tmp/j" || fail "JSON regressed list"
grep -q '"device":{"verdict":"regressed"' "$tmp/j" || fail "JSON device verdict"
grep -q '"chi2":{"tested":true,"statistic":' "$tmp/j" || fail "JSON chi2 object"
grep -q '"exit":1' "$tmp/j" || fail "JSON exit"
echo "ok: wtdiff -j: $(head -c 160 "$tmp/j")..."

# runs that do not match: refused with the reason; --allow names what may differ
bad 'runs do not match: kernel release differs: 7\.2\.13\+ in BASE, 7\.2\.14\+ in NEW' \
	base.ndjson other-kernel.ndjson
bad 'series head differs: 0123456789abcdef0123456789abcdef01234567 in BASE, fedcba98' \
	base.ndjson other-series.ndjson
bad 'CPU count differs: 2 in BASE, 4 in NEW' base.ndjson other-cpus.ndjson
bad 'filters differ: options\.pid is null in BASE, 1234 in NEW' base.ndjson other-filter.ndjson
bad 'options differ: options\.bpf_stats is false in BASE, true in NEW' base.ndjson other-options.ndjson
bad 'schema version differs: wt\.wtlat/3 in BASE, wt\.wtlat/4 in NEW' base.ndjson other-schema.ndjson
bad 'kernel release differs' -j base.ndjson other-kernel.ndjson
bad 'CPU count differs' -A series base.ndjson other-cpus.ndjson
bad 'schema version differs' -A kernel,series,cpus,filters,options base.ndjson other-schema.ndjson
# two states of the series: compared with --allow series, and the slower one found
expect 1 '^result: REGRESSED: total device$' -A series base.ndjson other-series.ndjson
expect 1 '^warning: runs differ \(--allow\): series head differs' --allow=series base.ndjson \
	other-series.ndjson
expect 0 '^warning: runs differ \(--force\): kernel release differs' \
	--force base.ndjson other-kernel.ndjson
"$w" -f -j base.ndjson other-cpus.ndjson >"$tmp/j" 2>"$tmp/err"
grep -q '"forced":true' "$tmp/j" && grep -q 'warning: runs differ (allowed): CPU count' "$tmp/err" ||
	fail "--force -j does not report the difference"
# the tag, the number of intervals and their length do not matter
expect 0 'tag again' base.ndjson same.ndjson

# malformed input: one line naming file and line, exit 2
bad 'bad-truncated\.ndjson:2: invalid JSON at byte' base.ndjson bad-truncated.ndjson
bad 'bad-no-start\.ndjson:1: the first record has type "interval", not "start"' \
	bad-no-start.ndjson base.ndjson
bad 'bad-bucket\.ndjson:2: device: bucket lo_ns [0-9]+ is not a bound' base.ndjson bad-bucket.ndjson
bad 'bad-end-error\.ndjson:3: the run ended with an error' base.ndjson bad-end-error.ndjson
bad 'bad-layout\.ndjson:1: histograms have 3 sub-bucket bits, wtdiff reads 2' base.ndjson \
	bad-layout.ndjson
bad "schema \"wt\\.wtsnoop/2\" is not wtlat's" base.ndjson bad-not-wtlat.ndjson
bad 'bad-empty\.ndjson: empty: no start record' base.ndjson bad-empty.ndjson
bad 'cannot open /nonexistent/x\.ndjson: No such file' base.ndjson /nonexistent/x.ndjson
bad 'is not wtlat|first record|invalid JSON' base.ndjson "$bin/wtdiff"
printf '{"schema":"wt.wtlat/3","type":"start"}\n%s\n' "$(head -c 100 /dev/zero | tr '\0' x)" \
	>"$tmp/junk.ndjson"
bad 'junk\.ndjson:2: invalid JSON at byte 1: unexpected character' base.ndjson "$tmp/junk.ndjson"

# bad command lines
bad 'want two record files' base.ndjson
bad 'want two record files, BASE and NEW, not more' base.ndjson same.ndjson same.ndjson
bad 'want two record files'
bad "invalid alpha '0'" -a 0 base.ndjson same.ndjson
bad "invalid alpha '1'" --alpha 1 base.ndjson same.ndjson
bad "invalid alpha 'nan'" -a nan base.ndjson same.ndjson
bad "invalid alpha '0x1p-3'" -a 0x1p-3 base.ndjson same.ndjson
bad "invalid threshold '-1'" -t -1 base.ndjson same.ndjson
bad "invalid threshold '2000'" -t 2000 base.ndjson same.ndjson
bad "invalid threshold '5%%'" -t 5%% base.ndjson same.ndjson
bad "invalid stage list 'total,nosuch'" -S total,nosuch base.ndjson same.ndjson
bad "invalid stage list ','" -S , base.ndjson same.ndjson
bad "unknown option -x" -x base.ndjson same.ndjson
bad "bad option '--bogus'" --bogus base.ndjson same.ndjson
bad "bad option '--json=3'" --json=3 base.ndjson same.ndjson
bad "option '-a' needs a value" base.ndjson same.ndjson -a
bad "invalid --allow list 'schema'" -A schema base.ndjson same.ndjson
bad "invalid --allow list 'kernel,'" --allow kernel, base.ndjson same.ndjson
bad "invalid alpha 'a\?b'" -a $'a\nb' base.ndjson same.ndjson

"$w" --help >"$tmp/h"; rc=$?
[[ $rc -eq 0 ]] && grep -q EXAMPLES "$tmp/h" && grep -q 'chi-square test of homogeneity' "$tmp/h" ||
	fail "wtdiff --help: exit $rc, no EXAMPLES or no word on the test"
exit $((fails != 0))
