#!/usr/bin/env bash
# Set everything up and run the main job: install packages, fetch Linux
# 7.2 from Debian, apply kernel/patches, build kernel and tools, boot the
# patched kernel under QEMU and run a write-through workload under wtsnoop
# and wtlat, then the short wtbench table: every write style at 4 KiB and
# 256 KiB, sync, one thread, untraced (medians of 3 interleaved
# repetitions; the full matrix: docs/benchmarks.md).  Run as root.
set -eu
cd "$(dirname "$0")"
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
kdir=$(kernel/wtk build)
cat "$kdir/info"
WT_BUILD=$PWD/build tests/vm/vmrun -k "$kdir" -t 900 -a "${1:-2000}" demo
echo "== wtbench --quick: each write style at 4 KiB and 256 KiB, sync, 1 thread, untraced"
WT_BUILD=$PWD/build tools/wtbench-vm.sh -k "$kdir" -t 900 -o build/bench-quick -- --quick
