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

}  // namespace attn
