//===- GemmBench.cpp - the runtime's GEMM against oneDNN's sgemm ----------===//
//
// For each transformer shape M x K x N (a linear layer: activations [M, K]
// times weights [N, K] transposed), times dtc_rt_sgemm with the weights
// constant (packed once, as compiled models call it) and packed per call,
// and oneDNN's dnnl_sgemm on the same data, interleaved in one process.
// Prints medians, GFLOP/s, the ratio to oneDNN and the one-thread FMA peak.
//
//   build/bin/dtc-bench-gemm [--threads=N] [--repeats=N]
//
//===----------------------------------------------------------------------===//

#include "bench/FmaPeak.h"
#include "runtime/core/ThreadPool.h"
#include "runtime/kernels/KernelAbi.h"

#include <dnnl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

// From libgomp, which Debian's oneDNN threads with.
extern "C" void omp_set_num_threads(int);

namespace {

double medianMs(std::vector<double> &samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

double timeMs(const std::function<void()> &f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

struct Shape {
  int64_t m, k, n;
};

} // namespace

int main(int argc, char **argv) {
  // Idle OpenMP threads spin by default: between oneDNN's calls they take
  // the cores dtc's pool needs, halving its two-thread throughput in this
  // interleaved run. libgomp reads the policy once, when it loads, so the
  // bench restarts itself with it set (unless the caller chose one).
  if (!std::getenv("OMP_WAIT_POLICY")) {
    setenv("OMP_WAIT_POLICY", "passive", 1);
    execv("/proc/self/exe", argv);
    std::perror("dtc-bench-gemm: restarting with OMP_WAIT_POLICY=passive");
  }
  int threads = 1, repeats = 50;
  bool peakOnly = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--peak-only")) {
      peakOnly = true;
      continue;
    }
    if (!std::strncmp(argv[i], "--threads=", 10))
      threads = std::atoi(argv[i] + 10);
    else if (!std::strncmp(argv[i], "--repeats=", 10))
      repeats = std::atoi(argv[i] + 10);
    else {
      std::fprintf(stderr,
                   "usage: %s [--threads=N] [--repeats=N] [--peak-only]\n",
                   argv[0]);
      return 2;
    }
  }
  if (threads < 1 || repeats < 1) {
    std::fprintf(stderr, "--threads and --repeats must be positive\n");
    return 2;
  }
  if (peakOnly) {
    std::printf("fp32 FMA peak (register-only loop, 1 thread): %.1f GFLOP/s\n",
                measureFmaPeakGflops());
    return 0;
  }
  omp_set_num_threads(threads);
  // dtc_rt_sgemm runs on the pool of the session calling it; here, this one.
  dtc::detail::ThreadPool pool(threads);
  dtc::detail::ScopedCurrentPool scope(&pool);

  double peak = measureFmaPeakGflops();
  std::printf("fp32 FMA peak (register-only loop, 1 thread): %.1f GFLOP/s\n",
              peak);
  std::printf("threads: %d (oneDNN's OpenMP, OMP_WAIT_POLICY=%s, and dtc's "
              "pool); median of %d\n\n",
              threads, std::getenv("OMP_WAIT_POLICY"), repeats);
  std::printf("%-16s %10s %10s %10s %10s %10s %8s %8s %9s\n", "M x K x N",
              "dtc ms", "dtc GF/s", "dtc-pk ms", "oneDNN ms", "oneDNN GF/s",
              "dtc/dnn", "dtc/peak", "rel err");

  std::mt19937 rng(1);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (Shape s : {Shape{197, 384, 1536}, Shape{197, 1536, 384},
                  Shape{64, 384, 384}, Shape{197, 384, 384},
                  Shape{197, 384, 1152}}) {
    std::vector<float> a(s.m * s.k), w(s.n * s.k), cDtc(s.m * s.n),
        cDnnl(s.m * s.n);
    for (float &x : a)
      x = uniform(rng);
    for (float &x : w)
      x = uniform(rng);
    auto dtcConst = [&] {
      dtc_rt_sgemm(s.m, s.n, s.k, a.data(), s.k, 1, w.data(), 1, s.k,
                   cDtc.data(), s.n, 1, DTC_RT_GEMM_CONSTANT_B, nullptr,
                   nullptr);
    };
    auto dtcPacking = [&] {
      dtc_rt_sgemm(s.m, s.n, s.k, a.data(), s.k, 1, w.data(), 1, s.k,
                   cDtc.data(), s.n, 1, 0, nullptr, nullptr);
    };
    auto dnnl = [&] {
      dnnl_sgemm('N', 'T', s.m, s.n, s.k, 1.0f, a.data(), s.k, w.data(), s.k,
                 0.0f, cDnnl.data(), s.n);
    };
    for (int warm = 0; warm < 5; ++warm) {
      dtcConst();
      dtcPacking();
      dnnl();
    }
    // Normwise: the largest difference over the largest magnitude.
    double maxDiff = 0, maxAbs = 0;
    for (size_t i = 0; i < cDtc.size(); ++i) {
      maxDiff = std::max(maxDiff, double(std::fabs(cDtc[i] - cDnnl[i])));
      maxAbs = std::max(maxAbs, double(std::fabs(cDnnl[i])));
    }
    double maxErr = maxDiff / maxAbs;
    std::vector<double> tConst, tPacking, tDnnl;
    for (int r = 0; r < repeats; ++r) {
      tConst.push_back(timeMs(dtcConst));
      tPacking.push_back(timeMs(dtcPacking));
      tDnnl.push_back(timeMs(dnnl));
    }
    double flop = 2.0 * s.m * s.n * s.k;
    double msConst = medianMs(tConst), msPacking = medianMs(tPacking),
           msDnnl = medianMs(tDnnl);
    double gfConst = flop / msConst * 1e-6, gfDnnl = flop / msDnnl * 1e-6;
    char name[32];
    std::snprintf(name, sizeof(name), "%ldx%ldx%ld", long(s.m), long(s.k),
                  long(s.n));
    std::printf("%-16s %10.3f %10.1f %10.3f %10.3f %10.1f %8.2f %8.2f %9.1e\n",
                name, msConst, gfConst, msPacking, msDnnl, gfDnnl,
                gfConst / gfDnnl, gfConst / (peak * threads), maxErr);
  }
  return 0;
}
