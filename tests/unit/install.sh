#!/usr/bin/env bash
# install.sh BUILD REPO BINDIR SBINDIR LIBDIR MANDIR INCLUDEDIR (the
# GNUInstallDirs paths the build was configured with): `cmake --install` into a temporary DESTDIR with a
# prefix other than the configured one, then check the exact file list,
# the modes, that the BPF object is compiled into the BPF tools (nothing
# else needed at run time) and that the installed programs run.
set -u
build=$1 repo=$2 bindir=$3 sbindir=$4 libdir=$5 mandir=$6 incdir=$7
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

dest=$(mktemp -d /tmp/wt-install.XXXXXX)
trap 'rm -rf "$dest"' EXIT
prefix=/opt/wt-test
if ! DESTDIR=$dest cmake --install "$build" --prefix "$prefix" >"$dest.log" 2>&1; then
	cat "$dest.log"; rm -f "$dest.log"
	echo "FAIL: cmake --install failed"; exit 1
fi
rm -f "$dest.log"

want=(
	"$sbindir/wtlat" "$sbindir/wtsnoop" "$bindir/wtload" "$bindir/wtdiff"
	"$incdir/wt/rwf.h"
)
# built only when their sources are there
if [[ -x $build/bin/wtrun ]]; then
	want+=("$bindir/wtrun" "$libdir/wt/preload/libwtrun.so")
fi
if [[ -x $build/bin/wtbench ]]; then
	if ldd "$build/bin/wtbench" | grep -q libbpf; then
		want+=("$sbindir/wtbench")
	else
		want+=("$bindir/wtbench")
	fi
fi
for m in "$repo"/docs/man/*.[1-8]; do
	want+=("$mandir/man${m##*.}/$(basename "$m")")
done

got=$(cd "$dest" && find . -type f -o -type l | sed 's|^\./||' | sort)
exp=$(printf "${prefix#/}/%s\n" "${want[@]}" | sort)
if [[ $got != "$exp" ]]; then
	bad "installed files differ from the expected list (< expected, > installed):"
	diff <(echo "$exp") <(echo "$got") | grep '^[<>]'
else
	echo "ok: $(wc -l <<<"$got") files under DESTDIR$prefix"
fi

for f in "${want[@]}"; do
	p=$dest$prefix/$f
	[[ -f $p ]] || continue
	case $f in
	*.h | */man/* | *.so) [[ $(stat -c %a "$p") == 644 ]] || bad "$f mode $(stat -c %a "$p"), want 644" ;;
	*) [[ $(stat -c %a "$p") == 755 ]] || bad "$f mode $(stat -c %a "$p"), want 755" ;;
	esac
done

# An ELF object for the BPF machine (e_machine 247) inside the binary: the
# skeleton embeds wt.bpf.o, so no .bpf.o file is installed or looked for.
embeds_bpf() {
	local off m
	while read -r off; do
		[[ $off -eq 0 ]] && continue
		m=$(od -An -tx1 -j $((off + 18)) -N2 "$1" | tr -d ' \n')
		[[ $m == f700 ]] && return 0
	done < <(LC_ALL=C grep -obUaP '\x7fELF\x02\x01\x01' "$1" | cut -d: -f1)
	return 1
}
for t in wtlat wtsnoop; do
	p=$dest$prefix/$sbindir/$t
	[[ -f $p ]] || continue
	if embeds_bpf "$p"; then echo "ok: $t embeds its BPF object"; else bad "$t has no embedded BPF object"; fi
done
bpfo=$(cd "$dest" && find . -name '*.bpf.o' -o -name '*.skel.h')
[[ -z $bpfo ]] || bad "BPF build products installed: $bpfo"

# The installed programs run from DESTDIR, with no run path into the build tree.
for t in "$sbindir/wtlat" "$sbindir/wtsnoop" "$bindir/wtload" "$bindir/wtdiff" "$bindir/wtrun"; do
	p=$dest$prefix/$t
	[[ -f $p ]] || continue
	"$p" --help >/dev/null 2>&1 || bad "installed $t --help failed"
	if readelf -d "$p" | grep -E 'RPATH|RUNPATH' | grep -qF "$build"; then
		bad "$t has a run path into the build tree"
	fi
done

# the installed wtrun preloads the installed library, found relative to itself
if [[ -x $build/bin/wtrun ]]; then
	out=$("$dest$prefix/$bindir/wtrun" -v -- true 2>&1)
	lib=$(sed -n 's/^wtrun: LD_PRELOAD=\([^ ]*\) .*/\1/p' <<<"$out")
	if [[ -n $lib && $(realpath "$lib") == "$dest$prefix/$libdir/wt/preload/libwtrun.so" ]]; then
		echo "ok: installed wtrun uses $lib"
	else
		bad "installed wtrun: '$out', want $dest$prefix/$libdir/wt/preload/libwtrun.so"
	fi
fi

[[ $fails -eq 0 ]] || { echo "$fails check(s) failed"; exit 1; }
echo "ok: install"
