#include "attn/validate.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "attn/text.hpp"  // grouped()

namespace attn {

namespace {

std::string describe(double v) {
  if (std::isnan(v)) return "NaN";
  return v > 0 ? "Infinity" : "-Infinity";
}

std::string shown_number(double v) {
  if (!std::isfinite(v)) return describe(v);
  // %g is what `std::ostream << double` prints by default (6 significant digits); snprintf
  // keeps libc++'s stream and locale code (~90 KB) out of the .wasm.
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

}  // namespace

std::string count(Eigen::Index n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void require_dimension(Eigen::Index n, const std::string& name, const char* unit) {
  if (n > kMaxDimension)
    throw std::invalid_argument(name + " has " + grouped(static_cast<double>(n)) + " " + unit +
                                ", which exceeds the limit of " +
                                grouped(static_cast<double>(kMaxDimension)));
}

void require_heads(std::size_t heads) {
  if (heads > static_cast<std::size_t>(kMaxHeads))
    throw std::invalid_argument(grouped(static_cast<double>(heads)) +
                                " heads exceeds the limit of " +
                                grouped(static_cast<double>(kMaxHeads)));
}

void require_numbers(double numbers, const std::string& what) {
  if (numbers > static_cast<double>(kMaxNumbers))
    throw std::invalid_argument(what + " would take " + grouped(numbers) +
                                " numbers, which exceeds the limit of " +
                                grouped(static_cast<double>(kMaxNumbers)) + " (" +
                                std::to_string(kMaxNumbers * 8 / (1 << 20)) + " MB) per call");
}

void require_matrix(const Eigen::MatrixXd& m, const std::string& name) {
  if (m.rows() == 0 || m.cols() == 0) throw std::invalid_argument(name + " is empty");
  if (m.allFinite()) return;  // one contiguous pass; the loop below only words the error
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      if (!std::isfinite(m(i, j)))
        throw std::invalid_argument(name + " has " + describe(m(i, j)) + " at row " +
                                    std::to_string(i + 1) + ", column " + std::to_string(j + 1) +
                                    "; every entry must be a finite number");
}

void require_vector(const Eigen::VectorXd& v, const std::string& name) {
  if (v.size() == 0) throw std::invalid_argument(name + " is empty");
  if (v.allFinite()) return;
  for (Eigen::Index i = 0; i < v.size(); ++i)
    if (!std::isfinite(v(i)))
      throw std::invalid_argument(name + " has " + describe(v(i)) + " at entry " +
                                  std::to_string(i + 1) + "; every entry must be a finite number");
}

void require_rows_match_cols(const Eigen::MatrixXd& w, const std::string& w_name,
                             const Eigen::MatrixXd& x, const std::string& x_name) {
  if (w.rows() != x.cols())
    throw std::invalid_argument(w_name + " has " + count(w.rows(), "row", "rows") + " but " +
                                x_name + " has " + count(x.cols(), "column", "columns"));
}

void require_bias(const std::optional<Eigen::VectorXd>& b, const std::string& b_name,
                  const Eigen::MatrixXd& w, const std::string& w_name) {
  if (!b) return;
  require_vector(*b, b_name);
  if (b->size() != w.cols())
    throw std::invalid_argument(b_name + " has " + count(b->size(), "entry", "entries") + " but " +
                                w_name + " has " + count(w.cols(), "column", "columns"));
}

void require_same_shape(const Eigen::MatrixXd& a, const std::string& a_name,
                        const Eigen::MatrixXd& b, const std::string& b_name) {
  if (a.rows() != b.rows() || a.cols() != b.cols())
    throw std::invalid_argument(a_name + " is " + std::to_string(a.rows()) + " x " +
                                std::to_string(a.cols()) + " but " + b_name + " is " +
                                std::to_string(b.rows()) + " x " + std::to_string(b.cols()));
}

void require_same_length(const Eigen::VectorXd& a, const std::string& a_name,
                         const Eigen::VectorXd& b, const std::string& b_name) {
  if (a.size() != b.size())
    throw std::invalid_argument(a_name + " has " + count(a.size(), "entry", "entries") + " but " +
                                b_name + " has " + count(b.size(), "entry", "entries") +
                                "; they must have the same length");
}

void require_positive(double value, const std::string& name) {
  if (!std::isfinite(value) || value <= 0) {
    throw std::invalid_argument(name + " must be a finite number greater than 0, got " +
                                shown_number(value));
  }
}

void require_finite_result(const Eigen::MatrixXd& m, const std::string& what) {
  if (!m.allFinite())
    throw std::invalid_argument(
        what + " overflowed (a result is too large to represent); use smaller numbers");
}

}  // namespace attn
