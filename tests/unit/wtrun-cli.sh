#!/usr/bin/env bash
# wtrun on this machine's kernel, no root: bad command lines (one line,
# exit 2), programs it refuses (static: 1; missing: 127), the command's
# exit status, and the conversion itself with WTRUN_RWF=0 (pwritev2 with
# no flag, which any kernel takes) so that the counts are exact: write()
# keeps the file position and O_APPEND, pwrite/pwritev/pwritev2 keep their
# offsets (the file is byte for byte what the program writes without
# wtrun), a pipe and O_DIRECT pass through, a process ending with _exit()
# is counted, --stats=FILE and -j.  Then the real flag: every write is
# either converted or refused by the kernel (this one may lack the
# series), and the data is right either way.
set -u
bin=$1
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
work=$(mktemp -d /tmp/wt-wtrun.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# expect RC PATTERN CMD...: exit status RC and one line on stderr matching PATTERN
expect() {
	local rc=$1 pat=$2 out got
	shift 2
	out=$("$@" 2>&1 >/dev/null); got=$?
	if [[ $got -ne $rc ]]; then
		bad "'$*' exited $got, want $rc ($out)"
	elif [[ $(wc -l <<<"$out") -ne 1 || ! $out =~ $pat ]]; then
		bad "'$*' printed '$out', want one line matching '$pat'"
	else
		echo "ok: $* -> $rc: $out"
	fi
}
expect 2 "no command to run" "$bin/wtrun"
expect 2 "no command to run" "$bin/wtrun" -d --
expect 2 "unknown option -x" "$bin/wtrun" -x -- true
expect 2 "unknown option --bogus" "$bin/wtrun" --bogus -- true
expect 2 "needs a file name" "$bin/wtrun" --stats= -- true
expect 127 "command not found" "$bin/wtrun" -- wt-no-such-command
if file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'; then
	expect 1 "statically linked" "$bin/wtrun" -- /bin/busybox true
fi
printf '#!/bin/busybox sh\necho hi\n' >static.sh && chmod +x static.sh
file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' &&
	expect 1 "busybox is statically linked" "$bin/wtrun" -- ./static.sh
expect 1 "WTRUN_LIB=/nonexistent" env WTRUN_LIB=/nonexistent "$bin/wtrun" -- true
"$bin/wtrun" -s -- sh -c 'exit 3' 2>/dev/null
[[ $? -eq 3 ]] && echo "ok: exit status 3 passed on" || bad "exit status not passed on"
"$bin/wtrun" -- sh -c 'kill -TERM $$'
[[ $? -eq 143 ]] && echo "ok: a signal gives 128+sig" || bad "signal status not 143"

head -c 1M /dev/urandom >src
# stats RUN...: run under wtrun -s with WTRUN_RWF=0, keep stderr in err
stats() { WTRUN_RWF=0 "$bin/wtrun" -s -- "$@" 2>err; }
# line COMM: the stats line of the process named COMM
line() { grep "($1):" err; }
has() {
	local l
	l=$(line "$1")
	if [[ $l == *"$2"* ]]; then echo "ok: $1: $2"; else bad "$1: want '$2' in '$l' ($(cat err))"; fi
}

# write(): 8 calls, the file position advances
stats dd if=src of=out bs=4k count=8 status=none
has dd "converted 8 (32768 bytes), passed 0:"
cmp -s out <(head -c 32768 src) && echo "ok: dd's data" || bad "dd's data differs"
# O_APPEND through write(): appends
stats dd if=src of=out bs=4k count=2 skip=8 oflag=append conv=notrunc status=none
has dd "converted 2 (8192 bytes)"
cmp -s out <(head -c 40960 src) && echo "ok: appended" || bad "O_APPEND data differs"
# pwrite at offsets, pwritev, pwritev2 with its own flag (-D: RWF_DSYNC):
# the same bytes as without wtrun
if command -v xfs_io >/dev/null; then
	xfs_io -f -c "pwrite -q -S 0x61 -b 4k 0 16k" -c "pwrite -q -S 0x62 -V 3 -b 1k 5000 3k" \
		-c "pwrite -q -S 0x63 -D 12288 100" -c "pwrite -q -S 0x64 -V 1 20000 10" ref
	stats xfs_io -f -c "pwrite -q -S 0x61 -b 4k 0 16k" -c "pwrite -q -S 0x62 -V 3 -b 1k 5000 3k" \
		-c "pwrite -q -S 0x63 -D 12288 100" -c "pwrite -q -S 0x64 -V 1 20000 10" io
	has xfs_io "converted 7 ("
	has xfs_io "passed 0:"
	cmp -s io ref && echo "ok: xfs_io's file as without wtrun" || bad "xfs_io's file differs"
fi
# a pipe and O_DIRECT pass through
stats dd if=src bs=4k count=3 status=none | cat >/dev/null
has dd "converted 0 (0 bytes), passed 3: nonreg 3"
if dd if=src of=direct bs=4k count=1 oflag=direct status=none 2>/dev/null; then
	stats dd if=src of=direct bs=4k count=2 oflag=direct status=none
	has dd "converted 0 (0 bytes), passed 2: nonreg 0 direct 2"
else
	echo "note: no O_DIRECT in $work; not checked"
fi
# a shell's builtin echo, and its _exit(): counted all the same
stats sh -c 'echo hello >sh.out; exit 0'
has sh "converted 1 (6 bytes)"
[[ $(cat sh.out) == hello ]] || bad "sh's file"
# --stats=FILE (relative: made absolute), appended, JSON lines
rm -f st.json
WTRUN_RWF=0 "$bin/wtrun" --stats=st.json -j -- dd if=src of=j1 bs=64k count=2 status=none
WTRUN_RWF=0 "$bin/wtrun" -j --stats=st.json -- dd if=src of=j2 bs=64k count=1 status=none
if command -v jq >/dev/null; then
	[[ $(jq -s 'map(.converted) | add' st.json) == 3 && $(jq -s 'length' st.json) == 2 &&
	   $(jq -r -s '.[0].comm' st.json) == dd ]] && echo "ok: --stats=FILE -j: $(tr '\n' ' ' <st.json)" ||
		bad "JSON stats: $(cat st.json)"
else
	[[ $(wc -l <st.json) -eq 2 ]] || bad "JSON stats: $(cat st.json)"
fi

# the real flag on this kernel: converted or refused, never lost
"$bin/wtrun" -s -- dd if=src of=real bs=4k count=8 status=none 2>err
c=$(sed -n 's/.*(dd): converted \([0-9]*\) .* refused \([0-9]*\) .*/\1 \2/p' err)
if [[ -n $c && $((${c% *} + ${c#* })) -eq 8 ]]; then
	echo "ok: RWF_WRITETHROUGH here: $(cat err)"
else
	bad "want converted + refused = 8: $(cat err)"
fi
cmp -s real <(head -c 32768 src) || bad "data written under the real flag differs"

[[ $fails -eq 0 ]] || { echo "$fails check(s) failed"; exit 1; }
echo "ok: wtrun"
