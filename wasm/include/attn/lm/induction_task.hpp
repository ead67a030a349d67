// The induction task: <bos> then 32 random letters in which a segment of 6 to 16 distinct
// letters, at a random place, appears again later at a random offset. The letters around the
// segments are drawn from those not in it, so a letter of the repeat occurs earlier exactly
// once: "find the earlier occurrence of the current letter and predict what followed it"
// completes the repeat, and no fixed positional offset can (the segment's length, place and
// gap all vary).
#pragma once

#include "attn/lm/task.hpp"

namespace attn::lm {

class InductionTask final : public LmTask {
 public:
  static constexpr int kLetters = 26, kLength = 32, kMinSegment = 6, kMaxSegment = 16;
  static constexpr int kHeldOut = 100;
  InductionTask();
  void sample(train::Rng& rng, Sequence& out) const override;
};

}  // namespace attn::lm
