// Input checks shared by every step of the engine. Each throws
// std::invalid_argument with a message that names the offending input, so the
// learner (via the JS Error) sees what to fix. Rows and columns in messages are
// counted from 1, as a reader counts them on the page.
#pragma once

#include <Eigen/Dense>
#include <optional>
#include <string>

namespace attn {

// Size limits of one engine call, so that no call (a pasted novel, a typo of 100000 for 10)
// can grow the page's wasm memory without bound: that memory never shrinks. With them a
// call receives at most kMaxNumbers numbers and computes at most kMaxNumbers more (32 MB
// each; a backward pass, its gradients); its copies in and out included, the largest calls
// grow wasm memory to at most ~135 MB (docs/testing.md, "Bounds": node tests/bench/memory.mjs).
// The JS API reads these values from the module, so they are stated only here.
constexpr Eigen::Index kMaxDimension = 1024;   // rows, columns or entries of any one input
constexpr Eigen::Index kMaxHeads = 16;         // heads of multi-head attention
constexpr Eigen::Index kMaxNumbers = 1 << 22;  // numbers in, and numbers computed, per call

// "X has 3,000 rows, which exceeds the limit of 1,024" (unit: "rows", "entries", ...).
void require_dimension(Eigen::Index n, const std::string& name, const char* unit);
// 40 heads exceeds the limit of 16.
void require_heads(std::size_t heads);
// A computation about to produce `numbers` numbers stays within kMaxNumbers.
void require_numbers(double numbers, const std::string& what);

// "1 row", "3 rows": counts in messages read as a person would write them.
std::string count(Eigen::Index n, const char* one, const char* many);

// Non-empty and every entry finite (no NaN, no +-infinity).
void require_matrix(const Eigen::MatrixXd& m, const std::string& name);
// Non-empty and every entry finite.
void require_vector(const Eigen::VectorXd& v, const std::string& name);

// `w` multiplies `x` from the right: w.rows() must equal x.cols().
void require_rows_match_cols(const Eigen::MatrixXd& w, const std::string& w_name,
                             const Eigen::MatrixXd& x, const std::string& x_name);
// A bias (when present) is finite and has one entry per column of `w`.
void require_bias(const std::optional<Eigen::VectorXd>& b, const std::string& b_name,
                  const Eigen::MatrixXd& w, const std::string& w_name);
// Same shape, e.g. both sides of a residual sum.
void require_same_shape(const Eigen::MatrixXd& a, const std::string& a_name,
                        const Eigen::MatrixXd& b, const std::string& b_name);
// Equal lengths, e.g. the two sides of a dot product.
void require_same_length(const Eigen::VectorXd& a, const std::string& a_name,
                         const Eigen::VectorXd& b, const std::string& b_name);
// A finite number > 0 (temperature, epsilon).
void require_positive(double value, const std::string& name);

// Finite inputs can still overflow (1e308 * 10). A computed result that is not
// finite is reported instead of being shown as NaN or Infinity.
void require_finite_result(const Eigen::MatrixXd& m, const std::string& what);

}  // namespace attn
