#!/usr/bin/env bash
# tests/perf/build.sh: perf(1) built from the kernel tree, for the guest.
#
# Exports the parts of the tree perf is built from (tools, include,
# arch/x86, scripts, Makefile) at its HEAD into a scratch directory (the
# tree itself is only read), builds a minimal tools/perf there (no Python,
# Perl, GTK, slang, BPF skeletons, unwinding or vendor event tables: what
# is left lists, counts, records and prints tracepoints), and puts perf
# and the shared libraries it loads under DIR/root, the layout of the
# guest's root, which vmrun -x appends to the initramfs.  Prints DIR.
#
# Cached as ~/.cache/wt/perf-KEY, KEY from the git tree objects of those
# paths at HEAD and this script: a series change that does not touch them
# reuses the build (seconds); a first build takes 4 to 8 minutes here.
# The compile runs under nice, and under flock WT_KBUILD_LOCK when set
# (the machine's one-kernel-build-at-a-time lock).
#
# Environment: WT_CACHE (default ~/.cache/wt), WT_KTREE (default: kernel/wtk
# tree), WT_JOBS (default: the number of CPUs).  Needs flex, bison,
# pkg-config, libelf-dev, libtraceevent-dev (tools/install-deps.sh).
# Exit: 0 and DIR on stdout; 1 on a failed build (its errors on stderr, the
# whole log in ~/.cache/wt/perf-KEY.failed.log).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${WT_CACHE:-$HOME/.cache/wt}
tree=${WT_KTREE:-$("$repo/kernel/wtk" tree)}
jobs=${WT_JOBS:-$(nproc)}
paths=(tools include arch/x86 arch/arm64/tools scripts Makefile)

die() { echo "perf-build: $*" >&2; exit 1; }
git -C "$tree" rev-parse -q --verify HEAD >/dev/null || die "no git tree at $tree"
key=$({ for p in "${paths[@]}"; do git -C "$tree" rev-parse "HEAD:$p"; done
	sha256sum <"$0"; } | sha256sum | cut -c1-16)
out=$cache/perf-$key
if [[ -x $out/root/usr/bin/perf ]]; then
	echo "$out"
	exit 0
fi
for t in flex bison pkg-config make gcc; do
	command -v "$t" >/dev/null || die "$t missing (tools/install-deps.sh)"
done
for l in libelf libtraceevent; do
	pkg-config --exists "$l" || die "$l missing (apt-get install $l-dev; tools/install-deps.sh)"
done

work=$(mktemp -d /tmp/wt-perf.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/obj"
git -C "$tree" archive HEAD "${paths[@]}" | tar -x -C "$work/src"
echo "perf-build: building perf from $tree ($(git -C "$tree" log -1 --format='%h %s' HEAD)) into $out" >&2
opts=(NO_LIBPYTHON=1 NO_LIBPERL=1 NO_SLANG=1 NO_GTK2=1 NO_LIBBPF=1 BUILD_BPF_SKEL=0
	NO_LIBUNWIND=1 NO_LIBDW=1 NO_LIBDW_DWARF_UNWIND=1 NO_LIBNUMA=1 NO_LIBCRYPTO=1
	NO_LIBBABELTRACE=1 NO_LIBCAP=1 NO_LIBZSTD=1 NO_LIBLZMA=1 NO_LIBPFM4=1 NO_CAPSTONE=1
	NO_LIBLLVM=1 NO_DEMANGLE=1 NO_SDT=1 NO_JVMTI=1 NO_JEVENTS=1 NO_SHELLCHECK=1
	NO_LIBDEBUGINFOD=1 NO_AUXTRACE=1 NO_RUST=1 WERROR=0)
cmd=(nice make -C "$work/src/tools/perf" O="$work/obj" -j"$jobs" "${opts[@]}")
if [[ -n ${WT_KBUILD_LOCK:-} ]]; then
	mkdir -p "$(dirname "$WT_KBUILD_LOCK")"
	cmd=(flock "$WT_KBUILD_LOCK" "${cmd[@]}")
fi
start=$(date +%s)
if ! "${cmd[@]}" >"$work/build.log" 2>&1 || [[ ! -x $work/obj/perf ]]; then
	mkdir -p "$cache"
	cp "$work/build.log" "$out.failed.log"
	grep -E -m 10 'error|Error|\*\*\*' "$work/build.log" >&2 || tail -n 20 "$work/build.log" >&2
	die "the build failed; its log: $out.failed.log"
fi

# perf and the libraries it loads, at their paths, for the guest's root
root=$work/root
mkdir -p "$root/usr/bin"
cp "$work/obj/perf" "$root/usr/bin/perf"
strip "$root/usr/bin/perf" 2>/dev/null || true
while read -r lib; do
	[[ -n $lib && -e $lib ]] || continue
	mkdir -p "$root/$(dirname "$lib")"
	cp -L "$lib" "$root/$lib"
done < <(ldd "$work/obj/perf" | awk '/=>/ { print $3 } /^[ \t]*\// { print $1 }')
"$root/usr/bin/perf" version >"$work/version"
{
	echo "tree=$tree"
	echo "head=$(git -C "$tree" log -1 --format='%H %s' HEAD)"
	echo "version=$(cat "$work/version")"
	echo "seconds=$(( $(date +%s) - start ))"
	echo "options=${opts[*]}"
} >"$work/info"
mkdir -p "$cache"
rm -rf "$out.tmp"
mkdir "$out.tmp"
mv "$root" "$work/info" "$work/build.log" "$out.tmp/"
mv "$out.tmp" "$out"
echo "perf-build: $(cat "$work/version"), $(( $(date +%s) - start )) s" >&2
echo "$out"
