#!/usr/bin/env bash
# wtbench-ab.sh: the same wtbench matrix on two kernels, booted in turn
# (A B A B ...), compared cell by cell.
#
#   tools/wtbench-ab.sh [-n BOOTS] [-o OUTDIR] KDIR_A KDIR_B [-- WTBENCH OPTIONS]
#
# Made for the cost of the tracepoints compiled in but off: KDIR_A built
# without the tracepoint patches, KDIR_B the series (building A is the
# kernel owner's job: kernel/wtk builds the series minus its last patches).
# Each kernel boots BOOTS times (default 3), interleaved, each boot one
# wtbench run (default: --sections size --modes wt,wtdsync,direct
# --sizes 4k,64k,1m --reps 3) through tools/wtbench-vm.sh into
# OUTDIR/A1, OUTDIR/B1, OUTDIR/A2, ...  Then, per cell: the median over
# the boots of each boot's median (p50 latency for the size and pattern
# sections, MiB/s for the others), B/A, and the noise: the spread of the
# A boots around their median, so B/A inside it is no measurable cost.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
boots=3 out=bench-ab
while getopts "n:o:h" o; do
	case $o in
	n) boots=$OPTARG ;; o) out=$OPTARG ;;
	h) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "wtbench-ab: bad option (see -h)" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[[ $# -ge 2 ]] || { echo "wtbench-ab: give KDIR_A and KDIR_B (see -h)" >&2; exit 2; }
ka=$1 kb=$2
shift 2
[[ ${1:-} == -- ]] && shift
[[ $boots =~ ^[1-9][0-9]*$ ]] || { echo "wtbench-ab: invalid boot count '$boots'" >&2; exit 2; }
for k in "$ka" "$kb"; do
	[[ -f $k/bzImage ]] || { echo "wtbench-ab: no bzImage in $k" >&2; exit 2; }
done
[[ $# -gt 0 ]] || set -- --sections size --modes wt,wtdsync,direct --sizes 4k,64k,1m --reps 3
command -v jq >/dev/null || { echo "wtbench-ab: jq missing (apt-get install jq)" >&2; exit 2; }
mkdir -p "$out"
for ((i = 1; i <= boots; i++)); do
	for ab in A B; do
		k=$ka
		[[ $ab == B ]] && k=$kb
		echo "== boot $ab$i: $k"
		"$here/wtbench-vm.sh" -k "$k" -o "$out/$ab$i" -- "$@" >/dev/null
	done
done
for f in "$out"/[AB]*/run.ndjson; do
	ab=$(basename "$(dirname "$f")")
	jq -c --arg ab "${ab:0:1}" 'select(.type == "cell" and .status == "ok") + {ab: $ab}' "$f"
done | jq -rs --arg ka "$ka" --arg kb "$kb" '
	def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
		else (.[length / 2 - 1] + .[length / 2]) / 2 end;
	def r2: . * 100 | round / 100;
	"A: \($ka)\nB: \($kb)\nper cell: median over boots of the boot medians; B/A; A boots min-max / their median (noise)",
	(group_by([.section, .mode, .size, .pattern, .engine, .qd, .threads, .files, .tool])[]
	 | (.[0].ratio_of) as $m
	 | ([.[] | select(.ab == "A") | .[$m].median]) as $a
	 | ([.[] | select(.ab == "B") | .[$m].median]) as $b
	 | ($a | median) as $am | ($b | median) as $bm
	 | "\(.[0].section) \(.[0].mode) \(.[0].size / 1024)k \(.[0].engine) qd \(.[0].qd) threads \(.[0].threads) \(.[0].tool): \($m) A \($am | r2) B \($bm | r2) B/A \(if $am > 0 and $bm != null then ($bm / $am | r2) else "-" end) noise \(if $am > 0 then "\(($a | min) / $am | r2)-\(($a | max) / $am | r2)" else "-" end)")
' | tee "$out/compare.txt"
