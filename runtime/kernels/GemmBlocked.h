//===- GemmBlocked.h - blocked GEMM over an instruction set -----*- C++ -*-===//
//
// The GotoBLAS/BLIS structure: B packed into panels of NR columns (each
// panel K rows of NR contiguous floats), A packed per KC x MC block into
// panels of MR rows, and an MR x NR microkernel holding its C tile in
// registers. Included once per instruction set, inside an anonymous
// namespace, by a file compiled for that instruction set, so no inline
// function compiled for one ISA can be picked by the linker for another.
//
// `Isa` provides: Vec, kWidth, zero(), load(p), loadN(p, n), store(p, v),
// storeN(p, v, n), broadcast(x), fma(a, b, acc), add(a, b). The including
// file includes Gemm.h and <cstring> first, outside the namespace.
//
//===----------------------------------------------------------------------===//

template <class Isa, int MR, int NV, int64_t KC, int64_t MC>
struct BlockedGemm {
  using Vec = typename Isa::Vec;
  static constexpr int64_t NR = NV * Isa::kWidth;
  /// Columns of C handed to an epilogue at once: a multiple of every NR.
  /// Of NR, 64, 128, 256 and 1024 columns, 64 ran dense ViT-S best: long
  /// enough rows for the epilogue's loops, a block small enough (MC x 64)
  /// not to evict the packed A block from the second-level cache.
  static constexpr int64_t kEpilogueCols = 64;
  static_assert(kEpilogueCols % NR == 0, "epilogue blocks are whole panels");

  static int64_t panels(int64_t n) { return (n + NR - 1) / NR; }

  static size_t packedBSize(int64_t k, int64_t n) {
    return size_t(panels(n)) * NR * size_t(k);
  }

  static void packB(int64_t k, int64_t n, dtc::kernels::MatrixRef b,
                    float *packed) {
    for (int64_t p = 0; p < panels(n); ++p) {
      int64_t n0 = p * NR, cols = n - n0 < NR ? n - n0 : NR;
      float *dst = packed + p * NR * k;
      for (int64_t kk = 0; kk < k; ++kk, dst += NR) {
        const float *src = b.data + kk * b.rowStride + n0 * b.colStride;
        if (b.colStride == 1) {
          std::memcpy(dst, src, cols * sizeof(float));
        } else {
          for (int64_t j = 0; j < cols; ++j)
            dst[j] = src[j * b.colStride];
        }
        for (int64_t j = cols; j < NR; ++j)
          dst[j] = 0.0f;
      }
    }
  }

  static size_t scratchSize(int64_t k) {
    int64_t kc = k < KC ? k : KC;
    return size_t((MC + MR - 1) / MR * MR) * size_t(kc);
  }

  /// A[m0:m0+mc, k0:k0+kc] into panels of MR rows, each kc columns of MR
  /// contiguous floats; rows past mc are zero.
  static void packA(const dtc::kernels::MatrixRef &a, int64_t m0, int64_t mc,
                    int64_t k0, int64_t kc, float *dst) {
    for (int64_t i0 = 0; i0 < mc; i0 += MR) {
      int64_t rows = mc - i0 < MR ? mc - i0 : MR;
      const float *src =
          a.data + (m0 + i0) * a.rowStride + k0 * a.colStride;
      for (int64_t kk = 0; kk < kc; ++kk, dst += MR) {
        const float *col = src + kk * a.colStride;
        for (int64_t i = 0; i < rows; ++i)
          dst[i] = col[i * a.rowStride];
        for (int64_t i = rows; i < MR; ++i)
          dst[i] = 0.0f;
      }
    }
  }

  /// C[rows, cols] (+)= the kc-long product of an A panel and a B panel.
  static void microKernel(int64_t kc, const float *a, const float *b, float *c,
                          int64_t rowStrideC, int64_t colStrideC, int rows,
                          int cols, bool accumulate) {
    Vec acc[MR][NV];
    for (int i = 0; i < MR; ++i)
      for (int j = 0; j < NV; ++j)
        acc[i][j] = Isa::zero();
    for (int64_t kk = 0; kk < kc; ++kk, a += MR, b += NR) {
      Vec bv[NV];
      for (int j = 0; j < NV; ++j)
        bv[j] = Isa::load(b + j * Isa::kWidth);
      for (int i = 0; i < MR; ++i) {
        Vec ai = Isa::broadcast(a[i]);
        for (int j = 0; j < NV; ++j)
          acc[i][j] = Isa::fma(ai, bv[j], acc[i][j]);
      }
    }
    if (colStrideC == 1 && cols == NR && rows == MR) {
      for (int i = 0; i < MR; ++i)
        for (int j = 0; j < NV; ++j) {
          float *p = c + i * rowStrideC + j * Isa::kWidth;
          Isa::store(p, accumulate ? Isa::add(Isa::load(p), acc[i][j])
                                   : acc[i][j]);
        }
      return;
    }
    if (colStrideC == 1) {
      for (int i = 0; i < rows; ++i)
        for (int j = 0; j < NV; ++j) {
          int n = cols - j * Isa::kWidth;
          if (n <= 0)
            break;
          float *p = c + i * rowStrideC + j * Isa::kWidth;
          Isa::storeN(p,
                      accumulate ? Isa::add(Isa::loadN(p, n), acc[i][j])
                                 : acc[i][j],
                      n);
        }
      return;
    }
    alignas(64) float tile[MR][NR];
    for (int i = 0; i < MR; ++i)
      for (int j = 0; j < NV; ++j)
        Isa::store(&tile[i][j * Isa::kWidth], acc[i][j]);
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < cols; ++j) {
        float &out = c[i * rowStrideC + j * colStrideC];
        out = accumulate ? out + tile[i][j] : tile[i][j];
      }
  }

  static void run(const dtc::kernels::GemmProblem &p, const float *packedB,
                  float *scratch) {
    if (p.k == 0) {
      if (!p.accumulate)
        for (int64_t i = 0; i < p.m; ++i)
          for (int64_t j = 0; j < p.n; ++j)
            p.c[i * p.rowStrideC + j * p.colStrideC] = 0.0f;
      p.finish(0, 0, p.m, p.n);
      return;
    }
    for (int64_t k0 = 0; k0 < p.k; k0 += KC) {
      int64_t kc = p.k - k0 < KC ? p.k - k0 : KC;
      bool accumulate = p.accumulate || k0 > 0;
      for (int64_t m0 = 0; m0 < p.m; m0 += MC) {
        int64_t mc = p.m - m0 < MC ? p.m - m0 : MC;
        packA(p.a, m0, mc, k0, kc, scratch);
        for (int64_t n0 = 0; n0 < p.n; n0 += NR) {
          const float *bPanel = packedB + (n0 / NR) * NR * p.k + k0 * NR;
          int cols = int(p.n - n0 < NR ? p.n - n0 : NR);
          for (int64_t i0 = 0; i0 < mc; i0 += MR) {
            int rows = int(mc - i0 < MR ? mc - i0 : MR);
            microKernel(kc, scratch + i0 * kc, bPanel,
                        p.c + (m0 + i0) * p.rowStrideC + n0 * p.colStrideC,
                        p.rowStrideC, p.colStrideC, rows, cols, accumulate);
          }
          // After the last K block, the MC rows of the last few panels are
          // final and still in cache: handed over kEpilogueCols columns at
          // a time.
          if (k0 + kc == p.k && (n0 + cols == p.n ||
                                 (n0 + NR) % kEpilogueCols == 0)) {
            int64_t first = n0 / kEpilogueCols * kEpilogueCols;
            p.finish(m0, first, mc, n0 + cols - first);
          }
        }
      }
    }
  }

  static constexpr dtc::kernels::GemmKernel kernel(const char *name) {
    return {name, MR, int(NR), packedBSize, packB, run, scratchSize};
  }
};
