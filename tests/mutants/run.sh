#!/usr/bin/env bash
# Mutation check of the test suite: build each mutant kernel (the series plus
# one deliberate, plausible bug from tests/mutants/*.patch, incrementally in
# the cached kernel tree) and run the tests named on its "kill:" line until
# one fails.  A mutant that none of them kills is a missing test: exit 1.
#
#   tests/mutants/run.sh [-B BUILD] [MUTANT...]   (default: every mutant)
#
# BUILD is the CMake build directory whose ctest runs the kill tests
# (default: build).  Each mutant's kernel stays in $WT_CACHE/mutants/NAME.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$repo/build
if [[ ${1:-} == -B ]]; then build=$(cd "$2" && pwd); shift 2; fi
cache=${WT_CACHE:-$HOME/.cache/wt}
jobs=${WT_JOBS:-$(($(nproc) + 1))}

die() { echo "mutants: $*" >&2; exit 2; }
[[ -f $build/CTestTestfile.cmake ]] || die "no CMake build in $build (run cmake first)"

kdir=$("$repo/kernel/wtk" build)
tree=$("$repo/kernel/wtk" tree)
[[ -z $(git -C "$tree" status --porcelain --untracked-files=no) ]] ||
	die "kernel tree $tree has uncommitted changes; run kernel/wtk apply"

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
	for p in "$here"/*.patch; do names+=("$(basename "$p" .patch)"); done
fi

applied=
restore() {
	if [[ -n $applied ]]; then
		git -C "$tree" apply -R "$here/$applied.patch" ||
			die "could not take $applied back out of $tree"
		applied=
	fi
}
trap restore EXIT

declare -A result
survived=0
for m in "${names[@]}"; do
	patch=$here/$m.patch
	[[ -f $patch ]] || die "no mutant $patch"
	what=$(sed -n 's/^# mutant: //p' "$patch")
	kills=$(sed -n 's/^# kill: //p' "$patch")
	[[ -n $kills ]] || die "$m.patch has no '# kill:' line"
	echo "== mutant $m: $what"
	git -C "$tree" apply --check "$patch" 2>/dev/null ||
		die "$m.patch does not apply to the series (regenerate it)"
	git -C "$tree" apply "$patch"
	applied=$m
	t0=$SECONDS
	if ! make -C "$tree" -s -j"$jobs" CC="ccache gcc" KBUILD_BUILD_USER=wt \
		KBUILD_BUILD_HOST=wt bzImage >"$cache/mutant-build.log" 2>&1; then
		grep -E 'error' "$cache/mutant-build.log" | head -n 20 >&2
		die "mutant $m does not build"
	fi
	out=$cache/mutants/$m
	rm -rf "$out" && mkdir -p "$out"
	cp "$tree/arch/x86/boot/bzImage" "$out/"
	cp -r "$kdir/guest" "$out/" 2>/dev/null || true
	{ cat "$kdir/info"; echo "mutant=$m"; } >"$out/info"
	restore
	echo "   built in $((SECONDS - t0)) s; running: $kills"
	result[$m]=SURVIVED
	for t in $kills; do
		if (cd "$build" && WT_KDIR=$out ctest -R "^${t//./\\.}\$" --timeout 3000 \
			--output-on-failure \
			>"$cache/mutants/$m.$t.log" 2>&1); then
			echo "   $t passed"
		else
			if grep -q "No tests were found" "$cache/mutants/$m.$t.log"; then
				die "mutant $m names a test that does not exist: $t"
			fi
			echo "   $t FAILED: killed"
			result[$m]="killed by $t"
			break
		fi
	done
	[[ ${result[$m]} != SURVIVED ]] || survived=$((survived + 1))
done

echo "== mutants"
for m in "${names[@]}"; do printf '%-28s %s\n' "$m" "${result[$m]}"; done
echo "$((${#names[@]} - survived)) killed, $survived survived"
[[ $survived -eq 0 ]]
