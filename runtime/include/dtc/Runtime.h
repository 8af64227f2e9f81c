//===- Runtime.h - the dtc runtime's C++ API --------------------*- C++ -*-===//
//
// Loads .dtb artifacts and runs their entry points:
//
//   dtc::Runtime rt;
//   dtc::Model m = rt.load("vit.dtb").value();   // errors are values
//   dtc::Session s = m.session("main").value();  // one per thread; cheap
//   if (dtc::Status st = s.set("keep_rate", 0.5); !st) ... st.error() ...
//   auto out = s.run({dtc::Tensor::wrap(pixels, dtc::DType::F32, {1, 224, 224, 3})});
//
// Every failure (a corrupt artifact, a wrong input shape, a knob out of its
// range) is a Result or Status carrying a message; nothing throws or aborts.
// Loading an artifact runs the code inside it: artifacts are trusted input,
// like shared libraries.
//
//===----------------------------------------------------------------------===//

#ifndef DTC_RUNTIME_H
#define DTC_RUNTIME_H

#include "dtc/Export.h"
#include "dtc/Result.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dtc {

enum class DType { F32, F64, F16, BF16, I64, I32, I16, I8, U8, Bool };

/// Limits on every input of a run (docs/runtime-checks.md): compiled code may
/// loop or allocate in proportion to any extent, even one of a tensor with
/// no elements, so extents past these are errors before any code runs.
/// The largest extent of one dimension.
inline constexpr int64_t kMaxExtent = (int64_t(1) << 31) - 1;
/// The largest product of a tensor's extents, zero extents counted as one.
inline constexpr int64_t kMaxExtentProduct = int64_t(1) << 40;

/// Bytes per element.
DTC_API size_t dtypeSize(DType dtype);
/// "f32", "i64", "i1" (bool), ... as in MLIR types.
DTC_API std::string_view dtypeName(DType dtype);
/// "2x?x3xf32" for shape {2, -1, 3} of f32 (-1 is a dynamic dimension).
DTC_API std::string typeString(const std::vector<int64_t> &shape, DType dtype);

/// A dense, row-major tensor. Copies share the data.
class DTC_API Tensor {
public:
  Tensor() = default;
  /// Zero-filled storage owned by the tensor; data() is null when the
  /// memory cannot be had (and numElements() > 0).
  static Tensor allocate(DType dtype, std::vector<int64_t> shape);
  /// A view of caller memory, which must outlive every use of the tensor
  /// (no copy is made).
  static Tensor wrap(void *data, DType dtype, std::vector<int64_t> shape);
  /// Takes ownership of `data` (freed with `deleter`).
  static Tensor adopt(void *data, DType dtype, std::vector<int64_t> shape,
                      void (*deleter)(void *));
  /// A view sharing the ownership `owner` holds.
  static Tensor share(std::shared_ptr<void> owner, void *data, DType dtype,
                      std::vector<int64_t> shape);

  DType dtype() const { return dtype_; }
  const std::vector<int64_t> &shape() const { return shape_; }
  /// The product of the extents; INT64_MAX when it does not fit (or an
  /// extent is negative).
  int64_t numElements() const;
  /// numElements() times the element size; SIZE_MAX when it does not fit.
  size_t byteSize() const;
  void *data() { return data_; }
  const void *data() const { return data_; }
  template <typename T> T *data() { return static_cast<T *>(data_); }
  template <typename T> const T *data() const {
    return static_cast<const T *>(data_);
  }
  /// "2x3xf32".
  std::string typeString() const;

private:
  std::shared_ptr<void> owner_;
  void *data_ = nullptr;
  DType dtype_ = DType::F32;
  std::vector<int64_t> shape_;
};

/// An input or output of an entry point; -1 marks a dynamic dimension.
struct ValueInfo {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
};

struct DTC_API KnobInfo {
  std::string name;
  DType dtype;
  double defaultValue;
  std::optional<double> min, max;
  bool minExclusive = false, maxExclusive = false;
  /// A vector knob: any number of values (one per layer, say), each in the
  /// range; elements past the last one set read as the default.
  bool vector = false;
  /// "(0, 1]", "[1, 8]", "any".
  std::string rangeString() const;
};

struct EntryPointInfo {
  std::string name;
  std::vector<ValueInfo> inputs, outputs;
  /// Names of the knobs this entry point reads.
  std::vector<std::string> knobs;
};

struct ModelInfo {
  std::vector<EntryPointInfo> entryPoints;
  std::vector<KnobInfo> knobs;
  /// Parameter count and bytes (inline and external).
  size_t numParameters = 0;
  uint64_t parameterBytes = 0;
  /// Matrices of the parameters that the GEMM kernel reads as constant
  /// operands, packed for it when the model loads.
  size_t packedMatrices = 0;
  std::string cpu;
  std::vector<std::string> cpuFeatures;
  /// For an artifact compiled with --target=cuda: the chips its PTX is for
  /// ("sm_80", ...); empty for CPU code.
  std::vector<std::string> cudaChips;
  std::string dtcVersion, sourceName, weightsName;
  std::vector<std::string> fixedKnobs;
};

/// A counter the compiled code kept during a run: what the model's
/// conditional ops decided. Names say what and where, e.g.
/// "tokens kept, offered at model.mlir:58:8" (entry 0 kept, entry 1
/// offered), "samples per exit head at ..." (entry s: samples that left at
/// head s), "rows per expert at ..." (entry e: rows expert e computed), and
/// "matrix-product FLOPs (dtc_rt_sgemm)": what the GEMMs of the run executed.
struct Statistic {
  std::string name;
  std::vector<int64_t> values;
};

class Session;
namespace detail {
struct LoadedModel;
class BlockCache;
}

/// A loaded artifact; copies share it. It stays loaded while a copy or a
/// Session of it lives.
class DTC_API Model {
public:
  const ModelInfo &info() const;
  /// A session running entry point `entry`, with every knob at its default.
  Result<Session> session(std::string_view entry = "main") const;

private:
  friend class Runtime;
  explicit Model(std::shared_ptr<const detail::LoadedModel> model)
      : model_(std::move(model)) {}
  std::shared_ptr<const detail::LoadedModel> model_;
};

/// Runs one entry point with its own knob values. A session is used by one
/// thread at a time: a call of run() or set() while another thread is in
/// run() on the same session is an error, not a race. Create one session
/// per thread (Model::session is cheap).
class DTC_API Session {
public:
  const EntryPointInfo &info() const;
  /// Sets knob `name`; an unknown name, a value outside the knob's range or
  /// a fraction for an integer knob is an error naming the knob.
  Status set(std::string_view name, double value);
  /// Sets vector knob `name` to `values` (any count; the model reads the
  /// default past the last), each checked as by set().
  Status set(std::string_view name, const std::vector<double> &values);
  /// The knob's current value.
  Result<double> get(std::string_view name) const;
  /// The vector knob's current values.
  Result<std::vector<double>> getVector(std::string_view name) const;
  /// Runs the entry point. Inputs are checked against the entry point's
  /// count, dtypes and static dimensions (errors name the input); outputs
  /// are owned by the returned tensors.
  Result<std::vector<Tensor>> run(const std::vector<Tensor> &inputs);
  /// The counters of the last successful run (empty before one).
  const std::vector<Statistic> &statistics() const { return statistics_; }

private:
  friend class Model;
  Session(std::shared_ptr<const detail::LoadedModel> model, size_t entry);
  std::shared_ptr<const detail::LoadedModel> model_;
  size_t entry_;
  // One value per scalar knob, a list per vector knob (by knob index).
  std::vector<double> knobValues_;
  std::vector<std::vector<double>> knobVectors_;
  std::vector<Statistic> statistics_;
  // The blocks the session's runs allocate, kept for the next run (move-only:
  // one per thread).
  std::unique_ptr<detail::BlockCache, void (*)(detail::BlockCache *)> memory_;
  // Set while a thread is in run(), to refuse a second one.
  std::unique_ptr<std::atomic<bool>> busy_;
};

/// Where a runtime runs compiled code.
struct DTC_API Device {
  enum class Kind { Cpu, Cuda };
  Kind kind = Kind::Cpu;
  /// The CUDA device's ordinal (as cuDeviceGet counts).
  int ordinal = 0;

  static Device cpu() { return {}; }
  static Device cuda(int ordinal = 0) { return {Kind::Cuda, ordinal}; }
  /// "cpu", "cuda", "cuda:N" (N from 0).
  static Result<Device> parse(std::string_view text);
  /// "cpu" or "cuda:N".
  std::string name() const;
};

/// Process-wide settings.
struct RuntimeOptions {
  /// Threads the runtime's one pool runs kernels on, the caller's included:
  /// 0 for one per CPU this process may run on, 1 to run on the caller only.
  int threads = 0;
  /// Where artifacts' code runs: the CPU, or an NVIDIA GPU for artifacts
  /// compiled with `dtc --target=cuda`.
  Device device;
};

namespace detail {
class ThreadPool;
}

class DTC_API Runtime {
public:
  /// A runtime with default options.
  Runtime();
  /// A runtime with `options`; a thread count outside [0, 1024] is an error,
  /// and so is a CUDA device this machine does not have ("no CUDA device:
  /// ..." says why: no driver, no device, an ordinal past the last).
  static Result<Runtime> create(const RuntimeOptions &options);
  /// Threads of the pool, the caller's included.
  int threads() const;
  /// Loads and validates the artifact at `path` (see Reader.h for what is
  /// checked), checks that this CPU has the features its code needs, binds
  /// parameters without copying them (the file is mapped), and loads its
  /// code.
  Result<Model> load(const std::string &path) const;
  /// Reads and validates the artifact at `path` as load() does, and says
  /// what it holds, without loading its code or parameter files: nothing of
  /// the artifact runs, and it need not suit this CPU or device.
  static Result<ModelInfo> describe(const std::string &path);

private:
  explicit Runtime(int threads);
  std::shared_ptr<detail::ThreadPool> pool_;
};

} // namespace dtc

#endif // DTC_RUNTIME_H
