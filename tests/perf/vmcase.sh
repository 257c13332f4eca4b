#!/usr/bin/env bash
# tests/perf/vmcase.sh [VMRUN OPTIONS]: perf built from the kernel tree
# (tests/perf/build.sh, cached) appended to the guest with vmrun -x, then
# the guest case perf (tests/vm/cases/perf.sh).  Exit: the case's status;
# 1 if perf cannot be built.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=$("$here/build.sh") || exit 1
echo "perf: $(sed -n 's/^version=//p' "$dir/info") from $dir"
exec "$here/../vm/vmrun" -x "$dir/root" "$@" perf
