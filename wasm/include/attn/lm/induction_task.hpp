// The induction task: <bos> then 32 random letters (or `length`, 8 to 32) in which a segment of 6
// to 16 distinct letters (scaled with the length: segment_lengths), at a random place, appears
// again later at a random offset. The letters around the segments are drawn from those not in
// it, so a letter of the repeat occurs earlier exactly once: "find the earlier occurrence of the
// current letter and predict what followed it" completes the repeat, and no fixed positional
// offset can (the segment's length, place and gap all vary).
#pragma once

#include <utility>

#include "attn/lm/task.hpp"

namespace attn::lm {

class InductionTask final : public LmTask {
 public:
  static constexpr int kLetters = 26, kLength = 32, kMinSegment = 6, kMaxSegment = 16;
  static constexpr int kMinLength = 8, kMaxLength = 2 * kLength;  // of any sequence drawn
  static constexpr int kHeldOut = 100;
  // length: letters per sequence, kMinLength .. kLength for training (std::invalid_argument).
  explicit InductionTask(int length = kLength, bool bos = true);
  void sample(train::Rng& rng, Sequence& out) const override;
  int length() const { return length_; }

  // The shortest and longest segment of a sequence of `length` letters: 6 and 16 at 32 letters,
  // the shortest in proportion (rounded, at least 2), the longest half the letters and at most
  // 16, so that the letters not in it (at least 10) fill the rest.
  static std::pair<int, int> segment_lengths(int length);
  // kHeldOut sequences of `length` letters (kMinLength .. kMaxLength) drawn as held_out() is,
  // from the same fixed stream: held_out() itself at the task's own length.
  std::vector<Sequence> held_out_at(int length) const;

 private:
  void draw(train::Rng& rng, int length, Sequence& out) const;
  int length_;
};

}  // namespace attn::lm
