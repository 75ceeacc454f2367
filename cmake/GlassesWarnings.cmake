include(GNUInstallDirs)

# Warnings are errors in glasses' own code; third-party headers (Boost, LibTorch) are
# included as system headers and stay quiet.
function(glasses_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic $<$<BOOL:${GLASSES_WERROR}>:-Werror>)
  if(GLASSES_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
