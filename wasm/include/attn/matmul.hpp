// Matrix products of the engine's small matrices (a few to a few hundred rows and columns).
#pragma once

#include <Eigen/Dense>

namespace attn {

// Eigen 3.4 has no WebAssembly SIMD backend: in wasm its blocked GEMM runs one double at a
// time and spends as long packing these small operands as multiplying them. So in the
// -msimd128 build (__wasm_simd128__) these run a kernel written with wasm_simd128.h, two
// doubles per instruction and no packing; everywhere else (native, plain wasm) they are
// Eigen's own products. Any inner-stride-1 block (middleCols, topRows) can be passed.
using MatrixRef = Eigen::Ref<const Eigen::MatrixXd>;

Eigen::MatrixXd matmul(const MatrixRef& A, const MatrixRef& B);                  // A B
Eigen::MatrixXd matmul_nt(const MatrixRef& A, const MatrixRef& B);               // A B^T
Eigen::MatrixXd matmul_tn(const MatrixRef& A, const MatrixRef& B);               // A^T B
void matmul_tn_add(const MatrixRef& A, const MatrixRef& B, Eigen::MatrixXd& C);  // C += A^T B

// The same products into a C of the right shape that the caller keeps (no allocation: the
// training step's matrix-vector products, a vector seen as a one-column matrix).
using MatrixOut = Eigen::Ref<Eigen::MatrixXd>;
void matmul_into(const MatrixRef& A, const MatrixRef& B, MatrixOut C);     // C = A B
void matmul_tn_into(const MatrixRef& A, const MatrixRef& B, MatrixOut C);  // C = A^T B

}  // namespace attn
