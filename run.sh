#!/usr/bin/env bash
# Set everything up and run the main job: install packages, fetch Linux
# 7.2 from Debian, apply kernel/patches, build kernel and tools, boot the
# patched kernel under QEMU and run a write-through workload (under wtlat
# and wtsnoop once they exist).  Run as root.
set -eu
cd "$(dirname "$0")"
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
kdir=$(kernel/wtk build)
cat "$kdir/info"
WT_BUILD=$PWD/build tests/vm/vmrun -k "$kdir" -t 900 -a "${1:-2000}" demo
