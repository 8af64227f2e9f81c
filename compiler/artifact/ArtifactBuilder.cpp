//===- ArtifactBuilder.cpp - packaging a compiled model as .dtb -----------===//

#include "compiler/artifact/ArtifactBuilder.h"

#include "compiler/artifact/Linker.h"
#include "compiler/backends/cpu/RuntimeCalls.h"
#include "compiler/backends/cuda/CudaBackend.h"
#include "dialects/dt/IR/DtOps.h"
#include "runtime/artifact/Format.h"
#include "runtime/artifact/Reader.h"
#include "runtime/artifact/Writer.h"
#include "runtime/kernels/KernelAbi.h"
#include "runtime/safetensors/SafeTensors.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;

#ifndef DTC_VERSION
#error "DTC_VERSION must be defined by the build"
#endif

namespace {
/// The artifact's element type for `type`, or DTYPE_UNSPECIFIED.
dtc::dtb::DType dtypeOf(Type type) {
  if (type.isF32()) return dtc::dtb::F32;
  if (type.isF64()) return dtc::dtb::F64;
  if (type.isF16()) return dtc::dtb::F16;
  if (type.isBF16()) return dtc::dtb::BF16;
  if (type.isSignlessInteger(64)) return dtc::dtb::I64;
  if (type.isSignlessInteger(32)) return dtc::dtb::I32;
  if (type.isSignlessInteger(16)) return dtc::dtb::I16;
  if (type.isSignlessInteger(8)) return dtc::dtb::I8;
  if (type.isUnsignedInteger(8)) return dtc::dtb::U8;
  if (type.isSignlessInteger(1)) return dtc::dtb::BOOL;
  return dtc::dtb::DTYPE_UNSPECIFIED;
}

/// Fills `out` from a ranked tensor type; fails for anything else.
bool tensorType(Type type, dtc::dtb::TensorType &out) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || dtypeOf(tensor.getElementType()) == dtc::dtb::DTYPE_UNSPECIFIED)
    return false;
  out.set_dtype(dtypeOf(tensor.getElementType()));
  for (int64_t dim : tensor.getShape())
    out.add_dims(ShapedType::isDynamic(dim) ? -1 : dim);
  return true;
}

std::string nameOf(DictionaryAttr attrs, const char *fallback, unsigned index) {
  if (attrs)
    if (auto name = attrs.getAs<StringAttr>("dt.name"))
      return name.str();
  return fallback + std::to_string(index);
}

template <typename List> int findByName(const List &list, StringRef name) {
  for (int i = 0; i < list.size(); ++i)
    if (list.Get(i).name() == name)
      return i;
  return -1;
}
} // namespace

LogicalResult dtc::ArtifactBuilder::recordDeclarations(ModuleOp module) {
  for (auto knob : module.getOps<dt::KnobOp>()) {
    dtb::Knob *k = artifact_.add_knobs();
    k->set_name(knob.getSymName().str());
    k->set_dtype(dtypeOf(knob.getElementType()));
    k->set_vector(knob.isVector());
    if (k->dtype() != dtb::F32 && k->dtype() != dtb::F64 &&
        k->dtype() != dtb::I64 && k->dtype() != dtb::I32)
      return knob.emitError() << "knob type " << knob.getElementType()
                              << " cannot be set at run time (use f32, f64, "
                                 "i32 or i64)";
    Attribute value = knob.getDefaultValue();
    if (auto f = dyn_cast<FloatAttr>(value))
      k->set_default_value(f.getValueAsDouble());
    else
      k->set_default_value(
          static_cast<double>(cast<IntegerAttr>(value).getInt()));
    if (std::optional<llvm::APFloat> min = knob.getMin())
      k->set_min(min->convertToDouble());
    if (std::optional<llvm::APFloat> max = knob.getMax())
      k->set_max(max->convertToDouble());
    k->set_min_exclusive(knob.getMinExclusive());
    k->set_max_exclusive(knob.getMaxExclusive());
  }
  return success();
}

LogicalResult dtc::ArtifactBuilder::recordEntryPoints(ModuleOp module) {
  for (auto func : module.getOps<func::FuncOp>()) {
    if (!func.isPublic() || func.isExternal())
      continue;
    dtb::EntryPoint *entry = artifact_.add_entry_points();
    entry->set_name(func.getName().str());
    entry->set_symbol("_dtc_entry_" + func.getName().str());
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
      Type type = func.getArgument(i).getType();
      DictionaryAttr attrs = func.getArgAttrDict(i);
      if (auto param = func.getArgAttrOfType<FlatSymbolRefAttr>(i, "dt.param")) {
        int index = findByName(artifact_.parameters(), param.getValue());
        if (index < 0) {
          index = artifact_.parameters_size();
          dtb::Parameter *p = artifact_.add_parameters();
          p->set_name(param.getValue().str());
          if (!tensorType(type, *p->mutable_type()) ||
              !cast<RankedTensorType>(type).hasStaticShape())
            return emitError(func.getArgument(i).getLoc())
                   << "parameter '" << param.getValue() << "' has type " << type
                   << "; the artifact needs a static shape (bind the weights "
                      "with --weights)";
        }
        entry->add_parameters(index);
      } else if (auto knob =
                     func.getArgAttrOfType<FlatSymbolRefAttr>(i, "dt.knob")) {
        int index = findByName(artifact_.knobs(), knob.getValue());
        if (index < 0)
          return emitError(func.getArgument(i).getLoc())
                 << "knob '" << knob.getValue()
                                  << "' was not declared";
        entry->add_knobs(index);
      } else {
        if (entry->parameters_size() || entry->knobs_size())
          return emitError(func.getLoc()) << "input #" << i
                                  << " follows the parameters and knobs";
        dtb::Value *input = entry->add_inputs();
        input->set_name(nameOf(attrs, "input", i));
        if (!tensorType(type, *input->mutable_type()))
          return emitError(func.getArgument(i).getLoc())
                 << "input #" << i << " has type " << type
                 << ", which the runtime cannot pass (ranked tensors of "
                    "f16/bf16/f32/f64, i1/i8/i16/i32/i64 or ui8)";
      }
    }
    if (func.getNumResults() == 0)
      return emitError(func.getLoc(),
                       "an entry point must return at least one tensor");
    for (unsigned i = 0, e = func.getNumResults(); i < e; ++i) {
      dtb::Value *output = entry->add_outputs();
      output->set_name(nameOf(func.getResultAttrDict(i), "output", i));
      if (!tensorType(func.getResultTypes()[i], *output->mutable_type()))
        return emitError(func.getLoc())
               << "result #" << i << " has type " << func.getResultTypes()[i]
               << ", which the runtime cannot return (ranked tensors only)";
    }
  }
  if (artifact_.entry_points_size() == 0)
    return emitError(module.getLoc(), "the model has no entry point (a public function)");
  return success();
}

LogicalResult dtc::ArtifactBuilder::recordConstantOperands(ModuleOp module) {
  auto list =
      module->getAttrOfType<ArrayAttr>(cpu::kConstantGemmOperandsAttr);
  if (!list)
    return success();
  // Only the artifact needs it; LLVM has no use for it.
  module->removeAttr(cpu::kConstantGemmOperandsAttr);
  for (Attribute attr : list) {
    auto entry = dyn_cast<DictionaryAttr>(attr);
    auto parameter = entry ? entry.getAs<FlatSymbolRefAttr>("parameter") : nullptr;
    auto offsets = entry ? entry.getAs<DenseI64ArrayAttr>("offsets") : nullptr;
    int index = parameter ? findByName(artifact_.parameters(), parameter.getValue()) : -1;
    auto integer = [&](StringRef name) {
      auto value = entry.getAs<IntegerAttr>(name);
      return value ? value.getInt() : -1;
    };
    if (index < 0 || !offsets)
      return emitError(module.getLoc())
             << "malformed " << cpu::kConstantGemmOperandsAttr << " entry "
             << attr;
    dtb::GemmOperand *operand =
        artifact_.mutable_parameters(index)->add_gemm_operands();
    operand->set_k(integer("k"));
    operand->set_n(integer("n"));
    operand->set_row_stride(integer("row_stride"));
    operand->set_col_stride(integer("col_stride"));
    for (int64_t offset : offsets.asArrayRef())
      operand->add_offsets(offset);
  }
  return success();
}

namespace {
/// Where the artifact refers to `weights` from: its file name when the
/// artifact sits beside it, else its absolute path.
std::string externalPath(StringRef weights, StringRef output) {
  SmallString<256> absWeights(weights), absOutput(output);
  llvm::sys::fs::make_absolute(absWeights);
  llvm::sys::fs::make_absolute(absOutput);
  if (llvm::sys::path::parent_path(absWeights) ==
      llvm::sys::path::parent_path(absOutput))
    return llvm::sys::path::filename(absWeights).str();
  return absWeights.str().str();
}
} // namespace

LogicalResult dtc::ArtifactBuilder::package(ModuleOp module,
                                            const PackageOptions &options,
                                            llvm::raw_ostream &os) {
  if (failed(recordConstantOperands(module)))
    return failure();
  // Device code first: what remains is the host code.
  FailureOr<cuda::DeviceProgram> device = cuda::getDeviceCode(module);
  if (failed(device))
    return failure();
  cuda::stripDeviceCode(module);

  // Each entry point's signature, as the metadata describes it, goes into
  // the host code: the loader compares the two (Reader.h).
  {
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    for (const dtb::EntryPoint &entry : artifact_.entry_points()) {
      std::string text = dtb::entrySignature(artifact_, entry);
      text.push_back('\0');
      auto type = LLVM::LLVMArrayType::get(b.getI8Type(), text.size());
      LLVM::GlobalOp::create(b, module.getLoc(), type, /*isConstant=*/true,
                             LLVM::Linkage::External,
                             dtb::kSignatureSymbolPrefix + entry.name(),
                             b.getStringAttr(text));
    }
  }

  // Host code: an object file linked into a shared object.
  SmallString<0> object;
  {
    llvm::raw_svector_ostream objectStream(object);
    if (failed(cpu::emitObject(module, options.object, objectStream)))
      return failure();
  }
  std::string error;
  std::optional<std::string> shared = linkSharedObject(object, error);
  if (!shared)
    return emitError(module.getLoc()) << "linking the host code failed: " << error;

  dtb::HostCode *host = artifact_.mutable_host();
  host->set_format(dtb::kElfX86_64Shared);
  host->set_cpu(cpu::resolveCpu(options.object.cpu));
  host->set_kernel_abi(DTC_RT_ABI_VERSION);
  for (const std::string &feature :
       cpu::requiredCpuFeatures(options.object.cpu))
    host->add_cpu_features(feature);
  std::vector<dtb::SectionData> sections{{host->mutable_object(), *shared}};
  for (const std::string &check : device->checks)
    artifact_.add_device_checks(check);
  for (const cuda::DeviceCode &code : device->code) {
    dtb::DeviceCode *entry = artifact_.add_device_code();
    entry->set_format(dtb::kPtx);
    entry->set_chip(code.chip);
    sections.push_back({entry->mutable_code(), code.ptx});
  }

  // Parameters: bytes from the weights file, inline or by reference.
  std::unique_ptr<llvm::MemoryBuffer> weights;
  std::optional<safetensors::File> file;
  dtb::Provenance *provenance = artifact_.mutable_provenance();
  if (!options.weightsFile.empty()) {
    if (Status regular = safetensors::checkRegularFile(options.weightsFile);
        !regular)
      return emitError(module.getLoc()) << regular.error();
    auto buffer = llvm::MemoryBuffer::getFile(options.weightsFile,
                                              /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer)
      return emitError(module.getLoc()) << "cannot read '" << options.weightsFile
                                << "': " << buffer.getError().message();
    weights = std::move(*buffer);
    auto parsed = safetensors::File::parse(
        reinterpret_cast<const uint8_t *>(weights->getBufferStart()),
        weights->getBufferSize());
    if (!parsed)
      return emitError(module.getLoc()) << options.weightsFile << ": "
                                << parsed.error();
    file = std::move(parsed.value());
    provenance->set_weights_name(
        llvm::sys::path::filename(options.weightsFile).str());
    provenance->set_weights_xxh3(
        dtb::hash(weights->getBufferStart(), weights->getBufferSize()));
  }
  for (dtb::Parameter &param : *artifact_.mutable_parameters()) {
    const safetensors::Tensor *tensor =
        file ? file->find(param.name()) : nullptr;
    if (!tensor)
      return emitError(module.getLoc()) << "no data for parameter '" << param.name()
                                << "'" << (file ? " in the weights file"
                                                : ": pass --weights");
    if (options.externalWeights) {
      dtb::ExternalTensor *ext = param.mutable_external();
      ext->set_path(externalPath(options.weightsFile, options.outputFile));
      ext->set_tensor(param.name());
      ext->set_file_xxh3(provenance->weights_xxh3());
    } else {
      sections.push_back(
          {param.mutable_inline_data(),
           std::string_view(reinterpret_cast<const char *>(file->data(*tensor)),
                            tensor->size)});
    }
  }

  provenance->set_dtc_version(DTC_VERSION);
  provenance->set_pipeline(options.pipeline);
  provenance->set_source_name(options.sourceName);
  provenance->set_source_xxh3(
      dtb::hash(options.sourceText.data(), options.sourceText.size()));
  for (const std::string &knob : options.fixedKnobs)
    provenance->add_fixed_knobs(knob);

  std::string bytesOut;
  Status written = dtb::write(artifact_, sections, [&](std::string_view bytes) {
    bytesOut.append(bytes);
    return true;
  });
  if (!written)
    return emitError(module.getLoc()) << written.error();
  // What dtc writes, the runtime must load: check it with the loader's own
  // validation, so that a model the verifiers let through fails here and
  // not in an application.
  Result<dtb::ArtifactView> check = dtb::read(
      reinterpret_cast<const uint8_t *>(bytesOut.data()), bytesOut.size());
  if (!check)
    return emitError(module.getLoc())
           << "the artifact fails the runtime's checks: " << check.error()
           << " (dtc should have rejected the model earlier: please report "
              "it)";
  // Output errors surface when the caller closes the stream.
  os.write(bytesOut.data(), bytesOut.size());
  return success();
}
