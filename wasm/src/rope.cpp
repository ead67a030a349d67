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

namespace {

// cos(p theta_i) and sin(p theta_i) for every pair i: the one place the angles are computed.
void angles(const Eigen::VectorXd& theta, Eigen::Index position, double* cos, double* sin) {
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    // std::cos and std::sin, not Eigen's vectorised ones: native and wasm then turn by the
    // same angles to the last bit or so (their libm's agree; Eigen's packets differ by build).
    const double angle = static_cast<double>(position) * theta(i);
    cos[i] = std::cos(angle);
    sin[i] = std::sin(angle);
  }
}

// The pair (x, y) turned by the angle whose cosine and sine are c and s (back by it: inverse).
inline void turn(double& x, double& y, double c, double s, bool inverse) {
  if (inverse) s = -s;
  const double a = x, b = y;
  x = a * c - b * s;
  y = a * s + b * c;
}

}  // namespace

RopeTable rope_table(Eigen::Index width, double base, const std::string& base_name,
                     Eigen::Index first, Eigen::Index count) {
  const Eigen::VectorXd theta = rope_frequencies(width, base, base_name);
  RopeTable t;
  t.first = first;
  t.cos.resize(theta.size(), count);
  t.sin.resize(theta.size(), count);
  for (Eigen::Index p = 0; p < count; ++p)
    angles(theta, first + p, t.cos.col(p).data(), t.sin.col(p).data());
  return t;
}

void rope_columns(const RopeTable& table, Eigen::Index offset, Eigen::Ref<Eigen::MatrixXd> M,
                  bool inverse) {
  const Eigen::Index pairs = table.cos.rows();
  for (Eigen::Index t = 0; t < M.cols(); ++t) {
    const Eigen::Index p = offset + t - table.first;
    for (Eigen::Index i = 0; i < pairs; ++i)
      turn(M(2 * i, t), M(2 * i + 1, t), table.cos(i, p), table.sin(i, p), inverse);
  }
}

void rope_in_place(Eigen::MatrixXd& M, double base, const std::string& base_name,
                   Eigen::Index first, const std::string& what) {
  const Eigen::VectorXd theta = rope_frequencies(M.cols(), base, base_name);
  // One position's angles at a time: a table of every row's would be as large as M.
  Eigen::VectorXd c(theta.size()), s(theta.size());
  for (Eigen::Index r = 0; r < M.rows(); ++r) {
    angles(theta, first + r, c.data(), s.data());
    for (Eigen::Index i = 0; i < theta.size(); ++i)
      turn(M(r, 2 * i), M(r, 2 * i + 1), c(i), s(i), false);
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
