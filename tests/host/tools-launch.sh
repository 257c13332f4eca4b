#!/usr/bin/env bash
# Launch mode (TOOL [OPTIONS] -- CMD ARGS...) of wtlat and wtsnoop on the
# machine's own kernel, which has none of the write-through tracepoints, so
# the command is never released; what can be checked here:
#   - CMD not found (in $PATH, or a path): one line, exit 127, nothing traced
#   - -p with -- CMD, an empty command, wtlat COUNT with -- CMD: exit 2
#   - tracepoints missing (exit 3) and an attach failure (WT_NO_TP_CHECK=1,
#     exit 1): the held command is aborted, never runs, and is reaped
# The run itself (release, exit status, the end record) is checked in the
# VM (tests/vm/cases/tools_exact.sh) and, without BPF, by unit.launch.
set -u
. "$(dirname "$0")/lib.sh"
need_root
skip_if_wt_tracepoints
bin=$1
fails=0
work=$(mktemp -d /tmp/wt-host-launch.XXXXXX)
trap 'rm -rf "$work"' EXIT

ran=$work/ran
for t in wtlat wtsnoop; do
	expect 127 "$t -- not found" "wt-no-such-cmd: command not found" -- \
		timeout 20 "$bin/$t" -- wt-no-such-cmd arg
	expect 127 "$t -- missing path" "/nonexistent/cmd: No such file" -- \
		timeout 20 "$bin/$t" -- /nonexistent/cmd
	expect 127 "$t -j -- not found" "command not found" -- \
		timeout 20 "$bin/$t" -j -- wt-no-such-cmd
	grep -q '"type":"error","exit":127' "$work/out" || bad "$t -j: no error record: $(cat "$work/out")"
	expect 2 "$t -p -- CMD" "-p and -- CMD cannot be used together" -- \
		timeout 20 "$bin/$t" -p 1 -- touch "$ran"
	expect 2 "$t -- (no command)" "no command after --" -- timeout 20 "$bin/$t" --
	expect 3 "$t -- CMD, no tracepoints" iomap_writethrough_begin -- \
		timeout 20 "$bin/$t" -- touch "$ran"
	expect 1 "$t -- CMD, attach fails" "cannot attach to tracepoint" -- \
		env WT_NO_TP_CHECK=1 timeout 20 "$bin/$t" -- touch "$ran"
	sleep 0.2
	[[ -e $ran ]] && bad "$t: the held command ran although tracing never started"
	rm -f "$ran"
done
expect 2 "wtlat COUNT -- CMD" "COUNT and -- CMD cannot be used together" -- \
	timeout 20 "$bin/wtlat" 1 5 -- true
expect 2 "wtlat --top bad" "invalid --top" -- "$bin/wtlat" -P --top x
# no process of ours left behind: every held child was reaped
if pgrep -f "touch $ran" >/dev/null; then bad "a held command is still around"; fi

if [[ $fails -ne 0 ]]; then echo "tools-launch: $fails failure(s)"; exit 1; fi
echo "tools-launch: all checks passed"
