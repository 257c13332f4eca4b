#!/usr/bin/env bash
# On a kernel without the series, RWF_WRITETHROUGH is refused with
# EOPNOTSUPP and wtload says so in one line and exits non-zero.
set -u
. "$(dirname "$0")/lib.sh"
need_root
mount_loop_xfs 4096
out=$("$1/wtload" -m wt -n 1 "$mnt/f" 2>&1); rc=$?
echo "$out"
[[ $rc -ne 0 ]] || { echo "FAIL: wtload -m wt succeeded on $(uname -r)"; exit 1; }
grep -q "Operation not supported" <<<"$out" || { echo "FAIL: no EOPNOTSUPP message"; exit 1; }
"$1/wtload" -m buffered -n 16 -V "$mnt/g" || exit 1
