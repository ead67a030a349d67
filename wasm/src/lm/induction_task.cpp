#include "attn/lm/induction_task.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace attn::lm {

namespace {

constexpr std::uint64_t kHeldOutSeed = 0x1d0c7105;

std::vector<std::string> letters() {
  std::vector<std::string> v{"<bos>"};
  for (int i = 0; i < InductionTask::kLetters; ++i) v.emplace_back(1, static_cast<char>('a' + i));
  return v;
}

int uniform_int(train::Rng& rng, int lo, int hi) {  // lo..hi inclusive
  return lo + static_cast<int>(rng.below(static_cast<std::uint64_t>(hi - lo + 1)));
}

int checked_length(int length) {
  if (length < InductionTask::kMinLength || length > InductionTask::kLength)
    throw std::invalid_argument("length must be " + std::to_string(InductionTask::kMinLength) +
                                " to " + std::to_string(InductionTask::kLength) + ", got " +
                                std::to_string(length));
  return length;
}

}  // namespace

InductionTask::InductionTask(int length, bool bos)
    : LmTask("induction", letters(), -1, 1 + checked_length(length), bos), length_(length) {
  held_out_ = held_out_at(length_);
}

std::pair<int, int> InductionTask::segment_lengths(int length) {
  return {std::max(2, (kMinSegment * length + kLength / 2) / kLength),
          std::min(kMaxSegment, length / 2)};
}

std::vector<Sequence> InductionTask::held_out_at(int length) const {
  if (length < kMinLength || length > kMaxLength)
    throw std::invalid_argument("length must be " + std::to_string(kMinLength) + " to " +
                                std::to_string(kMaxLength) + ", got " + std::to_string(length));
  // A stream of its own, fixed for every model.
  train::Rng rng(kHeldOutSeed);
  std::vector<Sequence> out(kHeldOut);
  for (auto& s : out) draw(rng, length, s);
  return out;
}

void InductionTask::sample(train::Rng& rng, Sequence& out) const { draw(rng, length_, out); }

void InductionTask::draw(train::Rng& rng, int length, Sequence& out) const {
  const auto [shortest, longest] = segment_lengths(length);
  const int L = uniform_int(rng, shortest, longest);
  // Positions 1..length: the segment at a, its repeat at b >= a + L, ending by length.
  const int a = uniform_int(rng, 1, length - 2 * L + 1);
  const int b = uniform_int(rng, a + L, length - L + 1);
  // The segment's letters, distinct (a partial Fisher-Yates shuffle of the letters 1..26).
  int pool[kLetters];
  for (int i = 0; i < kLetters; ++i) pool[i] = i + 1;
  for (int i = 0; i < L; ++i) std::swap(pool[i], pool[uniform_int(rng, i, kLetters - 1)]);
  out.tokens.assign(static_cast<std::size_t>(1 + length), kBos);
  out.repeated.assign(out.tokens.size(), 0);
  for (int i = 1; i <= length; ++i) {
    if (i >= a && i < a + L)
      out.tokens[static_cast<std::size_t>(i)] = pool[i - a];
    else if (i >= b && i < b + L)
      out.tokens[static_cast<std::size_t>(i)] = pool[i - b];
    else
      out.tokens[static_cast<std::size_t>(i)] = pool[uniform_int(rng, L, kLetters - 1)];
  }
  // From the repeat's first letter on, each next letter is the one after its earlier copy.
  for (int i = b; i < b + L - 1; ++i) out.repeated[static_cast<std::size_t>(i)] = 1;
  finish(out);
}

}  // namespace attn::lm
