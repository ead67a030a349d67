# The WebAssembly modules, each an ES module factory createAttentionModule() in <name>.mjs
# + <name>.wasm: attention (attn_core with every binding under wasm/bindings: the engine's
# exported C functions in engine.cpp, the trainable models' one embind layer in models.cpp) and
# engine (the same without the models, for the lessons' page). Both carry heap_count.cpp, the
# engine's own count of the bytes it holds (attn.measurePeak). Included from the top-level
# CMakeLists.txt under emcmake only.

# C++ errors must reach JS as messages, so exceptions have to work (Emscripten
# turns them off by default). "wasm" = native WebAssembly exception handling
# (Node 20, Chromium 95+, Firefox 100+, Safari 15.2+): no JS trampolines, small
# and fast. "js" = Emscripten's older JS-emulated mode, for very old browsers.
# "wasm" makes the smaller and faster module (a lesson's selfAttention call from JS ~16 us
# against ~21 us for "js", measured when calls still went through embind). Both link
# against system libraries the Debian package ships prebuilt (libc++-except is the wasm-EH
# variant in 3.1.6), so a fresh machine compiles no libraries.
set(ATTN_EXCEPTIONS "wasm" CACHE STRING "C++ exception mode: wasm or js")
set_property(CACHE ATTN_EXCEPTIONS PROPERTY STRINGS wasm js)
# 128-bit SIMD (-msimd128): Eigen 3.4 has no wasm SIMD backend, so this does not speed up
# Eigen; it compiles the hand-written matrix-product kernel in wasm/src/matmul.cpp
# (__wasm_simd128__), which every product of the engine and the trainer goes through.
option(ATTN_SIMD "Build with WebAssembly SIMD (-msimd128)" OFF)

if(ATTN_EXCEPTIONS STREQUAL "wasm")
  set(ATTN_EXCEPTION_FLAG -fwasm-exceptions)
elseif(ATTN_EXCEPTIONS STREQUAL "js")
  set(ATTN_EXCEPTION_FLAG -fexceptions)
else()
  message(FATAL_ERROR "ATTN_EXCEPTIONS must be wasm or js, not '${ATTN_EXCEPTIONS}'")
endif()

set(ATTN_WASM_FLAGS ${ATTN_EXCEPTION_FLAG} -O3)
if(ATTN_SIMD)
  list(APPEND ATTN_WASM_FLAGS -msimd128)
endif()
# Compile and link flags must agree, so the core gets them too (PUBLIC).
target_compile_options(attn_core PUBLIC ${ATTN_WASM_FLAGS})

# The models' declarations and their one binding run once per model or per call, never per
# training step, and at -O3 they made attention.wasm 533 KB (449 KB with the two hand-written
# bindings they replaced): -Os for them brings it to 474 KB (declarations over string_view,
# measured on the plain build). The hot call, step(), is in the models' own files, still -O3.
file(GLOB ATTN_DECLARATION_SOURCES CONFIGURE_DEPENDS
     ${CMAKE_CURRENT_SOURCE_DIR}/wasm/src/declare/*.cpp
     ${CMAKE_CURRENT_SOURCE_DIR}/wasm/src/*/*_declaration.cpp
     ${CMAKE_CURRENT_SOURCE_DIR}/wasm/bindings/models.cpp)
set_source_files_properties(${ATTN_DECLARATION_SOURCES} PROPERTIES COMPILE_OPTIONS -Os)

file(GLOB ATTN_BINDING_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/wasm/bindings/*.cpp)
# Everything -O3, the bindings included. Measured and dropped: -Os for the bindings and
# the once-per-trainer code saved 0.7 KB gzip of engine.wasm but made a 64 x 64 selfAttention
# call from JS 10% slower; -Os everywhere makes attention 5-14x and training 3x slower
# (Eigen needs -O3's inlining).
set(ATTN_MODULE_OPTIONS
  ${ATTN_WASM_FLAGS}
  -sMODULARIZE=1
  -sEXPORT_ES6=1
  -sEXPORT_NAME=createAttentionModule
  -sALLOW_MEMORY_GROWTH=1
  -sENVIRONMENT=web,worker,node
  --extern-pre-js ${CMAKE_CURRENT_SOURCE_DIR}/wasm/extern-pre.js
  # No eval or new Function in the glue (the models' embind builds its invokers without
  # them), so the site's Content-Security-Policy needs no 'unsafe-eval'.
  -sDYNAMIC_EXECUTION=0
  # The JS API packs arguments into HEAPF64 and reads messages with UTF8ToString; HEAP8's
  # length is the memory size the leak tests watch.
  "-sEXPORTED_RUNTIME_METHODS=['HEAP8','HEAPF64','UTF8ToString']")

# attention.{mjs,wasm}: everything (Node, the live-training worker).
add_executable(attention ${ATTN_BINDING_SOURCES})
# engine.{mjs,wasm}: the attention engine without the models, for the lessons' page: the
# linker leaves out every function of attn_core nothing here calls (the models, their tasks and
# the training loop; of wasm/src/train only the attention layer, whose backward pass the
# lessons' self_attention_backward runs), so the first lesson downloads less (npm run
# bench:page). The live-training worker fetches attention.wasm.
add_executable(engine ${CMAKE_CURRENT_SOURCE_DIR}/wasm/bindings/engine.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/wasm/bindings/heap_count.cpp)
foreach(module attention engine)
  set_target_properties(${module} PROPERTIES SUFFIX ".mjs"
                        LINK_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/wasm/extern-pre.js)
  target_link_libraries(${module} PRIVATE attn_core)
  target_link_options(${module} PRIVATE ${ATTN_MODULE_OPTIONS})
endforeach()
# Only the models' bindings use embind; the engine's are plain exported C functions, so
# the page's engine module leaves embind's runtime out.
target_link_options(attention PRIVATE --bind)

# tests/bench/engine_bench.cpp as a Node program (npm run bench builds it on
# demand: not part of the default build).
add_executable(engine_bench EXCLUDE_FROM_ALL ${CMAKE_CURRENT_SOURCE_DIR}/tests/bench/engine_bench.cpp)
set_target_properties(engine_bench PROPERTIES SUFFIX ".cjs")
target_link_libraries(engine_bench PRIVATE attn_core)
target_link_options(engine_bench PRIVATE ${ATTN_WASM_FLAGS} -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1
  # Node 20 cannot fetch a file path (see wasm/js/node.js): compile synchronously from the file.
  -sWASM_ASYNC_COMPILATION=0)
