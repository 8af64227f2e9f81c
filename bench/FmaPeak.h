//===- FmaPeak.h - the fp32 peak a register-only FMA loop reaches -*- C++ -*-===//

#ifndef BENCH_FMAPEAK_H
#define BENCH_FMAPEAK_H

/// GFLOP/s of one thread running independent FMAs on registers only, at
/// the widest vectors this CPU has: the ceiling a GEMM is measured against.
double measureFmaPeakGflops();

#endif // BENCH_FMAPEAK_H
