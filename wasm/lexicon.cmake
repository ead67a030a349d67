# The translator's lexicon is data (content/translation/lexicon.txt) compiled into the core as
# a raw string literal: every build (native, sanitizer, fuzz, both wasm modules) gets it without
# reading files at run time, and editing the file re-runs CMake, which regenerates the source.
# Included from the top-level CMakeLists.txt after attn_core is defined.
set(ATTN_LEXICON ${CMAKE_CURRENT_SOURCE_DIR}/content/translation/lexicon.txt)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ATTN_LEXICON})
file(READ ${ATTN_LEXICON} ATTN_LEXICON_TEXT)
string(FIND "${ATTN_LEXICON_TEXT}" ")lexicon\"" ATTN_LEXICON_END)
if(NOT ATTN_LEXICON_END EQUAL -1)
  message(FATAL_ERROR "${ATTN_LEXICON} contains ')lexicon\"', which would end the raw string literal")
endif()
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/wasm/src/translate/lexicon_text.cpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/generated/lexicon_text.cpp @ONLY)
target_sources(attn_core PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/generated/lexicon_text.cpp)
