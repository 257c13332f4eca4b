# Find the build dependencies, naming the Debian package for each that is
# missing.  Nothing is vendored: libbpf, bpftool and clang come from Debian.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: apt-get install pkg-config")
endif()

macro(wt_require_pkg var module package)
  pkg_check_modules(${var} ${module})
  if(NOT ${var}_FOUND)
    message(FATAL_ERROR "${module} not found by pkg-config: apt-get install ${package}")
  endif()
endmacro()

wt_require_pkg(LIBBPF libbpf libbpf-dev)
wt_require_pkg(LIBELF libelf libelf-dev)
wt_require_pkg(ZLIB zlib zlib1g-dev)
# wtload's and wtbench's async engines
wt_require_pkg(LIBURING liburing liburing-dev)
# libaio ships no pkg-config file in Debian 12
find_library(LIBAIO_LIBRARY aio)
find_path(LIBAIO_INCLUDE_DIR libaio.h)
if(NOT LIBAIO_LIBRARY OR NOT LIBAIO_INCLUDE_DIR)
  message(FATAL_ERROR "libaio not found: apt-get install libaio-dev")
endif()

macro(wt_require_prog var package)
  find_program(${var} NAMES ${ARGN})
  if(NOT ${var})
    message(FATAL_ERROR "none of '${ARGN}' found: apt-get install ${package}")
  endif()
endmacro()

wt_require_prog(WT_CLANG clang clang clang-16 clang-15 clang-14)
wt_require_prog(WT_BPFTOOL bpftool bpftool /usr/sbin/bpftool)
wt_require_prog(WT_LLVM_STRIP llvm llvm-strip llvm-strip-16 llvm-strip-15 llvm-strip-14)
