// Sinusoidal positional encoding (Vaswani et al., 2017, section 3.5).
#pragma once

#include <Eigen/Dense>

namespace attn {

// n x d matrix: PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(pos / 10000^(2i/d)).
// Each column pair is a clock at its own frequency, so every position gets a
// distinct pattern and nearby positions get similar ones.
// Throws std::invalid_argument unless n >= 1 and d >= 1.
Eigen::MatrixXd positional_encoding(int n, int d);

}  // namespace attn
