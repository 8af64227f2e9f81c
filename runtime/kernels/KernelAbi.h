/*===- KernelAbi.h - the dtc_rt_* ABI between compiled code and runtime -===*
 *
 * Code that dtc generates calls these functions for work that a hand-tuned
 * kernel does better than generated loops. The symbols are resolved against
 * libdtc_runtime when an artifact's host code is loaded, so a better kernel
 * drops in by replacing the runtime, without recompiling models. Every
 * argument is a plain integer or pointer (no struct is passed by value), so
 * the generated calls need no knowledge of C layout rules.
 *
 * The ABI is versioned: a change to a signature or meaning bumps
 * DTC_RT_ABI_VERSION, which the artifact records (HostCode.kernel_abi).
 *===----------------------------------------------------------------------===*/

#ifndef RUNTIME_KERNELS_KERNELABI_H
#define RUNTIME_KERNELS_KERNELABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exported from libdtc_runtime.so: compiled code resolves these there. */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(default)
#endif

/* 2: buffers come from dtc_rt_alloc / dtc_rt_free instead of malloc / free.
 * 3: CUDA host code: dtc_rt_gpu_launch, dtc_rt_device_sync.
 * 4: generated loops run through dtc_rt_parallel_for.
 * 5: dtc_rt_sgemm takes an epilogue.
 * 6: each entry point's host code holds its signature (_dtc_signature_NAME,
 *    runtime/artifact/Reader.h), which the loader checks. */
#define DTC_RT_ABI_VERSION 6

/* Flags of dtc_rt_sgemm. */
enum {
  /* C += A*B instead of C = A*B. */
  DTC_RT_GEMM_ACCUMULATE = 1u << 0,
  /* B does not change while its model is loaded (a parameter): the runtime
   * may pack it once and reuse the packed copy on later calls. */
  DTC_RT_GEMM_CONSTANT_B = 1u << 1,
};

/* Compiled code run on a block of C once its elements are final: rows
 * [row, row + rows) and columns [col, col + cols). */
typedef void (*dtc_rt_epilogue)(void *context, int64_t row, int64_t col,
                                int64_t rows, int64_t cols);

/* Single-precision C[m,n] (+)= sum_k A[m,k] * B[k,n] for 0 <= m < M,
 * 0 <= n < N, 0 <= k < K. Each matrix is given by its first element and two
 * element strides (rows, columns), which may be anything, including
 * transposed layouts; C must not overlap A or B.
 *
 * A non-null `epilogue` is called with `epilogueContext` on disjoint blocks
 * that cover C, each as soon as its elements are final (while they are
 * still in cache), and before the call returns. It may run on any thread of
 * the session's pool, so it must not call back into the runtime; it may
 * read and write the block's elements of C and read memory the GEMM does not
 * write. Compiled code fuses elementwise consumers of a product (a bias, an
 * activation) into it this way. */
void dtc_rt_sgemm(int64_t M, int64_t N, int64_t K, const float *A,
                  int64_t rowStrideA, int64_t colStrideA, const float *B,
                  int64_t rowStrideB, int64_t colStrideB, float *C,
                  int64_t rowStrideC, int64_t colStrideC, int64_t flags,
                  dtc_rt_epilogue epilogue, void *epilogueContext);

/* Runs task(context, begin, end) over disjoint ranges that cover
 * [0, iterations), on the threads of the calling session's pool, and
 * returns when every range is done. `cost` estimates the operations of one
 * iteration; the runtime runs the whole range on the caller when the work
 * is too small to wake a worker. The task must not call back into the
 * runtime: it may run on a worker thread, outside the session. */
void dtc_rt_parallel_for(void (*task)(void *context, int64_t begin,
                                      int64_t end),
                         void *context, int64_t iterations, int64_t cost);

/* Reports a failed run-time check of compiled code ("FILE:LINE:COL: what",
 * a static string) and does not return: the session running the code
 * returns an error value with the message instead. */
#ifdef __cplusplus
[[noreturn]]
#endif
void dtc_rt_fail(const char *message);

/* Adds `value` to entry `index` of the counter `name` (a constant string of
 * the compiled code) that the session running the code reports after the
 * call (dtc::Session::statistics). Outside a session, does nothing. */
void dtc_rt_count(const char *name, int64_t index, int64_t value);

/* Every buffer compiled code allocates: at least `bytes` bytes, 64-byte
 * aligned, or null when memory is exhausted. The session running the code
 * keeps freed blocks for its next runs (the first touch of fresh pages
 * costs more than the computation on small models). */
void *dtc_rt_alloc(int64_t bytes);

/* Frees a block of dtc_rt_alloc. */
void dtc_rt_free(void *block);

/* Launches kernel `name` of the artifact's PTX (the device code the session
 * loaded for its device) on the session's stream, with a grid of
 * gridX x gridY x gridZ blocks of blockX x blockY x blockZ threads,
 * `sharedBytes` of dynamic shared memory and `count` arguments, `params[i]`
 * pointing at the value of argument i (the CUDA driver's kernelParams).
 * Returns before the kernel finishes. A launch error, or a call outside a
 * session of a CUDA runtime, fails the run (as dtc_rt_fail). */
void dtc_rt_gpu_launch(const char *name, int64_t gridX, int64_t gridY,
                       int64_t gridZ, int64_t blockX, int64_t blockY,
                       int64_t blockZ, int64_t sharedBytes, void **params,
                       int64_t count);

/* Waits until every kernel launched so far has finished, before host code
 * reads or writes a buffer itself. A kernel whose run-time check failed
 * stored the check's number N in the PTX global `dtc_device_error`; the
 * wait then fails the run with the artifact's message N
 * (Artifact.device_checks). Outside a CUDA session, does nothing. */
void dtc_rt_device_sync(void);

/* Drops what the runtime cached about constant operands in [begin, end),
 * called before that memory is unmapped (a model unloads). */
void dtc_rt_forget_constants(const void *begin, const void *end);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* RUNTIME_KERNELS_KERNELABI_H */
