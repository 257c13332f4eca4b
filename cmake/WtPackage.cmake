# `cpack -G DEB` in the build directory: the wt-tools package, made from the
# install rules (WtInstall.cmake) under /usr.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wt-tools)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "wt")
set(CPACK_PACKAGE_CONTACT "wt maintainers <maintainers@users.noreply.r-seed-ecb4b6be.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "tools for buffered write-through writes (RWF_WRITETHROUGH)")
set(CPACK_PACKAGE_DESCRIPTION
    "RWF_WRITETHROUGH is a pwritev2() flag that writes buffered data to the
device before the call returns (a kernel patch series for iomap and XFS).
This package has the tools that go with it: wtlat and wtsnoop (per-stage
latency histograms and per-write lines from the series' tracepoints,
libbpf CO-RE), wtload (workload generator in every write style), wtdiff
(compares two wtlat records), wtrun (runs an unmodified program with its
buffered writes made write-through) and the rwf.h header.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # wt-tools_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${CPACK_PACKAGE_CONTACT})
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# dpkg-shlibdeps (dpkg-dev, which build-essential brings) names the package
# and minimum version of every library the binaries are linked with.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

include(CPack)
