#!/usr/bin/env bash
# Failures of wtlat and wtsnoop on the machine's own kernel (it has none of
# the write-through tracepoints): each is one line on stderr with its exit
# status, and under -j also a JSON error record on stdout.
#   - no kernel BTF (hidden in a mount namespace): says so, offers --btf,
#     exit 5; with --btf on a copy of the kernel's BTF it gets further
#   - --btf on a file that is not BTF: exit 2
#   - missing tracepoints: exit 3, named; -j adds {"type":"error",...}
#   - an attach failure (WT_NO_TP_CHECK=1 skips the check) names the
#     tracepoint, exit 1; --record FILE gets the error record too
set -u
. "$(dirname "$0")/lib.sh"
need_root
skip_if_wt_tracepoints
bin=$1
fails=0
work=$(mktemp -d /tmp/wt-host-err.XXXXXX)
trap 'rm -rf "$work"' EXIT

# json_error RC: stdout is exactly one JSON error record with exit RC
json_error() {
	local rc=$1
	if command -v jq >/dev/null; then
		jq -e --argjson rc "$rc" 'select(.type == "error") | .exit == $rc and (.message | length > 0)' \
			"$work/out" >/dev/null || bad "no JSON error record with exit $rc: $(cat "$work/out")"
	fi
	[[ $(grep -c . "$work/out") -eq 1 ]] && grep -q '"type":"error"' "$work/out" ||
		bad "stdout is not one error record: $(cat "$work/out")"
}

for t in wtlat wtsnoop; do
	expect 3 "$t no tracepoints" iomap_writethrough_begin -- timeout 20 "$bin/$t"
	[[ -s $work/out ]] && bad "$t printed on stdout without -j"
	expect 3 "$t -j no tracepoints" iomap_writethrough_begin -- timeout 20 "$bin/$t" -j
	json_error 3
	expect 2 "$t --btf not BTF" "--btf /etc/passwd" -- "$bin/$t" --btf /etc/passwd
	expect 2 "$t --btf missing" "No such file" -- "$bin/$t" --btf "$work/none"
	expect 1 "$t attach" "cannot attach to tracepoint iomap_writethrough_begin (raw_tp)" -- \
		env WT_NO_TP_CHECK=1 timeout 20 "$bin/$t"
	expect 1 "$t -j attach" "cannot attach to tracepoint iomap_" -- \
		env WT_NO_TP_CHECK=1 timeout 20 "$bin/$t" -j
	json_error 1
done
expect 1 "wtlat --record attach" "cannot attach to tracepoint" -- \
	env WT_NO_TP_CHECK=1 timeout 20 "$bin/wtlat" --record "$work/rec.ndjson"
cp "$work/rec.ndjson" "$work/out"
json_error 1

# no kernel BTF: a private mount namespace with /sys/kernel/btf hidden
if [[ -r /sys/kernel/btf/vmlinux ]] && command -v unshare >/dev/null; then
	cp /sys/kernel/btf/vmlinux "$work/vmlinux.btf"
	others=$(ls /boot/vmlinux-"$(uname -r)" /lib/modules/"$(uname -r)"/vmlinux-"$(uname -r)" \
		/lib/modules/"$(uname -r)"/build/vmlinux /usr/lib/modules/"$(uname -r)"/kernel/vmlinux \
		/usr/lib/debug/boot/vmlinux-"$(uname -r)" 2>/dev/null)
	if [[ -n $others ]]; then
		echo "skipping the no-BTF check: libbpf would find $others"
	else
		hide='mount -t tmpfs none /sys/kernel/btf && exec "$@"'
		# tracefs is one instance: mounting it again where it is already
		# mounted (as on most machines) fails with EBUSY
		hide_tracefs='mount -t tmpfs none /sys/kernel/btf &&
			{ mountpoint -q /sys/kernel/tracing || mount -t tracefs tracefs /sys/kernel/tracing; } &&
			exec "$@"'
		hide_notracefs='mount -t tmpfs none /sys/kernel/btf && mount -t tmpfs none /sys/kernel/tracing &&
			mount -t tmpfs none /sys/kernel/debug && exec "$@"'
		for t in wtlat wtsnoop; do
			expect 5 "$t no kernel BTF" "pass --btf PATH" -- \
				unshare -m sh -c "$hide" sh timeout 20 "$bin/$t"
			expect 5 "$t -j no kernel BTF" "no BTF" -- \
				unshare -m sh -c "$hide" sh timeout 20 "$bin/$t" -j
			json_error 5
			# with --btf it goes on, to the tracepoints: tracefs tells which
			# are missing, or without tracefs the attach names the first
			expect 3 "$t --btf, no kernel BTF, tracefs" iomap_wt_io_end -- \
				unshare -m sh -c "$hide_tracefs" sh timeout 20 "$bin/$t" --btf "$work/vmlinux.btf"
			expect 1 "$t --btf, no kernel BTF, no tracefs" "tracepoint iomap_writethrough_begin (raw_tp)" -- \
				unshare -m sh -c "$hide_notracefs" sh timeout 20 "$bin/$t" --btf "$work/vmlinux.btf"
		done
	fi
else
	echo "skipping the no-BTF check: no /sys/kernel/btf/vmlinux or unshare"
fi
exit $((fails != 0))
