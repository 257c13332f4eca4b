#!/usr/bin/env bash
# The proof of kernel/wtk triage: on top of the series, four no-op states
# (a comment changes, the code does not) and then a deliberately slow one
# (200 us of udelay() in the write-through copy loop, between the folio
# lookup and the folio lock event: the "lock" stage).  Triage from the
# series head over those five states must
#   - name the slow state as the first regression, with the lock stage;
#   - call none of the five comparisons of identical code a regression:
#     its noise check (the series head booted twice, B against A) and the
#     four no-op states against the head.
# The states are commits with fixed dates on the series head, so their
# builds are cached (kernel/wtk triage keeps a kernel per commit) until the
# series changes.  Figures: the report (triage-out/report.txt under
# $WT_BUILD/triage-test).
#
#   tests/vm/triage-test.sh [RUNS [WRITES]]     (defaults 3 and 200)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${WT_BUILD:-$repo/build}
runs=${1:-3} writes=${2:-200}
out=$build/triage-test
tree=$("$repo/kernel/wtk" tree)
head=$(git -C "$tree" rev-parse HEAD)

# the test states, made in a scratch worktree of the kernel tree
scratch=$(mktemp -d)
trap 'git -C "$tree" worktree remove --force "$scratch" 2>/dev/null || rm -rf "$scratch"' EXIT
rmdir "$scratch"
git -C "$tree" worktree add -q --detach "$scratch" "$head"
export GIT_AUTHOR_NAME=wt-triage-test GIT_AUTHOR_EMAIL=triage@wt.invalid
export GIT_COMMITTER_NAME=wt-triage-test GIT_COMMITTER_EMAIL=triage@wt.invalid
export GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
f=fs/iomap/buffered-io.c
noops=4
for ((i = 1; i <= noops; i++)); do
	echo "/* triage test: no-op state $i */" >>"$scratch/$f"
	git -C "$scratch" commit -q -a -m "triage test: no-op state $i (a comment)"
done
lock='trace_iomap_wt_folio_locked(iter->inode, folio, iter->pos, bytes);'
[[ $(grep -cF "$lock" "$scratch/$f") == 1 ]] ||
	{ echo "triage-test: the folio lock event is not where the test expects it in $f" >&2; exit 2; }
sed -i "s|^\(\t*\)$(printf '%s' "$lock" | sed 's/[][\.*^$/]/\\&/g')|\1udelay(200);\n&|" "$scratch/$f"
sed -i '0,/^#include <linux\//s//#include <linux\/delay.h>\n&/' "$scratch/$f"
grep -q 'udelay(200);' "$scratch/$f" || { echo "triage-test: could not plant the delay" >&2; exit 2; }
git -C "$scratch" commit -q -a -m "triage test: 200 us in the write-through folio lock path"
slow=$(git -C "$scratch" rev-parse HEAD)
git -C "$tree" tag -f wt-triage-test/slow "$slow" >/dev/null

rm -rf "$out"
mkdir -p "$out"
rc=0
"$repo/kernel/wtk" triage -o "$out" -r "$runs" -n "$writes" "$head" "$slow" || rc=$?
report=$out/report.txt
[[ -f $report ]] || { echo "FAIL: no report" >&2; exit 1; }
bad=0
if [[ $rc != 1 ]]; then
	echo "FAIL: kernel/wtk triage exited $rc, want 1 (a regression found)"
	bad=1
fi
if ! grep -q "^result: first regression: state $((noops + 1)), ${slow:0:12} .*stages .*lock" "$report"; then
	echo "FAIL: the slow state ($((noops + 1)), ${slow:0:12}) and its lock stage are not named first"
	bad=1
fi
if ! grep -q '^noise check.*: no stage regressed' "$report"; then
	echo "FAIL: the series head against itself (boot B against A) regressed"
	bad=1
fi
# a no-op state flagged in its first boot and cleared by the second is
# not an alarm: the command does not report it as a regression
alarms=$(awk -v n=$noops '$1 ~ /^[0-9]+$/ && $1 >= 1 && $1 <= n && $NF != "none" && !/not a regression$/' "$report" | wc -l)
cleared=$(awk -v n=$noops '$1 ~ /^[0-9]+$/ && $1 >= 1 && $1 <= n && /not a regression$/' "$report" | wc -l)
if [[ $alarms != 0 ]]; then
	echo "FAIL: $alarms of the $noops no-op states called a regression"
	bad=1
fi
[[ $bad == 0 ]] || exit 1
echo "ok: triage named the slow state and its lock stage; $((noops + 1)) comparisons of identical code, 0 false alarms ($cleared flagged by one boot and cleared by a second)"
