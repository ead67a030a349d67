// Small helpers shared by the engine's Catch2 tests.
#pragma once

#include <Eigen/Dense>
#include <initializer_list>
#include <limits>
#include <random>
#include <sstream>
#include <string>

inline const double kInf = std::numeric_limits<double>::infinity();
inline const double kNaN = std::numeric_limits<double>::quiet_NaN();

// A matrix written row by row, as on paper.
inline Eigen::MatrixXd mat(std::initializer_list<std::initializer_list<double>> rows) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()),
                    static_cast<Eigen::Index>(rows.begin()->size()));
  Eigen::Index i = 0;
  for (const auto& r : rows) {
    Eigen::Index j = 0;
    for (double v : r) m(i, j++) = v;
    ++i;
  }
  return m;
}

inline Eigen::VectorXd vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double x : values) v(i++) = x;
  return v;
}

// Same shape and every entry within `tol`; prints both on failure via INFO in the caller.
inline bool near(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected, double tol) {
  return actual.rows() == expected.rows() && actual.cols() == expected.cols() &&
         (actual.size() == 0 || (actual - expected).cwiseAbs().maxCoeff() <= tol);
}

// Readable dump of a matrix for INFO().
inline std::string show(const Eigen::MatrixXd& m) {
  std::ostringstream out;
  out << "\n" << m << "\n";
  return out.str();
}

// Uniform random matrix in [-range, range] (seeded by the caller's engine).
template <typename Rng>
Eigen::MatrixXd random_matrix(Rng& rng, Eigen::Index rows, Eigen::Index cols, double range = 2.0) {
  std::uniform_real_distribution<double> u(-range, range);
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = u(rng);
  return m;
}
