# bpf_object(NAME SOURCE [HEADERS...])
#
# Compiles SOURCE (a bpf/*.bpf.c file) with clang for the BPF target,
# strips DWARF (BTF stays), and generates NAME.skel.h with bpftool.  Creates
# the INTERFACE target NAME_skel that carries the skeleton's include
# directory and the libbpf link line.  HEADERS are extra dependencies (the
# shared event/histogram headers), so editing one rebuilds the object.
# -mcpu=v3 for the atomic fetch-and-add and fetch-and-or (kernel 5.12 on)
# that the state of asynchronous writes needs.

# clang's own system include directories, added with -idirafter so BPF code
# can use <linux/types.h> and friends from the host's kernel headers.
execute_process(
  COMMAND sh -c "${WT_CLANG} -v -E - </dev/null 2>&1 | sed -n '/<...> search starts here:/,/End of search list./{ s| \\(/.*\\)|-idirafter \\1|p }'"
  OUTPUT_VARIABLE _wt_clang_sys OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(WT_CLANG_SYSTEM_INCLUDES UNIX_COMMAND "${_wt_clang_sys}")

if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|amd64")
  set(WT_BPF_ARCH x86)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64|arm64")
  set(WT_BPF_ARCH arm64)
else()
  set(WT_BPF_ARCH ${CMAKE_SYSTEM_PROCESSOR})
endif()

function(bpf_object name src)
  set(obj ${CMAKE_CURRENT_BINARY_DIR}/${name}.bpf.o)
  set(tmp ${CMAKE_CURRENT_BINARY_DIR}/${name}.tmp.bpf.o)
  set(skel_dir ${CMAKE_CURRENT_BINARY_DIR}/skel)
  set(skel ${skel_dir}/${name}.skel.h)
  get_filename_component(src_abs ${src} ABSOLUTE)
  set(deps ${src_abs})
  foreach(h ${ARGN})
    get_filename_component(h_abs ${h} ABSOLUTE)
    list(APPEND deps ${h_abs})
  endforeach()
  add_custom_command(
    OUTPUT ${obj}
    COMMAND ${WT_CLANG} -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_${WT_BPF_ARCH}
            -Wall -Werror -I${CMAKE_SOURCE_DIR}/include -I${CMAKE_SOURCE_DIR}/bpf
            ${LIBBPF_CFLAGS} ${WT_CLANG_SYSTEM_INCLUDES}
            -c ${src_abs} -o ${tmp}
    COMMAND ${WT_LLVM_STRIP} -g ${tmp} -o ${obj}
    DEPENDS ${deps}
    COMMENT "BPF ${name}.bpf.c"
    VERBATIM)
  add_custom_command(
    OUTPUT ${skel}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${skel_dir}
    COMMAND sh -c "${WT_BPFTOOL} gen skeleton ${obj} name ${name}_bpf > ${skel}.tmp && mv ${skel}.tmp ${skel}"
    DEPENDS ${obj}
    COMMENT "skeleton ${name}.skel.h"
    VERBATIM)
  add_custom_target(${name}_skel_gen DEPENDS ${skel})
  add_library(${name}_skel INTERFACE)
  add_dependencies(${name}_skel ${name}_skel_gen)
  target_include_directories(${name}_skel INTERFACE ${skel_dir})
  target_link_libraries(${name}_skel INTERFACE ${LIBBPF_LINK_LIBRARIES} ${LIBELF_LINK_LIBRARIES} ${ZLIB_LINK_LIBRARIES})
endfunction()
