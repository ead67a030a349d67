#include "attn/lm/induction_task.hpp"

#include <algorithm>

namespace attn::lm {

namespace {

std::vector<std::string> letters() {
  std::vector<std::string> v{"<bos>"};
  for (int i = 0; i < InductionTask::kLetters; ++i) v.emplace_back(1, static_cast<char>('a' + i));
  return v;
}

int uniform_int(train::Rng& rng, int lo, int hi) {  // lo..hi inclusive
  return lo + static_cast<int>(rng.below(static_cast<std::uint64_t>(hi - lo + 1)));
}

}  // namespace

InductionTask::InductionTask() : LmTask("induction", letters(), -1, 1 + kLength) {
  // Held out: a stream of its own, fixed for every model.
  train::Rng rng(0x1d0c7105);
  held_out_.resize(kHeldOut);
  for (auto& s : held_out_) sample(rng, s);
}

void InductionTask::sample(train::Rng& rng, Sequence& out) const {
  const int L = uniform_int(rng, kMinSegment, kMaxSegment);
  // Positions 1..kLength: the segment at a, its repeat at b >= a + L, ending by kLength.
  const int a = uniform_int(rng, 1, kLength - 2 * L + 1);
  const int b = uniform_int(rng, a + L, kLength - L + 1);
  // The segment's letters, distinct (a partial Fisher-Yates shuffle of the letters 1..26).
  int pool[kLetters];
  for (int i = 0; i < kLetters; ++i) pool[i] = i + 1;
  for (int i = 0; i < L; ++i) std::swap(pool[i], pool[uniform_int(rng, i, kLetters - 1)]);
  out.tokens.assign(static_cast<std::size_t>(1 + kLength), kBos);
  out.repeated.assign(out.tokens.size(), 0);
  for (int i = 1; i <= kLength; ++i) {
    if (i >= a && i < a + L)
      out.tokens[static_cast<std::size_t>(i)] = pool[i - a];
    else if (i >= b && i < b + L)
      out.tokens[static_cast<std::size_t>(i)] = pool[i - b];
    else
      out.tokens[static_cast<std::size_t>(i)] = pool[uniform_int(rng, L, kLetters - 1)];
  }
  // From the repeat's first letter on, each next letter is the one after its earlier copy.
  for (int i = b; i < b + L - 1; ++i) out.repeated[static_cast<std::size_t>(i)] = 1;
  set_next_token_targets(out);
}

}  // namespace attn::lm
