#!/usr/bin/env bash
# kernel-deb.sh REPO: `kernel/wtk deb --config <the test kernel's .config>`
# makes an installable linux-image package of the patched kernel: one
# linux-image-<release>.deb (no -dbg) whose control fields name the
# release and the series, whose files hold /boot/vmlinuz-<release> (a
# bzImage of that release), System.map-<release> with the series' symbols
# and config-<release> with the options the tools need; dpkg accepts it
# (--dry-run, nothing is installed).  The packages are cached like `wtk
# build` (base version, config, series): a cached run takes seconds.
set -u
repo=$1
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
for p in dpkg-deb dpkg-buildpackage dh_listpackages; do
	command -v $p >/dev/null || { echo "SKIP: $p missing (tools/install-deps.sh)"; exit 77; }
done
kout=$("$repo/kernel/wtk" out) || { echo "FAIL: kernel/wtk out"; exit 1; }
cfg=$kout/.config
[[ -f $cfg ]] || { echo "FAIL: no test kernel config $cfg (vm.kernel-build makes it)"; exit 1; }

t0=$SECONDS
out=$("$repo/kernel/wtk" deb --config "$cfg") || { echo "FAIL: kernel/wtk deb --config $cfg failed"; exit 1; }
echo "kernel/wtk deb: $out in $((SECONDS - t0)) s"
cat "$out/info"
release=$(sed -n 's/^release=//p' "$out/info")
[[ -n $release ]] || { echo "FAIL: no release in $out/info"; exit 1; }
[[ $release == *-wt ]] || bad "release $release does not end in -wt (LOCALVERSION)"

imgs=$(cd "$out" && ls linux-image-*.deb 2>/dev/null)
[[ $(wc -w <<<"$imgs") -eq 1 ]] || bad "want one linux-image package (no -dbg), got: $imgs"
deb=$out/$(head -n1 <<<"$imgs")
[[ -f $deb ]] || { echo "FAIL: no linux-image package in $out"; exit 1; }
echo "package: $(basename "$deb")"
field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == "linux-image-$release" ]] || bad "Package '$(field Package)', want linux-image-$release"
[[ $(field Architecture) == "$(dpkg --print-architecture)" ]] || bad "Architecture '$(field Architecture)'"
series=$(sed -n 's/^series=\([0-9a-f]*\).*/\1/p' "$out/info")
[[ $(field Version) == *"+wt.${series:0:8}" ]] || bad "Version '$(field Version)' does not name the series (+wt.${series:0:8})"
dpkg-deb -I "$deb" | grep -qw postinst || bad "no postinst (the kernel hooks: initramfs, boot loader)"

files=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
for f in "./boot/vmlinuz-$release" "./boot/System.map-$release" "./boot/config-$release"; do
	grep -qxF "$f" <<<"$files" && echo "ok: $f" || bad "$f not in the package"
done
work=$(mktemp -d /tmp/wt-kdeb.XXXXXX)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work"
kind=$(file -b "$work/boot/vmlinuz-$release")
[[ $kind == *"bzImage"*"version $release "* ]] && echo "ok: vmlinuz: $kind" ||
	bad "vmlinuz-$release is not a bzImage of $release: $kind"
# the patched kernel: the series' write-through entry point is in it
grep -q ' iomap_file_writethrough_write$' "$work/boot/System.map-$release" &&
	echo "ok: System.map has iomap_file_writethrough_write" ||
	bad "System.map-$release lacks iomap_file_writethrough_write: not the series' kernel"
for o in CONFIG_XFS_FS CONFIG_BPF_SYSCALL CONFIG_DEBUG_INFO_BTF CONFIG_FTRACE CONFIG_TRACEPOINTS; do
	grep -qE "^$o=(y|m)$" "$work/boot/config-$release" || bad "config-$release: $o is not on"
done

# dpkg would install it (dependencies, conflicts); nothing is unpacked
if [[ $(id -u) -eq 0 ]]; then
	if msg=$(dpkg --dry-run -i "$deb" 2>&1); then
		echo "ok: dpkg --dry-run -i accepts it"
	elif grep -q 'lock' <<<"$msg"; then
		echo "note: dpkg database locked, --dry-run not checked: $msg"
	else
		bad "dpkg --dry-run -i refuses it: $msg"
	fi
fi

[[ $fails -eq 0 ]] || { echo "$fails check(s) failed"; exit 1; }
echo "ok: kernel package"
