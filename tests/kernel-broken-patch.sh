#!/usr/bin/env bash
# A patch that no longer applies stops the build with the patch's name and
# git's reason, and leaves the kernel tree alone.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$repo/kernel" "$tmp/kernel"
victim=$(sed -n '/xfs-support/p' "$tmp/kernel/series")
[[ -n $victim ]] || { echo "no XFS patch in the series"; exit 1; }
# change a context line of the patch so that it no longer matches the base
sed -i '0,/^ STATIC ssize_t$/s// STATIC ssize_t broken_on_purpose/' "$tmp/kernel/patches/$victim"
tree=$("$repo/kernel/wtk" tree)
head_before=$(git -C "$tree" rev-parse HEAD)
out=$("$tmp/kernel/wtk" check 2>&1); rc=$?
echo "$out"
[[ $rc -ne 0 ]] || { echo "FAIL: a broken patch did not stop the build"; exit 1; }
grep -q "patch .* $victim, does not apply" <<<"$out" || { echo "FAIL: the message does not name $victim"; exit 1; }
grep -q "error: patch failed\|error: .*patch does not apply" <<<"$out" || { echo "FAIL: git's reason is missing"; exit 1; }
[[ $(git -C "$tree" rev-parse HEAD) == "$head_before" ]] || { echo "FAIL: the kernel tree was changed"; exit 1; }
out=$("$repo/kernel/wtk" check 2>&1) || { echo "FAIL: the real series does not apply: $out"; exit 1; }
echo "ok: broken patch named, tree untouched, real series applies"
