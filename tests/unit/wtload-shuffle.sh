#!/usr/bin/env bash
# wtload -P shuffle on the machine's own file system, no root needed:
# every SIZE-aligned block of the span is written exactly once per pass,
# in an order that is not sequential, the same for the same seed and
# another for another seed; spans that are not a power of two, a span
# larger than the count (a part of one pass) and an offset; -V reads a
# shuffled run back.
bin=$1
fails=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
# offsets SEED COUNT SIZE SPAN [OFFSET]: the offsets of a -v run, one a line
offsets() {
	"$bin/wtload" -m buffered -P shuffle -r "$1" -n "$2" -s "$3" -S "$4" -o "${5:-0}" -v \
		"$dir/f" | sed -n 's/^write [0-9]* offset \([0-9]*\) .*/\1/p'
}
# want SEED COUNT SIZE SPAN OFFSET: each pass over the span covers its blocks once
want() {
	local seed=$1 count=$2 size=$3 span=$4 off=$5 slots=$(($4 / $3)) got all exp
	got=$(offsets "$seed" "$count" "$size" "$span" "$off")
	[[ $(wc -l <<<"$got") -eq $count ]] || { bad "$*: $(wc -l <<<"$got") writes, want $count"; return; }
	all=$(seq 0 $((slots - 1)) | awk -v s="$size" -v o="$off" '{ print o + $1 * s }')
	for ((p = 0; p * slots < count; p++)); do
		local n=$((count - p * slots))
		((n > slots)) && n=$slots
		local part
		part=$(sed -n "$((p * slots + 1)),$((p * slots + n))p" <<<"$got" | sort -n)
		if ((n == slots)); then
			[[ $part == "$(sort -n <<<"$all")" ]] || bad "$*: pass $p is not every block once"
		else
			[[ $(uniq -d <<<"$part") == "" ]] || bad "$*: pass $p repeats a block"
			[[ $(comm -23 <(sort -u <<<"$part") <(sort <<<"$all")) == "" ]] ||
				bad "$*: pass $p leaves the span or its alignment"
		fi
	done
	exp=$(seq 0 $((count - 1)) | awk -v s="$size" -v o="$off" -v n="$slots" '{ print o + ($1 % n) * s }')
	[[ $got != "$exp" ]] || bad "$*: the order is sequential"
}
want 1 64 4096 262144 0
want 7 64 4096 262144 0
want 1 100 4096 409600 0	# 100 blocks: not a power of two
want 3 3 4096 12288 0		# 3 blocks
want 1 40 4096 409600 0		# part of one pass
want 5 150 1000 64000 123	# 2 passes and a part; unaligned size, offset
[[ $(offsets 1 64 4096 262144) == "$(offsets 1 64 4096 262144)" ]] || bad "seed 1 twice: two orders"
[[ $(offsets 1 64 4096 262144) != "$(offsets 2 64 4096 262144)" ]] || bad "seeds 1 and 2: one order"
[[ $(offsets 1 1 4096 4096) == 0 ]] || bad "one block: want offset 0"
out=$("$bin/wtload" -m buffered -P shuffle -n 64 -s 8k -S 512k -T -V "$dir/g" 2>&1); rc=$?
[[ $rc -eq 0 ]] && grep -q "^wtload: verified 64 writes" <<<"$out" || bad "-V after a shuffle: exit $rc, '$out'"
out=$("$bin/wtload" -m buffered -P shuffle -n 65 -s 8k -S 512k -T -V "$dir/g" 2>&1); rc=$?
[[ $rc -ne 0 ]] && grep -q "needs -P seq" <<<"$out" || bad "-V past one pass: exit $rc, '$out'"
((fails)) || echo "ok: wtload -P shuffle writes every block of the span once per pass"
exit $((fails != 0))
