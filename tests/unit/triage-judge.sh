#!/usr/bin/env bash
# kernel/wtk triage's verdict, without a kernel or a VM: trees of records
# made of the wtdiff fixtures (base/same: one workload, slow-device and
# slow-device-2: its device stage 1.6x slower, slow-device-lock: that and
# the lock stage 3x slower) judged with kernel/wtk triage -J.
#   - a state flagged by its first boot and cleared by its second is not
#     a regression, and the states after it are still judged;
#   - a machine that slows down during the hunt is no regression: every
#     state is judged against the base booted before and after it;
#   - the first state flagged by both boots is named, with its stages;
#   - a base whose boot B regressed against A is a noisy base (exit 2);
#   - -t and -S apply; -J reports a state without a second boot unconfirmed;
#   - bad arguments: exit 2, one line.
# Usage: triage-judge.sh BUILDDIR DATADIR
build=$(cd "$1" && pwd) || exit 1
data=$(cd "$2" && pwd) || exit 1
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export WT_BUILD=$build
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# state DIR SHA SUBJECT FIXTURE: a boot's records, all 3 runs from FIXTURE
state() {
	local i
	mkdir -p "$1"
	printf '%s\n%s\n' "$2" "$3" >"$1/state"
	for i in 1 2 3; do cp "$data/$4.ndjson" "$1/run$i.ndjson"; done
}
sha() { printf '%d%039d' "$1" 0 | tr 0 "$2"; }

# tree T BASE_B END S1 ...: T/00-base-a is base, T/00-base-b BASE_B, the
# base booted after the states END; state i has fixture Si, and when Si is
# "X:Y[:Z]" a second boot Y followed by a base boot Z (default END)
tree() {
	local t=$tmp/$1 b=$2 e=$3 i=1 f d again
	shift 3
	state "$t/00-base-a" "$(sha 0 a)" "the series head" base
	state "$t/00-base-b" "$(sha 0 a)" "the series head" "$b"
	state "$t/zz-base-end" "$(sha 0 a)" "the series head" "$e"
	echo "3 200 2" >"$t/params"
	for f in "$@"; do
		d=$t/$(printf %02d $i)-$(sha $i b | cut -c1-12)
		state "$d" "$(sha $i b)" "state $i" "${f%%:*}"
		if [[ $f == *:* ]]; then
			again=${f#*:}
			state "$d-again" "$(sha $i b)" "state $i" "${again%%:*}"
			[[ $again == *:* ]] || again=$again:$e
			state "$d-again-base" "$(sha 0 a)" "the series head" "${again#*:}"
		fi
		i=$((i + 1))
	done
}

# judge WANT-RC RESULT-PATTERN TREE [OPTIONS]: exit status and result line
judge() {
	local want=$1 pat=$2 t=$tmp/$3 rc
	shift 3
	"$repo/kernel/wtk" triage -J "$t" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
	if [[ $rc != "$want" ]]; then
		fail "triage -J $(basename "$t") $* exited $rc, want $want: $(tail -n 3 "$tmp/err" "$tmp/out")"
	elif ! grep -Eq -- "$pat" "$t/report.txt" 2>/dev/null; then
		fail "triage -J $(basename "$t") $*: no '$pat' in the report: $(cat "$t/report.txt" 2>/dev/null)"
	elif ! cmp -s "$tmp/out" "$t/report.txt"; then
		fail "triage -J $(basename "$t") $*: stdout is not the report"
	else
		echo "ok: triage -J $(basename "$t") $* -> $rc: $(grep '^result' "$t/report.txt")"
	fi
}

# a no-op state, a state cleared by its second boot, then the regression
tree cleared same base same slow-device:same slow-device:slow-device slow-device
s3=$(sha 3 b | cut -c1-12)
judge 1 "^result: first regression: state 3, $s3 \"state 3\": stages (device, total|total, device)$" cleared
grep -Eq '^2 .*total \+[0-9]+% \+[0-9]+%.*second boot: no common stage: not a regression$' \
	"$tmp/cleared/report.txt" || fail "state 2 is not reported as cleared by its second boot"
grep -Eq '^1 .* none$' "$tmp/cleared/report.txt" || fail "no-op state 1 is not 'none'"
grep -Eq '^4 .*device \+' "$tmp/cleared/report.txt" ||
	fail "state 4, after the first regression, lost its own verdict"
grep -q '^noise check.*: no stage regressed$' "$tmp/cleared/report.txt" || fail "noise check"
grep -q '^drift, base E against A and B: no stage regressed$' "$tmp/cleared/report.txt" || fail "drift"

# thresholds and stages
judge 0 '^result: no regression beyond 1000% from a{12}$' cleared -t 1000
judge 0 '^result: no regression beyond 25% from' cleared -S lock,copy
judge 1 'stages device$' cleared -S device

# the machine slows down after the first base boots (device 1.6x from
# state 1 on, the base booted at the end too): the four states of the
# base's code are no regression against the base booted after them; the
# fifth, 3x slower in lock on top of the drift, is, in lock only
tree drift same slow-device-2 slow-device slow-device slow-device slow-device \
	slow-device-lock:slow-device-lock:slow-device
s5=$(sha 5 b | cut -c1-12)
judge 1 "^result: first regression: state 5, $s5 \"state 5\": stages lock$" drift
n=$(grep -Ec '^[1-4] .* none$' "$tmp/drift/report.txt")
[[ $n == 4 ]] || fail "drift: $((4 - n)) of the 4 states of the base's code called regressed"
grep -Eq '^drift, base E against A and B: device \+[0-9]+%.*can go unseen\)$' "$tmp/drift/report.txt" ||
	fail "drift: the base's drift is not reported"

# nothing regressed; a regression cleared by its second boot is none
tree none same base same slow-device:same
judge 0 '^result: no regression beyond 25% from' none

# a noisy base: boot B regressed against A
tree noisy slow-device base slow-device:slow-device
judge 2 '^result: NOISY BASE: boot B regressed against boot A \(' noisy

# -J never boots: a state needing a second boot it does not have
tree unconfirmed same base same slow-device
judge 1 '^result: first regression: state 2, .*\(one boot: unconfirmed\)$' unconfirmed

# bad arguments: exit 2, one line on stderr
bad() {
	local rc
	"$repo/kernel/wtk" triage "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
	if [[ $rc != 2 || $(wc -l <"$tmp/err") != 1 || -s $tmp/out ]]; then
		fail "triage $* exited $rc, printed '$(cat "$tmp/out" "$tmp/err")', want 2 and one line"
	else
		echo "ok: triage $* -> 2: $(cat "$tmp/err")"
	fi
}
bad -J "$tmp/nowhere"
bad -J "$tmp/none" -r 5
bad -J "$tmp/none" HEAD
bad -J "$tmp/none" -t x
rm -rf "$tmp/none/zz-base-end"
bad -J "$tmp/none"

((fails == 0)) || { echo "$fails failure(s)"; exit 1; }
echo "all triage verdict checks passed"
