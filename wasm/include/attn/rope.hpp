// Rotary position embedding, RoPE (Su et al., 2021, "RoFormer"): instead of adding a position's
// pattern to a token, turn the token's query and key by an angle proportional to its position.
// A query at position m and a key at position n then score q . R(n - m) k: their score depends on
// their distance alone, not on where the pair sits.
#pragma once

#include <Eigen/Dense>
#include <string>

namespace attn {

// Row m of X (position m, counted from 0) with each pair of columns (2i, 2i+1) turned by the
// angle m theta_i, theta_i = base^(-2i / r): interleaved pairs, as in RoFormer (GPT-NeoX pairs
// column i with i + d/2 instead). r is the rotated width: d, or d - 1 for an odd width, whose last
// column is left as it is, as partial rotary embeddings (GPT-NeoX's rotary_pct) leave theirs; so
// rope of an odd width is rope of the first d - 1 columns. Throws std::invalid_argument for an
// empty or non-finite X, more than 1,024 rows or columns, a base that is not a finite number
// > 0 (or so small that base^(-2i/r) overflows), and a result that overflows.
Eigen::MatrixXd rope(const Eigen::MatrixXd& X, double base = 10000);

// The rotation attention applies to its queries and keys: row r of M turned as at position
// first + r, in place. `base_name` names the base in messages (ropeBase in selfAttention) and
// `what` the matrix in an overflow message. M is not otherwise checked (attention has).
void rope_in_place(Eigen::MatrixXd& M, double base, const std::string& base_name,
                   Eigen::Index first, const std::string& what);

// theta_i = base^(-2i / r) for the width's pairs (r as above), checked: `base_name` in messages.
Eigen::VectorXd rope_frequencies(Eigen::Index width, double base, const std::string& base_name);

// The cosines and sines of the angles p theta_i for `count` positions p from `first`: what every
// rotation above and below turns by. A model computes it once and turns each step's queries and
// keys with it (the language model's positions 'rope', attn/lm/model.hpp).
struct RopeTable {
  Eigen::MatrixXd cos, sin;  // pairs x count: column t for position first + t
  Eigen::Index first = 0;
};
RopeTable rope_table(Eigen::Index width, double base, const std::string& base_name,
                     Eigen::Index first, Eigen::Index count);

// The models' layout, tokens as columns: column t of M (width x n, the table's width) turned as
// at position offset + t, which the table must hold. inverse: turned back by the same angles (the
// transpose of the rotation, which carries a gradient from the turned vector to the unturned).
void rope_columns(const RopeTable& table, Eigen::Index offset, Eigen::Ref<Eigen::MatrixXd> M,
                  bool inverse = false);

}  // namespace attn
