//===- Gemm.h - the runtime's single-precision GEMM -------------*- C++ -*-===//
//
// One blocked GEMM (packing plus a register-tiled microkernel) instantiated
// per instruction set; Gemm.cpp picks the best one this CPU runs.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_KERNELS_GEMM_H
#define RUNTIME_KERNELS_GEMM_H

#include <cstddef>
#include <cstdint>

namespace dtc::kernels {

/// One matrix operand: first element and element strides.
struct MatrixRef {
  const float *data;
  int64_t rowStride, colStride;
  float at(int64_t r, int64_t c) const { return data[r * rowStride + c * colStride]; }
};

/// Called on each block of C once final (KernelAbi.h's dtc_rt_epilogue).
using Epilogue = void (*)(void *context, int64_t row, int64_t col,
                          int64_t rows, int64_t cols);

struct GemmProblem {
  int64_t m, n, k;
  MatrixRef a, b;
  float *c;
  int64_t rowStrideC, colStrideC;
  bool accumulate;
  Epilogue epilogue = nullptr;
  void *epilogueContext = nullptr;
  /// Where this problem's C starts in the caller's, for the epilogue: a
  /// thread's part of a larger product.
  int64_t row0 = 0, col0 = 0;

  void finish(int64_t row, int64_t col, int64_t rows, int64_t cols) const {
    if (epilogue)
      epilogue(epilogueContext, row0 + row, col0 + col, rows, cols);
  }
};

/// A GEMM implementation for one instruction set. B is always consumed
/// packed (see packB), so a constant B is packed once and reused.
struct GemmKernel {
  const char *name;
  /// The microkernel's tile: MR rows, NR columns. Work split between
  /// threads starts rows at multiples of MR and columns at multiples of NR.
  int mr, nr;
  /// Floats needed to hold B (K x N) packed.
  size_t (*packedBSize)(int64_t k, int64_t n);
  void (*packB)(int64_t k, int64_t n, MatrixRef b, float *packed);
  /// C (+)= A * packedB, with `scratch` at least scratchSize(k) floats.
  void (*run)(const GemmProblem &problem, const float *packedB, float *scratch);
  size_t (*scratchSize)(int64_t k);
};

extern const GemmKernel kGemmAvx512, kGemmAvx2, kGemmGeneric;

/// Packs `b` (K x N), a constant operand, for the kernel dtc_rt_sgemm uses,
/// as a call with DTC_RT_GEMM_CONSTANT_B would on first use: a model packs
/// its weights when it loads. Thread-safe; packing an operand twice keeps
/// the first copy. False when the packed copy's memory cannot be had.
bool packConstantB(int64_t k, int64_t n, MatrixRef b);

} // namespace dtc::kernels

#endif // RUNTIME_KERNELS_GEMM_H
