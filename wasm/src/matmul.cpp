#include "attn/matmul.hpp"

#include <cassert>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace attn {

#ifdef __wasm_simd128__
namespace {

using Eigen::Index;

// C (m x n, column-major, leading dimension ldc) = A (m x k, lda) times the k x n matrix
// whose (p, j) entry is B[p * bp + j * bj]: B itself (bp = 1, bj = ldb) or B^T (bp = ldb,
// bj = 1). Column j of C is a sum of columns of A scaled by b(p, j): a contiguous column of A
// is two doubles per v128, eight rows at once in four independent accumulators.
void scaled_columns(Index m, Index n, Index k, const double* A, Index lda, const double* B,
                    Index bp, Index bj, double* C, Index ldc) {
  for (Index j = 0; j < n; ++j) {
    const double* b = B + j * bj;
    double* c = C + j * ldc;
    Index i = 0;
    for (; i + 8 <= m; i += 8) {
      v128_t c0 = wasm_f64x2_splat(0.0), c1 = c0, c2 = c0, c3 = c0;
      const double* a = A + i;
      for (Index p = 0; p < k; ++p, a += lda) {
        const v128_t s = wasm_f64x2_splat(b[p * bp]);
        c0 = wasm_f64x2_add(c0, wasm_f64x2_mul(wasm_v128_load(a), s));
        c1 = wasm_f64x2_add(c1, wasm_f64x2_mul(wasm_v128_load(a + 2), s));
        c2 = wasm_f64x2_add(c2, wasm_f64x2_mul(wasm_v128_load(a + 4), s));
        c3 = wasm_f64x2_add(c3, wasm_f64x2_mul(wasm_v128_load(a + 6), s));
      }
      wasm_v128_store(c + i, c0);
      wasm_v128_store(c + i + 2, c1);
      wasm_v128_store(c + i + 4, c2);
      wasm_v128_store(c + i + 6, c3);
    }
    for (; i + 2 <= m; i += 2) {
      v128_t c0 = wasm_f64x2_splat(0.0);
      const double* a = A + i;
      for (Index p = 0; p < k; ++p, a += lda)
        c0 = wasm_f64x2_add(c0, wasm_f64x2_mul(wasm_v128_load(a), wasm_f64x2_splat(b[p * bp])));
      wasm_v128_store(c + i, c0);
    }
    for (; i < m; ++i) {
      double s = 0.0;
      for (Index p = 0; p < k; ++p) s += A[i + p * lda] * b[p * bp];
      c[i] = s;
    }
  }
}

// C (m x n) = or += A^T B with A k x m and B k x n: every entry is a dot product of two
// contiguous columns.
void column_dots(Index m, Index n, Index k, const double* A, Index lda, const double* B, Index ldb,
                 double* C, Index ldc, bool add) {
  for (Index j = 0; j < n; ++j) {
    const double* b = B + j * ldb;
    for (Index i = 0; i < m; ++i) {
      const double* a = A + i * lda;
      v128_t s0 = wasm_f64x2_splat(0.0), s1 = s0;
      Index p = 0;
      for (; p + 4 <= k; p += 4) {
        s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(wasm_v128_load(a + p), wasm_v128_load(b + p)));
        s1 = wasm_f64x2_add(s1,
                            wasm_f64x2_mul(wasm_v128_load(a + p + 2), wasm_v128_load(b + p + 2)));
      }
      if (p + 2 <= k) {
        s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(wasm_v128_load(a + p), wasm_v128_load(b + p)));
        p += 2;
      }
      s0 = wasm_f64x2_add(s0, s1);
      double s = wasm_f64x2_extract_lane(s0, 0) + wasm_f64x2_extract_lane(s0, 1);
      for (; p < k; ++p) s += a[p] * b[p];
      double& c = C[i + j * ldc];
      c = add ? c + s : s;
    }
  }
}

}  // namespace

Eigen::MatrixXd matmul(const MatrixRef& A, const MatrixRef& B) {
  assert(A.cols() == B.rows());
  Eigen::MatrixXd C(A.rows(), B.cols());
  scaled_columns(A.rows(), B.cols(), A.cols(), A.data(), A.outerStride(), B.data(), 1,
                 B.outerStride(), C.data(), C.rows());
  return C;
}

Eigen::MatrixXd matmul_nt(const MatrixRef& A, const MatrixRef& B) {
  assert(A.cols() == B.cols());
  Eigen::MatrixXd C(A.rows(), B.rows());
  scaled_columns(A.rows(), B.rows(), A.cols(), A.data(), A.outerStride(), B.data(), B.outerStride(),
                 1, C.data(), C.rows());
  return C;
}

Eigen::MatrixXd matmul_tn(const MatrixRef& A, const MatrixRef& B) {
  assert(A.rows() == B.rows());
  Eigen::MatrixXd C(A.cols(), B.cols());
  column_dots(A.cols(), B.cols(), A.rows(), A.data(), A.outerStride(), B.data(), B.outerStride(),
              C.data(), C.rows(), false);
  return C;
}

void matmul_tn_add(const MatrixRef& A, const MatrixRef& B, Eigen::MatrixXd& C) {
  assert(A.rows() == B.rows() && C.rows() == A.cols() && C.cols() == B.cols());
  column_dots(A.cols(), B.cols(), A.rows(), A.data(), A.outerStride(), B.data(), B.outerStride(),
              C.data(), C.rows(), true);
}

void matmul_into(const MatrixRef& A, const MatrixRef& B, MatrixOut C) {
  assert(A.cols() == B.rows() && C.rows() == A.rows() && C.cols() == B.cols());
  scaled_columns(A.rows(), B.cols(), A.cols(), A.data(), A.outerStride(), B.data(), 1,
                 B.outerStride(), C.data(), C.outerStride());
}

void matmul_tn_into(const MatrixRef& A, const MatrixRef& B, MatrixOut C) {
  assert(A.rows() == B.rows() && C.rows() == A.cols() && C.cols() == B.cols());
  column_dots(A.cols(), B.cols(), A.rows(), A.data(), A.outerStride(), B.data(), B.outerStride(),
              C.data(), C.outerStride(), false);
}

#else  // native and plain wasm: Eigen's products

Eigen::MatrixXd matmul(const MatrixRef& A, const MatrixRef& B) { return A * B; }
Eigen::MatrixXd matmul_nt(const MatrixRef& A, const MatrixRef& B) { return A * B.transpose(); }
Eigen::MatrixXd matmul_tn(const MatrixRef& A, const MatrixRef& B) { return A.transpose() * B; }
void matmul_tn_add(const MatrixRef& A, const MatrixRef& B, Eigen::MatrixXd& C) {
  C.noalias() += A.transpose() * B;
}
void matmul_into(const MatrixRef& A, const MatrixRef& B, MatrixOut C) { C.noalias() = A * B; }
void matmul_tn_into(const MatrixRef& A, const MatrixRef& B, MatrixOut C) {
  C.noalias() = A.transpose() * B;
}

#endif

}  // namespace attn
