// Generation one token at a time with a key-value cache: each layer's heads keep the keys and
// values of the tokens already seen, so a new token costs its own projections and one row of
// scores against the cache (linear in its position) instead of a forward pass over the whole
// prefix (quadratic in it). The arithmetic is the forward pass's (attn/lm/model.hpp) token by
// token, so both give the same distributions to rounding. Heads that share keys and values
// (kv_heads < heads) share their cache: it holds kv_heads heads' keys and values per layer.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "attn/lm/model.hpp"

namespace attn::lm {

class KvCache {
 public:
  // Room for config.max_length tokens; nothing is allocated per token.
  explicit KvCache(const DecoderConfig& config);

  // Appends token at the next position (std::invalid_argument once the context is full) and
  // returns the next-token logits (vocab); multiply_adds() then holds what the call cost.
  const Eigen::VectorXd& push(const DecoderParams& p, int token, const Ablation& ablation);

  Eigen::Index length() const { return length_; }
  // Multiply-adds of the last push, counted as forward_multiply_adds counts them.
  std::int64_t multiply_adds() const { return multiply_adds_; }
  // Numbers the cache holds: keys and values of every layer and key/value head.
  std::int64_t entries() const;

 private:
  DecoderConfig config_;
  // keys[l * kv_heads + g], values[...]: dh x max_length, column t for position t (turned as
  // at t with RoPE).
  std::vector<Eigen::MatrixXd> keys_, values_;
  Eigen::MatrixXd fixed_position_;  // sinusoidal positions, as DecoderWorkspace
  RopeTable rope_;
  Eigen::VectorXd x_, h_, concat_, q_, scores_, ff_hidden_, logits_;
  Eigen::Index length_ = 0;
  std::int64_t multiply_adds_ = 0;
};

}  // namespace attn::lm
