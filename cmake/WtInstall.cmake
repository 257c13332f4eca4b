# Install rules: `cmake --install BUILD [--prefix DIR]`, DESTDIR respected,
# paths from GNUInstallDirs.  Like libbpf-tools, the BPF tools need root
# (CAP_BPF, CAP_PERFMON) and go to sbin; the rest goes to bin.  The BPF
# object is compiled into wtlat and wtsnoop (bpftool skeleton), so the
# binaries, their man pages and rwf.h are all there is to install.
# Included at the end of the top-level CMakeLists.txt: every target exists.

install(TARGETS wtlat wtsnoop RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})
install(TARGETS wtload wtdiff RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# wtbench: sbin if it loads BPF programs (links wtbpf), else bin.
if(TARGET wtbench)
  get_target_property(_wt_bench_libs wtbench LINK_LIBRARIES)
  if(_wt_bench_libs MATCHES "wtbpf|wt_skel")
    install(TARGETS wtbench RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})
  else()
    install(TARGETS wtbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endif()

# wtrun: the launcher in bin, its LD_PRELOAD library in a private directory
# (LIBDIR/wt/preload: not one ldconfig looks at, so the package needs no
# ldconfig scripts) where the launcher looks for it.
if(TARGET wtrun)
  install(TARGETS wtrun RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(TARGETS wtrun_preload LIBRARY DESTINATION ${WTRUN_PRELOAD_DIR})
endif()

install(FILES ${CMAKE_SOURCE_DIR}/include/wt/rwf.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wt)

# Every page in docs/man, in the section its suffix names.
file(GLOB _wt_man_pages CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/docs/man/*.[1-8])
foreach(_page ${_wt_man_pages})
  string(REGEX REPLACE ".*\\.([1-8])$" "\\1" _sec ${_page})
  install(FILES ${_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${_sec})
endforeach()
