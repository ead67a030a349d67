#include "attn/rope.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "attn/validate.hpp"

namespace attn {

Eigen::VectorXd rope_frequencies(Eigen::Index width, double base, const std::string& base_name) {
  require_positive(base, base_name);
  const Eigen::Index pairs = width / 2;
  const double rotated = static_cast<double>(2 * pairs);
  Eigen::VectorXd theta(pairs);
  for (Eigen::Index i = 0; i < pairs; ++i) {
    theta(i) = std::pow(base, -2.0 * static_cast<double>(i) / rotated);
    // Only a base below 1 raises theta above 1, and only a subnormal one (~1e-308) to Infinity,
    // where every angle after position 0 would be Infinity and its sine NaN.
    if (!std::isfinite(theta(i))) {
      char text[160];  // snprintf: std::string's code made the page's engine.wasm larger
      std::snprintf(
          text, sizeof text,
          "%s %g is too small: base^(-%lld/%lld) overflows; use a base of at least 1e-300",
          base_name.c_str(), base, static_cast<long long>(2 * i),
          static_cast<long long>(2 * pairs));
      throw std::invalid_argument(text);
    }
  }
  return theta;
}

void rope_in_place(Eigen::MatrixXd& M, double base, const std::string& base_name,
                   Eigen::Index first, const std::string& what) {
  const Eigen::VectorXd theta = rope_frequencies(M.cols(), base, base_name);
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    for (Eigen::Index r = 0; r < M.rows(); ++r) {
      // std::cos and std::sin, not Eigen's vectorised ones: native and wasm then turn by the
      // same angles to the last bit or so (their libm's agree; Eigen's packets differ by build).
      const double angle = static_cast<double>(first + r) * theta(i);
      const double c = std::cos(angle), s = std::sin(angle);
      const double x = M(r, 2 * i), y = M(r, 2 * i + 1);
      M(r, 2 * i) = x * c - y * s;
      M(r, 2 * i + 1) = x * s + y * c;
    }
  }
  // A turn keeps a pair's length, but x c - y s can still round past the largest double when
  // both are near it.
  require_finite_result(M, what);
}

Eigen::MatrixXd rope(const Eigen::MatrixXd& X, double base) {
  require_positive(base, "base");
  require_matrix(X, "X");
  require_dimension(X.rows(), "X", "rows (positions)");
  require_dimension(X.cols(), "X", "columns");
  Eigen::MatrixXd out = X;
  rope_in_place(out, base, "base", 0, "rope(X)");
  return out;
}

}  // namespace attn
