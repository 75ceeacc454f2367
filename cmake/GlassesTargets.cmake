include(GNUInstallDirs)

# What every target of glasses' own code gets: warnings as errors (third-party headers,
# Boost and LibTorch, are system headers and stay quiet) and, with GLASSES_SANITIZE,
# AddressSanitizer and UBSan.
function(glasses_own_code target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic $<$<BOOL:${GLASSES_WERROR}>:-Werror>)
  if(GLASSES_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# glasses_library(<part> SOURCES...): the library glasses_<part>, exported as glasses::<part>.
function(glasses_library part)
  add_library(glasses_${part} ${ARGN})
  add_library(glasses::${part} ALIAS glasses_${part})
  set_target_properties(glasses_${part} PROPERTIES EXPORT_NAME ${part} OUTPUT_NAME glasses_${part}
                                                   POSITION_INDEPENDENT_CODE ON)
  glasses_own_code(glasses_${part})
endfunction()

# A program that includes LibTorch reuses glasses_nn's precompiled torch header, which
# needs the library's code model: -fPIC, where an executable would get -fPIE.
function(glasses_torch_program target)
  target_precompile_headers(${target} REUSE_FROM glasses_nn)
  target_compile_options(${target} PRIVATE -fPIC)
endfunction()
