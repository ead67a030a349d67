// A learner's text inside an error message, shared by everything that quotes one (the tasks'
// tokenizer, the training loop's option checks, the translator's grammar and lexicon), and how
// long a text is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace attn {

// text as an error message quotes it: control characters as '?' (a NUL would end the message
// when it reaches JS as a C string) and at most max_bytes, cut at a character boundary with
// "..." added.
std::string shown(const std::string& text, std::size_t max_bytes = 24);

// 4194304 -> "4,194,304": limits and counts in messages read more easily with separators.
std::string grouped(double n);

// The length JS gives the same text (UTF-16 code units) from its UTF-8: what a text box's
// maxlength counts, so a bound on text reads the same in C++, in JS and on the page.
std::size_t utf16_length(std::string_view utf8);

}  // namespace attn
