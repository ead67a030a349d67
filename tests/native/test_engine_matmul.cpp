// attn::matmul and friends. Natively they are Eigen's products; built with emcc -msimd128
// they are the wasm_simd128.h kernel, so these cases cover its paths: row blocks of 8 and 2
// and a scalar tail (m = 1..11), odd and even inner lengths (k = 1..7), blocks of a larger
// matrix (outer stride != rows). tests/node/engine_golden.test.mjs checks the SIMD build
// against these same products computed natively, to 1e-12.
#include <Eigen/Dense>
#include <catch2/catch.hpp>
#include <random>

#include "attn/matmul.hpp"
#include "helpers.hpp"

namespace {

// The definition, one multiply-add at a time.
Eigen::MatrixXd naive(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) {
  Eigen::MatrixXd C = Eigen::MatrixXd::Zero(A.rows(), B.cols());
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < B.cols(); ++j)
      for (Eigen::Index p = 0; p < A.cols(); ++p) C(i, j) += A(i, p) * B(p, j);
  return C;
}

Eigen::MatrixXd random(Eigen::Index rows, Eigen::Index cols, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(-2.0, 2.0);
  Eigen::MatrixXd M(rows, cols);
  for (Eigen::Index i = 0; i < M.size(); ++i) M.data()[i] = u(rng);
  return M;
}

}  // namespace

TEST_CASE("matmul: a 2 x 2 product checked by hand") {
  // [1 2; 3 4] [5 6; 7 8] = [1*5+2*7, 1*6+2*8; 3*5+4*7, 3*6+4*8] = [19 22; 43 50]
  const Eigen::MatrixXd A = mat({{1, 2}, {3, 4}}), B = mat({{5, 6}, {7, 8}});
  CHECK(attn::matmul(A, B) == mat({{19, 22}, {43, 50}}));
  // A B^T = [1*5+2*6, 1*7+2*8; 3*5+4*6, 3*7+4*8] = [17 23; 39 53]
  CHECK(attn::matmul_nt(A, B) == mat({{17, 23}, {39, 53}}));
  // A^T B = [1*5+3*7, 1*6+3*8; 2*5+4*7, 2*6+4*8] = [26 30; 38 44]
  CHECK(attn::matmul_tn(A, B) == mat({{26, 30}, {38, 44}}));
  Eigen::MatrixXd C = Eigen::MatrixXd::Ones(2, 2);
  attn::matmul_tn_add(A, B, C);
  CHECK(C == mat({{27, 31}, {39, 45}}));
}

TEST_CASE("matmul: every shape from 1 x 1 x 1 to 11 x 7 x 9 agrees with the definition") {
  std::mt19937 rng(5);
  for (Eigen::Index m = 1; m <= 11; ++m)
    for (Eigen::Index k = 1; k <= 7; ++k)
      for (Eigen::Index n : {1, 2, 9}) {
        INFO("m " << m << ", k " << k << ", n " << n);
        const Eigen::MatrixXd A = random(m, k, rng), B = random(k, n, rng);
        const Eigen::MatrixXd C = naive(A, B);
        CHECK(attn::matmul(A, B).isApprox(C, 1e-13));
        const Eigen::MatrixXd Bt = B.transpose();
        CHECK(attn::matmul_nt(A, Bt).isApprox(C, 1e-13));
        const Eigen::MatrixXd At = A.transpose();
        CHECK(attn::matmul_tn(At, B).isApprox(C, 1e-13));
        Eigen::MatrixXd D = random(m, n, rng);
        const Eigen::MatrixXd expected = D + C;
        attn::matmul_tn_add(At, B, D);
        CHECK(D.isApprox(expected, 1e-13));
      }
}

TEST_CASE("matmul: blocks of a larger matrix (columns in the middle, rows on top)") {
  std::mt19937 rng(6);
  const Eigen::MatrixXd big = random(20, 12, rng), W = random(5, 3, rng);
  // middleCols keeps the parent's outer stride (20); topRows(9) has 9 rows in a stride of 20.
  CHECK(attn::matmul(big.middleCols(4, 5), W).isApprox(naive(big.middleCols(4, 5), W), 1e-13));
  const Eigen::MatrixXd top = big.topRows(9);
  CHECK(
      attn::matmul_nt(big.topRows(9), big.topRows(9)).isApprox(naive(top, top.transpose()), 1e-13));
  CHECK(
      attn::matmul_tn(big.topRows(9), big.topRows(9)).isApprox(naive(top.transpose(), top), 1e-13));
}
