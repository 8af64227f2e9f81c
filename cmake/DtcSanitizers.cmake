#===- DtcSanitizers.cmake - DTC_SANITIZE and DTC_FUZZ ----------------------===#
#
# Included by the top-level CMakeLists.txt before HandleLLVMOptions.
#
# -DDTC_FUZZ=ON adds the libFuzzer targets of test/fuzz (clang only). All of
# dtc's code then gets coverage instrumentation for them to follow
# (-fsanitize=fuzzer-no-link, through LLVM_USE_SANITIZE_COVERAGE), and ASan
# with UBSan unless DTC_SANITIZE names other sanitizers.
#
# -DDTC_SANITIZE=address,undefined builds all of dtc's own code with those
# sanitizers (Debian's libMLIR.so stays uninstrumented, which ASan and UBSan
# allow). It goes through LLVM's LLVM_USE_SANITIZER, so HandleLLVMOptions adds
# -fno-omit-frame-pointer and line tables, and drops -Wl,-z,defs: shared
# libraries leave the sanitizer runtime's symbols to the executable.
#
#===----------------------------------------------------------------------===#

if(DTC_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang" OR NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "DTC_FUZZ=ON needs clang for libFuzzer "
            "(-DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22); "
            "the compilers are ${CMAKE_C_COMPILER_ID} and ${CMAKE_CXX_COMPILER_ID}")
  endif()
  if(NOT DTC_BUILD_TESTS)
    message(FATAL_ERROR "DTC_FUZZ=ON needs DTC_BUILD_TESTS=ON (the fuzzers are tests)")
  endif()
  if(NOT DTC_SANITIZE)
    set(DTC_SANITIZE "address,undefined")
  endif()
  set(LLVM_USE_SANITIZE_COVERAGE ON)
endif()
set(DTC_SANITIZER_FLAGS "")
if(DTC_SANITIZE)
  string(REPLACE "," ";" _dtc_sanitizers "${DTC_SANITIZE}")
  list(SORT _dtc_sanitizers)
  if(_dtc_sanitizers STREQUAL "address")
    set(LLVM_USE_SANITIZER "Address")
  elseif(_dtc_sanitizers STREQUAL "undefined")
    set(LLVM_USE_SANITIZER "Undefined")
  elseif(_dtc_sanitizers STREQUAL "address;undefined")
    set(LLVM_USE_SANITIZER "Address;Undefined")
  elseif(_dtc_sanitizers STREQUAL "thread")
    set(LLVM_USE_SANITIZER "Thread")
  else()
    message(FATAL_ERROR "DTC_SANITIZE=${DTC_SANITIZE}: use address, undefined, "
            "address,undefined or thread (memory needs an instrumented libMLIR)")
  endif()
  # LLVM's own default (set in its source tree, not in the installed CMake):
  # UB aborts instead of printing and going on, so it fails a test; the vptr
  # and function checks are off, as in LLVM's own sanitizer builds (they need
  # every library in the process built with them, and libMLIR.so is not).
  # DTC_SANITIZE_RECOVER=ON reports and goes on instead (ASan too): a survey
  # that lists every finding of a suite in one run, with halt_on_error=0.
  if(DTC_SANITIZE_RECOVER)
    set(_dtc_recover "-fsanitize-recover=all")
  else()
    set(_dtc_recover "-fno-sanitize-recover=all")
  endif()
  set(LLVM_UBSAN_FLAGS
      "-fsanitize=undefined -fno-sanitize=vptr,function ${_dtc_recover}")
  # What a program linked against the sanitized runtime needs (the lit
  # suite builds some: test/lit.cfg.py).
  set(DTC_SANITIZER_FLAGS "-fno-omit-frame-pointer -gline-tables-only")
  if(DTC_SANITIZE MATCHES "address")
    string(APPEND DTC_SANITIZER_FLAGS " -fsanitize=address")
    if(DTC_SANITIZE_RECOVER)
      string(APPEND CMAKE_C_FLAGS " -fsanitize-recover=address")
      string(APPEND CMAKE_CXX_FLAGS " -fsanitize-recover=address")
    endif()
  endif()
  if(DTC_SANITIZE MATCHES "undefined")
    string(APPEND DTC_SANITIZER_FLAGS " ${LLVM_UBSAN_FLAGS}")
  endif()
  if(DTC_SANITIZE MATCHES "thread")
    string(APPEND DTC_SANITIZER_FLAGS " -fsanitize=thread")
  endif()
  message(STATUS "Sanitizers: ${DTC_SANITIZE} (${DTC_SANITIZER_FLAGS})")
endif()
