// A small random number generator whose numbers are the same on every platform.
#pragma once

#include <cstdint>

namespace attn::train {

// std::normal_distribution and std::uniform_real_distribution are
// implementation-defined: libstdc++ (native build) and libc++ (Emscripten)
// turn the same engine output into different numbers. The trainer promises
// that a seed gives the same run natively and in the browser, so it draws
// every number from raw 64-bit words with these formulas of its own.
//
// xoshiro256** (Blackman & Vigna, 2018), seeded through splitmix64 so that
// neighbouring seeds (1, 2, 3) still give unrelated streams.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);

  std::uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits (the mantissa of a double).
  double uniform();
  // Standard normal by Box-Muller; the second value of each pair is discarded
  // so that the stream position never depends on what was asked before.
  double normal();
  // Uniform integer in [0, n), n >= 1 (Lemire's multiply-shift; bias < n / 2^64).
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t s_[4];
};

}  // namespace attn::train
