//===- Loader.cpp - loading .dtb artifacts --------------------------------===//
//
// Order matters: everything in the file is validated (runtime/artifact) and
// the host is checked for the CPU features the code needs before any of the
// artifact's code is mapped executable.
//
//===----------------------------------------------------------------------===//

#include "runtime/artifact/Format.h"
#include "runtime/artifact/Reader.h"
#include "runtime/core/CpuFeatures.h"
#include "runtime/core/LoadedModel.h"
#include "runtime/core/ThreadPool.h"
#include "runtime/cuda/CudaDriver.h"
#include "runtime/kernels/Gemm.h"
#include "runtime/kernels/KernelAbi.h"
#include "runtime/safetensors/SafeTensors.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <map>
#include <sched.h>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>

using namespace dtc;
using detail::LoadedModel;

detail::LoadedModel::~LoadedModel() {
  if (library)
    dlclose(library);
  if (libraryFd >= 0)
    close(libraryFd);
  // Kernels may hold packed copies of parameters, keyed by their address,
  // which a later mapping may reuse.
  dtc_rt_forget_constants(artifact.data(), artifact.data() + artifact.size());
  for (const MappedFile &file : externalFiles)
    dtc_rt_forget_constants(file.data(), file.data() + file.size());
  for (const AlignedCopy &copy : alignedCopies) {
    dtc_rt_forget_constants(copy.data,
                            static_cast<char *>(copy.data) + copy.size);
    std::free(copy.data);
  }
}

namespace {
DType fromArtifact(dtb::DType dtype) {
  switch (dtype) {
  case dtb::F64: return DType::F64;
  case dtb::F16: return DType::F16;
  case dtb::BF16: return DType::BF16;
  case dtb::I64: return DType::I64;
  case dtb::I32: return DType::I32;
  case dtb::I16: return DType::I16;
  case dtb::I8: return DType::I8;
  case dtb::U8: return DType::U8;
  case dtb::BOOL: return DType::Bool;
  default: return DType::F32;
  }
}

std::optional<safetensors::DType> safetensorsType(dtb::DType dtype) {
  switch (dtype) {
  case dtb::F32: return safetensors::DType::F32;
  case dtb::F64: return safetensors::DType::F64;
  case dtb::F16: return safetensors::DType::F16;
  case dtb::BF16: return safetensors::DType::BF16;
  case dtb::I64: return safetensors::DType::I64;
  case dtb::I32: return safetensors::DType::I32;
  case dtb::I16: return safetensors::DType::I16;
  case dtb::I8: return safetensors::DType::I8;
  case dtb::U8: return safetensors::DType::U8;
  case dtb::BOOL: return safetensors::DType::Bool;
  default: return std::nullopt;
  }
}

std::vector<int64_t> dims(const dtb::TensorType &type) {
  return {type.dims().begin(), type.dims().end()};
}

ModelInfo describeArtifact(const dtb::Artifact &artifact) {
  ModelInfo info;
  auto values = [](const auto &list) {
    std::vector<ValueInfo> out;
    for (const dtb::Value &v : list)
      out.push_back({v.name(), fromArtifact(v.type().dtype()), dims(v.type())});
    return out;
  };
  for (const dtb::EntryPoint &entry : artifact.entry_points()) {
    EntryPointInfo e{entry.name(), values(entry.inputs()),
                     values(entry.outputs()), {}};
    for (uint32_t knob : entry.knobs())
      e.knobs.push_back(artifact.knobs(knob).name());
    info.entryPoints.push_back(std::move(e));
  }
  for (const dtb::Knob &knob : artifact.knobs()) {
    KnobInfo k;
    k.name = knob.name();
    k.dtype = fromArtifact(knob.dtype());
    k.defaultValue = knob.default_value();
    if (knob.has_min())
      k.min = knob.min();
    if (knob.has_max())
      k.max = knob.max();
    k.minExclusive = knob.min_exclusive();
    k.maxExclusive = knob.max_exclusive();
    k.vector = knob.vector();
    info.knobs.push_back(std::move(k));
  }
  info.numParameters = artifact.parameters_size();
  for (const dtb::Parameter &param : artifact.parameters()) {
    uint64_t bytes = dtb::elementSize(param.type().dtype());
    for (int64_t dim : param.type().dims())
      bytes *= dim;
    info.parameterBytes += bytes;
    for (const dtb::GemmOperand &operand : param.gemm_operands())
      info.packedMatrices += operand.offsets_size();
  }
  const dtb::HostCode &host = artifact.host();
  info.cpu = host.cpu();
  info.cpuFeatures.assign(host.cpu_features().begin(),
                          host.cpu_features().end());
  for (const dtb::DeviceCode &code : artifact.device_code())
    info.cudaChips.push_back(code.chip());
  const dtb::Provenance &p = artifact.provenance();
  info.dtcVersion = p.dtc_version();
  info.sourceName = p.source_name();
  info.weightsName = p.weights_name();
  info.fixedKnobs.assign(p.fixed_knobs().begin(), p.fixed_knobs().end());
  return info;
}

Status checkHostCode(const dtb::HostCode &host) {
  if (host.kernel_abi() != DTC_RT_ABI_VERSION)
    return Error{"the artifact's code calls kernel ABI version " +
                     std::to_string(host.kernel_abi()) +
                     ", but this runtime provides version " +
                     std::to_string(DTC_RT_ABI_VERSION) +
                     "; recompile it with a matching dtc",
                 ErrorCode::Unsupported};
  for (const std::string &feature : host.cpu_features()) {
    std::optional<bool> has = hostHasCpuFeature(feature);
    if (!has)
      return Error{"the artifact requires CPU feature '" + feature +
                       "', which this runtime cannot check",
                   ErrorCode::Unsupported};
    if (!*has)
      return Error{"this CPU lacks feature '" + feature +
                       "', which the artifact's code (compiled for " +
                       host.cpu() + ") needs; recompile with --cpu=x86-64-v3",
                   ErrorCode::Unsupported};
  }
  return {};
}

std::string directoryOf(const std::string &path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

/// Maps and checks the external parameter files, binding each parameter.
Status bindExternal(LoadedModel &model, const dtb::Artifact &artifact,
                    const std::string &artifactPath) {
  std::map<std::string, size_t> opened; // resolved path -> file index
  std::vector<safetensors::File> parsed;
  for (int i = 0; i < artifact.parameters_size(); ++i) {
    const dtb::Parameter &param = artifact.parameters(i);
    if (!param.has_external())
      continue;
    const dtb::ExternalTensor &ext = param.external();
    std::string path = ext.path()[0] == '/'
                           ? ext.path()
                           : directoryOf(artifactPath) + "/" + ext.path();
    std::string what = "parameter '" + param.name() + "'";
    auto [it, inserted] = opened.try_emplace(path, model.externalFiles.size());
    if (inserted) {
      Result<MappedFile> file = MappedFile::open(path);
      if (!file)
        return Error{what + ": missing parameter file: " + file.error(),
                     ErrorCode::NotFound};
      if (dtb::hash(file->data(), file->size()) != ext.file_xxh3())
        return Error{what + ": parameter file '" + path +
                         "' does not match the artifact (checksum mismatch: it "
                         "changed since dtc compiled the model)",
                     ErrorCode::CorruptArtifact};
      Result<safetensors::File> st =
          safetensors::File::parse(file->data(), file->size());
      if (!st)
        return Error{"parameter file '" + path + "': " + st.error(),
                     ErrorCode::CorruptArtifact};
      model.externalFiles.push_back(std::move(file.value()));
      parsed.push_back(std::move(st.value()));
    }
    const safetensors::File &st = parsed[it->second];
    const safetensors::Tensor *tensor = st.find(ext.tensor());
    if (!tensor)
      return Error{what + ": tensor '" + ext.tensor() + "' is not in '" + path +
                       "'",
                   ErrorCode::CorruptArtifact};
    if (tensor->dtype != safetensorsType(param.type().dtype()) ||
        tensor->shape != dims(param.type()))
      return Error{what + ": tensor '" + ext.tensor() + "' in '" + path +
                       "' does not have type " + dtb::typeString(param.type()),
                   ErrorCode::CorruptArtifact};
    const uint8_t *data = st.data(*tensor);
    // Compiled code and kernels read whole elements (and vectors) from
    // here: a misaligned tensor is read from an aligned copy.
    if (reinterpret_cast<uintptr_t>(data) % 64 != 0 && tensor->size > 0) {
      size_t bytes = (tensor->size + 63) / 64 * 64;
      void *copy = std::aligned_alloc(64, bytes);
      if (!copy)
        return Error{"out of memory: " + std::to_string(bytes) +
                         " bytes for an aligned copy of " + what,
                     ErrorCode::OutOfMemory};
      std::memcpy(copy, data, tensor->size);
      model.alignedCopies.push_back({copy, tensor->size});
      data = static_cast<const uint8_t *>(copy);
    }
    model.parameters[i].data = data;
  }
  return {};
}

/// Packs the parameters' matrices that the compiled GEMMs read as constant
/// operands (the artifact lists them, and the reader checked that each lies
/// inside its parameter), on the runtime's pool, so that no run pays for it.
Status packConstantOperands(LoadedModel &model, const dtb::Artifact &artifact) {
  struct Matrix {
    int64_t k, n;
    kernels::MatrixRef b;
    int parameter;
  };
  std::vector<Matrix> matrices;
  for (int i = 0; i < artifact.parameters_size(); ++i)
    for (const dtb::GemmOperand &operand :
         artifact.parameters(i).gemm_operands())
      for (int64_t offset : operand.offsets())
        matrices.push_back(
            {operand.k(),
             operand.n(),
             {static_cast<const float *>(model.parameters[i].data) + offset,
              operand.row_stride(), operand.col_stride()},
             i});
  std::atomic<int> failed{-1};
  model.pool->parallelFor(int(matrices.size()), [&](int i) {
    if (!kernels::packConstantB(matrices[i].k, matrices[i].n, matrices[i].b))
      failed = i;
  });
  if (int i = failed; i >= 0)
    return Error{"out of memory: " +
                     std::to_string(uint64_t(matrices[i].k) * matrices[i].n *
                                    sizeof(float)) +
                     " bytes for packing parameter '" +
                     artifact.parameters(matrices[i].parameter).name() + "'",
                 ErrorCode::OutOfMemory};
  return {};
}

/// Loads the host shared object from memory: an anonymous file, then dlopen
/// of its /proc path, so nothing is written to disk.
///
/// The dynamic linker returns a library it already has when the path names
/// one it loaded before, and a /proc/self/fd/N path is reused as soon as fd N
/// is: a second artifact would run the first one's code. So the fd stays
/// open while the library is loaded (a live library's name is never reused),
/// and a name that still belongs to a loaded library (one whose fd was
/// closed, or one dlclose could not unload) is skipped by moving the file to
/// another fd number first.
Status loadHostCode(LoadedModel &model, const uint8_t *object, size_t size) {
  auto systemError = [](const std::string &what) {
    return Error{what + ": " + std::strerror(errno), ErrorCode::Io};
  };
  int fd = memfd_create("dtc-host-code", MFD_CLOEXEC);
  if (fd < 0)
    return systemError("cannot create the host code file");
  for (size_t done = 0; done < size;) {
    ssize_t n = write(fd, object + done, size - done);
    if (n <= 0) {
      Error error = systemError("cannot write the host code");
      close(fd);
      return error;
    }
    done += n;
  }
  // Fds that name a library already loaded; closed once ours is.
  std::vector<int> taken;
  auto closeTaken = [&] {
    for (int t : taken)
      close(t);
  };
  std::string path;
  for (;;) {
    path = "/proc/self/fd/" + std::to_string(fd);
    void *existing = dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (!existing)
      break;
    dlclose(existing);
    taken.push_back(fd);
    fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) {
      Error error = systemError("cannot name the host code file");
      closeTaken();
      return error;
    }
  }
  closeTaken();
  model.library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!model.library) {
    close(fd);
    return Error{std::string("cannot load the host code: ") + dlerror(),
                 ErrorCode::CorruptArtifact};
  }
  model.libraryFd = fd;
  return {};
}
} // namespace

namespace {
int cpusAvailable() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0)
    return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}
} // namespace

Result<Device> Device::parse(std::string_view text) {
  if (text == "cpu")
    return Device::cpu();
  if (text == "cuda")
    return Device::cuda(0);
  if (text.substr(0, 5) == "cuda:" && text.size() > 5 && text.size() <= 9 &&
      text.find_first_not_of("0123456789", 5) == std::string_view::npos)
    return Device::cuda(std::stoi(std::string(text.substr(5))));
  return Error{"unknown device '" + std::string(text) +
               "' (use cpu, cuda or cuda:N)"};
}

std::string Device::name() const {
  return kind == Kind::Cpu ? "cpu" : "cuda:" + std::to_string(ordinal);
}

Runtime::Runtime() : Runtime(cpusAvailable()) {}

Runtime::Runtime(int threads)
    : pool_(std::make_shared<detail::ThreadPool>(threads)) {}

Result<Runtime> Runtime::create(const RuntimeOptions &options) {
  constexpr int kMaxThreads = 1024;
  if (options.threads < 0 || options.threads > kMaxThreads)
    return Error{"thread count " + std::to_string(options.threads) +
                 " is out of range: use 0 (one per CPU) to " +
                 std::to_string(kMaxThreads)};
  if (options.device.kind == Device::Kind::Cuda) {
    Result<detail::CudaDeviceInfo> device =
        detail::findCudaDevice(options.device.ordinal);
    if (!device)
      return device.failure();
    // Issue 5: the executor (module loading, streams, device memory) is
    // built and tested where a GPU is lent.
    return Error{
        "CUDA device " + std::to_string(device->ordinal) + " (" + device->name +
            ", " + device->chip() +
            ") found, but this runtime cannot run code on CUDA devices "
            "yet",
        ErrorCode::Unsupported};
  }
  return Runtime(options.threads == 0 ? cpusAvailable() : options.threads);
}

int Runtime::threads() const { return pool_->size(); }

Result<ModelInfo> Runtime::describe(const std::string &path) {
  Result<MappedFile> file = MappedFile::open(path);
  if (!file)
    return file.failure();
  Result<dtb::ArtifactView> view = dtb::read(file->data(), file->size());
  if (!view)
    return Error{"'" + path + "': " + view.error(), view.code()};
  return describeArtifact(view->metadata);
}

Result<Model> Runtime::load(const std::string &path) const {
  auto model = std::make_shared<LoadedModel>();
  model->pool = pool_;
  Result<MappedFile> file = MappedFile::open(path);
  if (!file)
    return file.failure();
  model->artifact = std::move(file.value());
  auto failed = [&](const std::string &message,
                    ErrorCode code = ErrorCode::CorruptArtifact) {
    return Error{"'" + path + "': " + message, code};
  };

  Result<dtb::ArtifactView> view =
      dtb::read(model->artifact.data(), model->artifact.size());
  if (!view)
    return failed(view.error(), view.code());
  const dtb::Artifact &artifact = view->metadata;
  if (Status s = checkHostCode(artifact.host()); !s)
    return failed(s.error(), s.code());
  // A runtime of this build is always a CPU one (create() refuses CUDA).
  if (artifact.device_code_size() != 0) {
    std::string chips;
    for (const dtb::DeviceCode &code : artifact.device_code())
      chips += (chips.empty() ? "" : ", ") + code.chip();
    return failed("its kernels run on a CUDA device (PTX for " + chips +
                      "), and this runtime runs on the CPU: create the "
                      "runtime for a CUDA device (dtc-run --device=cuda)",
                  ErrorCode::Unsupported);
  }

  model->info = describeArtifact(artifact);
  for (const dtb::Parameter &param : artifact.parameters())
    model->parameters.push_back(
        {param.has_inline_data() ? view->data(param.inline_data()) : nullptr,
         dims(param.type())});
  if (Status s = bindExternal(*model, artifact, path); !s)
    return failed(s.error(), s.code());
  if (Status s = packConstantOperands(*model, artifact); !s)
    return failed(s.error(), s.code());

  const dtb::Section &object = artifact.host().object();
  if (Status s = loadHostCode(*model, view->data(object), object.size()); !s)
    return failed(s.error(), s.code());
  for (const dtb::EntryPoint &entry : artifact.entry_points()) {
    void *symbol = dlsym(model->library, entry.symbol().c_str());
    if (!symbol)
      return failed("entry point '" + entry.name() + "': the host code has "
                    "no symbol '" + entry.symbol() + "'");
    // The code must take what the metadata says it takes, or the session
    // would pass it the wrong arguments.
    std::string signatureSymbol = dtb::kSignatureSymbolPrefix + entry.name();
    auto *signature = static_cast<const char *>(
        dlsym(model->library, signatureSymbol.c_str()));
    if (!signature)
      return failed("entry point '" + entry.name() +
                    "': the host code has "
                    "no signature '" +
                    signatureSymbol + "'");
    std::string expected = dtb::entrySignature(artifact, entry);
    if (strncmp(signature, expected.c_str(), expected.size() + 1) != 0)
      return failed("entry point '" + entry.name() +
                    "': the metadata does not describe the compiled code "
                    "(the metadata says '" +
                    expected + "', the code '" +
                    std::string(signature, strnlen(signature, 512)) +
                    "'): the artifact is corrupt");
    model->entries.push_back(
        {reinterpret_cast<detail::PackedEntry>(symbol),
         {entry.parameters().begin(), entry.parameters().end()},
         {entry.knobs().begin(), entry.knobs().end()}});
  }
  return Model(std::move(model));
}
