#!/usr/bin/env bash
# package.sh BUILD VERSION: `cpack -G DEB` from the build directory into a
# temporary directory (the package is not installed), then check with
# dpkg-deb: the file name, the control fields, Depends naming the package
# of every shared library the packaged binaries are linked with (NEEDED),
# and the file list against `cmake --install --prefix /usr`.
set -u
. "$(dirname "$0")/lib.sh"
need_root
build=$1 version=$2
fails=0
for p in cpack dpkg-deb dpkg-shlibdeps; do
	command -v $p >/dev/null || { echo "SKIP: $p missing"; exit 77; }
done
work=$(mktemp -d /tmp/wt-pkg.XXXXXX)
trap 'rm -rf "$work"' EXIT

if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1; then
	cat "$work/cpack.log"; echo "FAIL: cpack failed"; exit 1
fi
arch=$(dpkg --print-architecture)
deb=$work/out/wt-tools_${version}_${arch}.deb
[[ -f $deb ]] || { echo "FAIL: no $(basename "$deb"); cpack made: $(ls "$work/out")"; exit 1; }
echo "ok: $(basename "$deb")"

field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == wt-tools ]] || bad "Package '$(field Package)'"
[[ $(field Version) == "$version" ]] || bad "Version '$(field Version)', want $version"
[[ $(field Architecture) == "$arch" ]] || bad "Architecture '$(field Architecture)', want $arch"
[[ $(field Section) == admin ]] || bad "Section '$(field Section)', want admin"
[[ $(field Maintainer) =~ ^[^\<]+\ \<[^@\>]+@[^\>]+\>$ ]] || bad "Maintainer '$(field Maintainer)' is not 'Name <address>'"
[[ -n $(field Description) && $(dpkg-deb -f "$deb" Description | wc -l) -gt 1 ]] ||
	bad "Description needs a summary and a long text"

# unpack, then: every library a packaged ELF file needs comes from a
# package that Depends names
dpkg-deb -x "$deb" "$work/root"
depends=$(field Depends)
echo "Depends: $depends"
elves=$(find "$work/root" -type f -exec sh -c 'file -b "$1" | grep -q ^ELF' _ {} \; -print)
needed=$(echo "$elves" | xargs -r readelf -d | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
[[ -n $needed ]] || bad "no ELF file in the package needs a shared library (nothing packaged?)"
# where the loader finds each library for these binaries
paths=$(echo "$elves" | xargs -r -n1 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' | sort -u)
for lib in $needed; do
	path=$(awk -v l="$lib" '$1 == l { print $2; exit }' <<<"$paths")
	[[ -n $path ]] || { bad "ldd does not resolve $lib"; continue; }
	pkg=$(dpkg -S "$(realpath "$path")" 2>/dev/null | head -n1 | cut -d: -f1)
	[[ -n $pkg ]] || pkg=$(dpkg -S "$path" 2>/dev/null | head -n1 | cut -d: -f1)
	[[ -n $pkg ]] || { bad "no package owns $path ($lib)"; continue; }
	if grep -qE "(^|, )$pkg( |,|$)" <<<"$depends"; then
		echo "ok: $lib -> $pkg in Depends"
	else
		bad "$lib comes from $pkg, which Depends does not name"
	fi
done
grep -q libbpf <<<"$needed" || bad "no packaged binary is linked with libbpf"

# the file list is the install rules' under /usr
DESTDIR=$work/inst cmake --install "$build" --prefix /usr >/dev/null || bad "cmake --install failed"
exp=$(cd "$work/inst" && find . ! -type d | sort)
got=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' | sort)
if [[ $got != "$exp" ]]; then
	bad "package files differ from cmake --install --prefix /usr (< install, > package):"
	diff <(echo "$exp") <(echo "$got") | grep '^[<>]'
else
	echo "ok: $(wc -l <<<"$got") files, as installed"
fi
for f in ./usr/sbin/wtlat ./usr/sbin/wtsnoop ./usr/bin/wtload ./usr/bin/wtdiff \
	./usr/include/wt/rwf.h ./usr/share/man/man8/wtlat.8; do
	grep -qxF "$f" <<<"$got" || bad "$f missing from the package"
done
# no maintainer scripts (CPack adds ldconfig calls for a library where
# ldconfig looks): apt remove then leaves nothing, not even the
# config-files state
scripts=$(dpkg-deb -I "$deb" | grep -E '^ +[0-9]+ bytes, +[0-9]+ lines' |
	grep -oE '\b(preinst|postinst|prerm|postrm)\b' | tr '\n' ' ')
[[ -z $scripts ]] || bad "maintainer scripts in the package: $scripts"
if dpkg-deb -c "$deb" | awk '{ print $2 }' | grep -qv '^root/root$'; then
	bad "files not owned by root/root in the package"
fi

[[ $fails -eq 0 ]] || { echo "$fails check(s) failed"; exit 1; }
echo "ok: package"
