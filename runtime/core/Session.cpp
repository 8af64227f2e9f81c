//===- Session.cpp - running entry points ---------------------------------===//
//
// The call follows the C interface dtc gives each entry point: memrefs are
// passed as pointers to descriptors {allocated, aligned, offset, sizes[r],
// strides[r]} (all 8-byte fields), knobs as scalars, and the results come
// back in descriptors the callee fills, one after another. The code
// allocates every result with malloc and the caller owns it (dtc clones a
// result that would alias an argument), so outputs are adopted, not copied.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Failure.h"
#include "runtime/core/HostMemory.h"
#include "runtime/core/LoadedModel.h"
#include "runtime/core/Number.h"
#include "runtime/core/Statistics.h"
#include "runtime/core/ThreadPool.h"

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>

using namespace dtc;
using detail::LoadedModel;

const ModelInfo &Model::info() const { return model_->info; }

Result<Session> Model::session(std::string_view entry) const {
  const auto &entries = model_->info.entryPoints;
  for (size_t i = 0; i < entries.size(); ++i)
    if (entries[i].name == entry)
      return Session(model_, i);
  std::string names;
  for (const EntryPointInfo &e : entries)
    names += (names.empty() ? "" : ", ") + e.name;
  return Error{"no entry point '" + std::string(entry) + "' (the model has " +
                   names + ")",
               ErrorCode::NotFound};
}

Session::Session(std::shared_ptr<const LoadedModel> model, size_t entry)
    : model_(std::move(model)), entry_(entry),
      memory_(new detail::BlockCache,
              [](detail::BlockCache *cache) { delete cache; }),
      busy_(std::make_unique<std::atomic<bool>>(false)) {
  for (const KnobInfo &knob : model_->info.knobs)
    knobValues_.push_back(knob.defaultValue);
  knobVectors_.resize(model_->info.knobs.size());
}

const EntryPointInfo &Session::info() const {
  return model_->info.entryPoints[entry_];
}

namespace {
std::string knobNames(const ModelInfo &info) {
  std::string names;
  for (const KnobInfo &knob : info.knobs)
    names += (names.empty() ? "" : ", ") + knob.name;
  return names.empty() ? "none" : names;
}

bool isInteger(DType dtype) { return dtype == DType::I64 || dtype == DType::I32; }

/// A memref descriptor's storage: allocated, aligned, offset, sizes, strides.
std::vector<int64_t> descriptor(const void *data,
                                const std::vector<int64_t> &shape) {
  std::vector<int64_t> d(3 + 2 * shape.size());
  d[0] = d[1] = static_cast<int64_t>(reinterpret_cast<intptr_t>(data));
  int64_t stride = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    d[3 + i] = shape[i];
    d[3 + shape.size() + i] = stride;
    stride *= shape[i];
  }
  return d;
}
} // namespace

namespace {
/// Holds a session for one thread's call; `acquired` is false when another
/// thread holds it.
class Exclusive {
public:
  explicit Exclusive(std::atomic<bool> &busy)
      : busy_(busy),
        acquired_(!busy.exchange(true, std::memory_order_acquire)) {}
  ~Exclusive() {
    if (acquired_)
      busy_.store(false, std::memory_order_release);
  }
  bool acquired() const { return acquired_; }

private:
  std::atomic<bool> &busy_;
  bool acquired_;
};

Error sessionInUse(const std::string &entry, const char *call) {
  return Error{"entry point '" + entry + "': " + call +
                   " while another thread runs this session (a session is used "
                   "by one thread at a time: create one per thread)",
               ErrorCode::Busy};
}

/// Checks an input's extents against the documented limits (Runtime.h)
/// before any code runs.
Status checkExtents(const Tensor &input, const std::string &what) {
  int64_t product = 1;
  for (int64_t dim : input.shape()) {
    if (dim > kMaxExtent)
      return Error{what + ": extent " + std::to_string(dim) +
                   " is larger than the limit of " +
                   std::to_string(kMaxExtent) + " per dimension"};
    if (dim > 0 && (__builtin_mul_overflow(product, dim, &product) ||
                    product > kMaxExtentProduct))
      return Error{what + ": extents " + input.typeString() +
                   " multiply (zero extents as one) to more than the limit "
                   "of 2^40"};
  }
  return {};
}

/// Index of knob `name`, or an error listing the knobs.
Result<size_t> findKnob(const ModelInfo &info, std::string_view name) {
  for (size_t i = 0; i < info.knobs.size(); ++i)
    if (info.knobs[i].name == name)
      return i;
  return Error{"unknown knob '" + std::string(name) +
                   "' (knobs: " + knobNames(info) + ")",
               ErrorCode::NotFound};
}

/// `value` checked against the knob's type and range; `what` names it.
Status checkKnobValue(const KnobInfo &knob, const std::string &what,
                      double value) {
  if (!std::isfinite(value))
    return Error{what + ": value is not a finite number"};
  if (isInteger(knob.dtype) && value != std::floor(value))
    return Error{what + ": " + detail::numberString(value) +
                 " is not an integer"};
  bool below = knob.min && (knob.minExclusive ? value <= *knob.min
                                              : value < *knob.min);
  bool above = knob.max && (knob.maxExclusive ? value >= *knob.max
                                              : value > *knob.max);
  if (below || above)
    return Error{what + ": " + detail::numberString(value) +
                 " is outside its range " + knob.rangeString()};
  return {};
}
} // namespace

Status Session::set(std::string_view name, double value) {
  Exclusive exclusive(*busy_);
  if (!exclusive.acquired())
    return sessionInUse(info().name, "set()");
  Result<size_t> index = findKnob(model_->info, name);
  if (!index)
    return index.failure();
  const KnobInfo &knob = model_->info.knobs[*index];
  std::string what = "knob '" + knob.name + "'";
  if (knob.vector)
    return Error{what + " is a vector: set it to a list of values"};
  if (Status s = checkKnobValue(knob, what, value); !s)
    return s;
  knobValues_[*index] = value;
  return {};
}

Status Session::set(std::string_view name, const std::vector<double> &values) {
  Exclusive exclusive(*busy_);
  if (!exclusive.acquired())
    return sessionInUse(info().name, "set()");
  Result<size_t> index = findKnob(model_->info, name);
  if (!index)
    return index.failure();
  const KnobInfo &knob = model_->info.knobs[*index];
  std::string what = "knob '" + knob.name + "'";
  if (!knob.vector)
    return Error{what + " is a scalar: set it to one value"};
  for (size_t i = 0; i < values.size(); ++i)
    if (Status s = checkKnobValue(knob, what + " element " + std::to_string(i),
                                  values[i]);
        !s)
      return s;
  knobVectors_[*index] = values;
  return {};
}

Result<double> Session::get(std::string_view name) const {
  Result<size_t> index = findKnob(model_->info, name);
  if (!index)
    return index.failure();
  if (model_->info.knobs[*index].vector)
    return Error{"knob '" + std::string(name) + "' is a vector: use getVector"};
  return knobValues_[*index];
}

Result<std::vector<double>> Session::getVector(std::string_view name) const {
  Result<size_t> index = findKnob(model_->info, name);
  if (!index)
    return index.failure();
  if (!model_->info.knobs[*index].vector)
    return Error{"knob '" + std::string(name) + "' is a scalar: use get"};
  return knobVectors_[*index];
}

Result<std::vector<Tensor>> Session::run(const std::vector<Tensor> &inputs) {
  const EntryPointInfo &entry = info();
  const LoadedModel::Entry &code = model_->entries[entry_];
  Exclusive exclusive(*busy_);
  if (!exclusive.acquired())
    return sessionInUse(entry.name, "run()");
  if (inputs.size() != entry.inputs.size())
    return Error{"entry point '" + entry.name + "' takes " +
                 std::to_string(entry.inputs.size()) + " input(s), got " +
                 std::to_string(inputs.size())};

  // Argument storage; `args` points into it, so nothing may reallocate it
  // after the pointers are taken.
  std::vector<std::vector<int64_t>> descriptors;
  descriptors.reserve(inputs.size() + code.parameters.size() + code.knobs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ValueInfo &expected = entry.inputs[i];
    const Tensor &input = inputs[i];
    std::string what = "input '" + expected.name + "' (#" + std::to_string(i) + ")";
    bool shapeOk = input.shape().size() == expected.shape.size();
    for (size_t d = 0; shapeOk && d < expected.shape.size(); ++d)
      shapeOk = input.shape()[d] >= 0 &&
                (expected.shape[d] < 0 || expected.shape[d] == input.shape()[d]);
    if (input.dtype() != expected.dtype || !shapeOk)
      return Error{what + ": expected " +
                   typeString(expected.shape, expected.dtype) + ", got " +
                   input.typeString()};
    if (Status s = checkExtents(input, what); !s)
      return s.failure();
    if (!input.data() && input.numElements() > 0)
      return Error{what + ": has no data"};
    descriptors.push_back(descriptor(input.data(), input.shape()));
  }
  for (uint32_t index : code.parameters) {
    const LoadedModel::Parameter &param = model_->parameters[index];
    descriptors.push_back(descriptor(param.data, param.shape));
  }

  union Scalar {
    float f32;
    double f64;
    int64_t i64;
    int32_t i32;
  };
  auto toScalar = [](DType dtype, double value) {
    Scalar s;
    switch (dtype) {
    case DType::F64: s.f64 = value; break;
    case DType::I64: s.i64 = static_cast<int64_t>(value); break;
    case DType::I32: s.i32 = static_cast<int32_t>(value); break;
    default: s.f32 = static_cast<float>(value); break;
    }
    return s;
  };
  // Scalar knobs by value; vector knobs as rank-1 memrefs of their dtype
  // (each element a Scalar's leading bytes, packed).
  std::vector<Scalar> scalars(code.knobs.size());
  std::vector<std::vector<char>> knobBuffers(code.knobs.size());
  std::vector<size_t> knobDescriptor(code.knobs.size(), SIZE_MAX);
  for (size_t k = 0; k < code.knobs.size(); ++k) {
    const KnobInfo &knob = model_->info.knobs[code.knobs[k]];
    if (!knob.vector) {
      scalars[k] = toScalar(knob.dtype, knobValues_[code.knobs[k]]);
      continue;
    }
    const std::vector<double> &values = knobVectors_[code.knobs[k]];
    size_t element = dtypeSize(knob.dtype);
    knobBuffers[k].resize(std::max<size_t>(1, values.size()) * element);
    for (size_t i = 0; i < values.size(); ++i) {
      Scalar s = toScalar(knob.dtype, values[i]);
      std::memcpy(knobBuffers[k].data() + i * element, &s, element);
    }
    knobDescriptor[k] = descriptors.size();
    descriptors.push_back(descriptor(
        knobBuffers[k].data(), {static_cast<int64_t>(values.size())}));
  }
  std::vector<int64_t *> descriptorPointers;
  for (auto &d : descriptors)
    descriptorPointers.push_back(d.data());

  size_t resultWords = 0;
  for (const ValueInfo &output : entry.outputs)
    resultWords += 3 + 2 * output.shape.size();
  std::vector<int64_t> results(resultWords, 0);
  int64_t *resultPointer = results.data();

  std::vector<void *> args;
  args.push_back(&resultPointer);
  size_t tensorArgs = inputs.size() + code.parameters.size();
  for (size_t i = 0; i < tensorArgs; ++i)
    args.push_back(&descriptorPointers[i]);
  for (size_t k = 0; k < code.knobs.size(); ++k)
    args.push_back(knobDescriptor[k] == SIZE_MAX
                       ? static_cast<void *>(&scalars[k])
                       : static_cast<void *>(&descriptorPointers[knobDescriptor[k]]));
  detail::RunStatistics statistics;
  memory_->beginRun();
  {
    detail::ScopedCurrentPool pool(model_->pool.get());
    detail::ScopedStatistics counting(&statistics);
    detail::ScopedBlockCache memory(memory_.get());
    if (std::optional<detail::RunFailure> failure =
            detail::callGuarded(code.function, args.data())) {
      // The run jumped out with its buffers live: take them back.
      memory_->reclaimLive();
      if (failure->outOfMemory)
        return Error{"entry point '" + entry.name + "': " + failure->message,
                     ErrorCode::OutOfMemory};
      return Error{"entry point '" + entry.name +
                       "': run-time check failed at " + failure->message +
                       " (the inputs' shapes or values do not fit the model)",
                   ErrorCode::CheckFailed};
    }
  }
  statistics.add("host memory bytes (fresh, reused)", 0,
                 static_cast<int64_t>(memory_->freshBytes()));
  statistics.add("host memory bytes (fresh, reused)", 1,
                 static_cast<int64_t>(memory_->reusedBytes()));
  statistics.add("host memory blocks (fresh, reused)", 0,
                 static_cast<int64_t>(memory_->freshBlocks()));
  statistics.add("host memory blocks (fresh, reused)", 1,
                 static_cast<int64_t>(memory_->reusedBlocks()));
  statistics_ = statistics.take();

  // Adopt the results; two results from one allocation share its owner.
  std::map<int64_t, std::shared_ptr<void>> owners;
  std::vector<Tensor> outputs;
  const int64_t *d = results.data();
  for (const ValueInfo &output : entry.outputs) {
    size_t rank = output.shape.size();
    std::vector<int64_t> shape(d + 3, d + 3 + rank);
    auto &owner = owners[d[0]];
    if (!owner) {
      void *block = reinterpret_cast<void *>(d[0]);
      memory_->detach(block);
      owner = std::shared_ptr<void>(block, detail::freeBlock);
    }
    char *aligned = reinterpret_cast<char *>(d[1]) + d[2] * dtypeSize(output.dtype);
    Tensor view = Tensor::share(owner, aligned, output.dtype, shape);
    // Results are dense row-major unless a layout change left them strided;
    // those are copied into dense tensors.
    std::vector<int64_t> dense = descriptor(nullptr, shape);
    if (std::equal(d + 3 + rank, d + 3 + 2 * rank, dense.begin() + 3 + rank)) {
      outputs.push_back(std::move(view));
    } else {
      Tensor copy = Tensor::allocate(output.dtype, shape);
      if (!copy.data() && copy.numElements() > 0)
        return Error{"entry point '" + entry.name + "': out of memory: " +
                         std::to_string(copy.byteSize()) +
                         " bytes for output '" + output.name + "'",
                     ErrorCode::OutOfMemory};
      size_t element = dtypeSize(output.dtype);
      for (int64_t flat = 0, n = copy.numElements(); flat < n; ++flat) {
        int64_t rest = flat, offset = 0;
        for (size_t i = rank; i-- > 0;) {
          offset += (rest % shape[i]) * d[3 + rank + i];
          rest /= shape[i];
        }
        std::memcpy(copy.data<char>() + flat * element,
                    aligned + offset * element, element);
      }
      outputs.push_back(std::move(copy));
    }
    d += 3 + 2 * rank;
  }
  return outputs;
}
