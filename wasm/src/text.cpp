#include "attn/text.hpp"

namespace attn {

std::string shown(const std::string& text, std::size_t max_bytes) {
  std::string out = text;
  for (auto& ch : out)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = '?';
  if (out.size() <= max_bytes) return out;
  // Never inside a multi-byte UTF-8 sequence.
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  return out.substr(0, cut) + "...";
}

std::string grouped(double n) {
  std::string digits = std::to_string(static_cast<long long>(n));
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return digits;
}

std::size_t utf16_length(std::string_view utf8) {
  std::size_t units = 0;
  for (const char ch : utf8) {
    const auto byte = static_cast<unsigned char>(ch);
    if ((byte & 0xC0) != 0x80) ++units;  // a continuation byte adds nothing
    if (byte >= 0xF0) ++units;           // past U+FFFF: a surrogate pair in JS
  }
  return units;
}

}  // namespace attn
