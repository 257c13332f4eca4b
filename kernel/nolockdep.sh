#!/usr/bin/env bash
# kernel/nolockdep.sh [COMMIT]: the series (COMMIT of the kernel tree,
# default its HEAD) built with the test configuration minus lockdep, the
# lock debugging options and DEBUG_VM, in a worktree of its own, into
# $WT_CACHE/out-nolockdep.  For measuring what the test kernel's debugging
# costs the tools (docs/tools.md, "Overhead"):
#
#   flock /tmp/wt/kbuild.lock kernel/nolockdep.sh
#   tests/vm/vmrun -k ~/.cache/wt/out-nolockdep -a "10000 5" tools_rate
#
# A full kernel build (about 7 min on 2 cores); the worktree stays for the
# next build.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${WT_CACHE:-$HOME/.cache/wt}
tree=$("$here/wtk" tree)
ref=${1:-HEAD}
sha=$(git -C "$tree" rev-parse --verify "$ref^{commit}")
wt=$tree-nolockdep
out=$cache/out-nolockdep
[[ -d $wt ]] || git -C "$tree" worktree add -q --detach "$wt" "$sha"
git -C "$wt" checkout -q --detach "$sha"
cp "$tree/.config" "$wt/.config"
cd "$wt"
scripts/config --disable PROVE_LOCKING --disable DEBUG_LOCK_ALLOC --disable LOCKDEP \
	--disable DEBUG_LOCKDEP --disable PROVE_RCU --disable DEBUG_VM --disable DEBUG_ATOMIC_SLEEP \
	--disable DEBUG_SPINLOCK --disable DEBUG_MUTEXES --disable DEBUG_RWSEMS --disable LOCK_STAT \
	--disable DEBUG_WW_MUTEX_SLOWPATH --disable DEBUG_RT_MUTEXES
make -s CC="ccache gcc" olddefconfig
if grep -q '^CONFIG_LOCKDEP=y' .config; then
	echo "nolockdep: CONFIG_LOCKDEP is still selected by another option" >&2
	exit 1
fi
t0=$SECONDS
CCACHE_NOHASHDIR=1 make -s -j"$(($(nproc) + 1))" CC="ccache gcc" KBUILD_BUILD_USER=wt \
	KBUILD_BUILD_HOST=wt bzImage >"$wt/wt-build.log" 2>&1 ||
	{ grep -E 'error|Error' "$wt/wt-build.log" | head -n 20 >&2; exit 1; }
mkdir -p "$out"
cp arch/x86/boot/bzImage .config "$out/"
{
	echo "base=linux-source-7.2 $(git -C "$tree" describe --tags --always wt-base 2>/dev/null || echo 7.2)"
	echo "series_head=$(git log -1 --format='%h %s') (no lockdep, no DEBUG_VM)"
	echo "patches=$(git rev-list --count wt-base..HEAD)"
	echo "release=$(make -s kernelrelease)"
} >"$out/info"
echo "nolockdep: built ${sha:0:12} in $((SECONDS - t0)) s -> $out"
