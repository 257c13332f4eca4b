#!/usr/bin/env bash
# Install the Debian packages the project needs (as root; a no-op when they
# are all there).  Used by run.sh and test.sh, so a fresh machine works.
set -eu
pkgs=(build-essential cmake pkg-config ccache git bc flex bison libelf-dev libssl-dev
	dwarves cpio kmod rsync clang libclang-rt-dev llvm libbpf-dev bpftool zlib1g-dev
	busybox-static qemu-system-x86 xfsprogs dmsetup file jq liburing-dev libaio-dev gnuplot-nox
	dpkg-dev debhelper libdw-dev xz-utils python3 python3-prometheus-client libtraceevent-dev)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]]; then
	echo "install-deps: missing packages: ${missing[*]} (run as root, or install them)" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
