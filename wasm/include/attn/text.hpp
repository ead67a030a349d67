// A learner's text inside an error message, shared by everything that quotes one (the tasks'
// tokenizer, the training loop's option checks, the translator's grammar and lexicon).
#pragma once

#include <cstddef>
#include <string>

namespace attn {

// text as an error message quotes it: control characters as '?' (a NUL would end the message
// when it reaches JS as a C string) and at most max_bytes, cut at a character boundary with
// "..." added.
std::string shown(const std::string& text, std::size_t max_bytes = 24);

}  // namespace attn
