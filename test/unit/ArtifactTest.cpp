//===- ArtifactTest.cpp - the .dtb writer and reader ----------------------===//
//
// Round trips, and the reader's robustness: every truncation and thousands of
// seeded byte flips of a valid artifact are either rejected with a message or
// (a flip in padding) read back whole; none may crash.
//
//===----------------------------------------------------------------------===//

#include "runtime/artifact/Format.h"
#include "runtime/artifact/Reader.h"
#include "runtime/artifact/Writer.h"
#include "runtime/kernels/KernelAbi.h"

#include "dtc/Runtime.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>

using namespace dtc;

namespace {
/// PTX texts by chip, for an artifact compiled with --target=cuda.
using DeviceTexts = std::vector<std::pair<std::string, std::string>>;

/// A small valid artifact: one entry point, a knob, an inline parameter and
/// a stand-in ELF object calling kernel ABI `kernelAbi`, and `device` code.
std::string makeArtifact(uint32_t kernelAbi = DTC_RT_ABI_VERSION,
                         const DeviceTexts &device = {},
                         const std::vector<dtb::GemmOperand> &gemmOperands = {},
                         const std::string &inputName = "x") {
  dtb::Artifact artifact;
  dtb::EntryPoint *entry = artifact.add_entry_points();
  entry->set_name("main");
  entry->set_symbol("_dtc_entry_main");
  dtb::Value *input = entry->add_inputs();
  input->set_name(inputName);
  input->mutable_type()->set_dtype(dtb::F32);
  input->mutable_type()->add_dims(-1);
  input->mutable_type()->add_dims(4);
  dtb::Value *output = entry->add_outputs();
  output->set_name("y");
  *output->mutable_type() = input->type();
  entry->add_parameters(0);
  entry->add_knobs(0);
  dtb::Knob *knob = artifact.add_knobs();
  knob->set_name("rate");
  knob->set_dtype(dtb::F32);
  knob->set_default_value(1.0);
  knob->set_min(0.0);
  knob->set_max(1.0);
  knob->set_min_exclusive(true);
  dtb::Parameter *param = artifact.add_parameters();
  param->set_name("w");
  param->mutable_type()->set_dtype(dtb::F32);
  param->mutable_type()->add_dims(3);
  param->mutable_type()->add_dims(4);
  for (const dtb::GemmOperand &operand : gemmOperands)
    *param->add_gemm_operands() = operand;
  dtb::HostCode *host = artifact.mutable_host();
  host->set_format(dtb::kElfX86_64Shared);
  host->set_cpu("x86-64-v3");
  host->set_kernel_abi(kernelAbi);

  static const std::string code = std::string("\x7f" "ELF", 4) + std::string(300, 'c');
  static const std::string weights(48, 'w');
  std::vector<dtb::SectionData> sections{
      {host->mutable_object(), code}, {param->mutable_inline_data(), weights}};
  for (const auto &[chip, ptx] : device) {
    dtb::DeviceCode *entry = artifact.add_device_code();
    entry->set_format(dtb::kPtx);
    entry->set_chip(chip);
    sections.push_back({entry->mutable_code(), ptx});
  }
  std::string file;
  Status s = dtb::write(artifact, sections,
                        [&](std::string_view bytes) {
                          file.append(bytes);
                          return true;
                        });
  EXPECT_TRUE(s.ok());
  return file;
}

Result<dtb::ArtifactView> read(const std::string &file) {
  return dtb::read(reinterpret_cast<const uint8_t *>(file.data()), file.size());
}
} // namespace

TEST(Artifact, RoundTrip) {
  std::string file = makeArtifact();
  Result<dtb::ArtifactView> view = read(file);
  ASSERT_TRUE(view.ok()) << view.error();
  const dtb::Artifact &a = view->metadata;
  ASSERT_EQ(a.entry_points_size(), 1);
  EXPECT_EQ(a.entry_points(0).inputs(0).name(), "x");
  EXPECT_EQ(dtb::typeString(a.entry_points(0).inputs(0).type()), "?x4xf32");
  EXPECT_EQ(a.knobs(0).max(), 1.0);
  const dtb::Section &w = a.parameters(0).inline_data();
  EXPECT_EQ(w.offset() % dtb::kSectionAlignment, 0u);
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(view->data(w)), w.size()),
            std::string(48, 'w'));
  EXPECT_EQ(std::memcmp(view->data(a.host().object()), "\x7f" "ELF", 4), 0);
}

TEST(Artifact, RejectsInconsistentMetadata) {
  dtb::Artifact artifact;
  artifact.mutable_host()->set_format("pe-arm64");
  std::string file;
  ASSERT_TRUE(dtb::write(artifact, {}, [&](std::string_view b) {
                file.append(b);
                return true;
              }).ok());
  Result<dtb::ArtifactView> view = read(file);
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error(), "unsupported host code format 'pe-arm64' (this "
                          "runtime runs elf-x86_64-shared)");
}

TEST(Artifact, EveryTruncationIsAnError) {
  std::string file = makeArtifact();
  for (size_t size = 0; size < file.size(); ++size) {
    Result<dtb::ArtifactView> view = read(file.substr(0, size));
    EXPECT_FALSE(view.ok()) << "truncated to " << size << " bytes";
  }
}

TEST(Artifact, ByteFlipsAreCaughtOrHarmless) {
  std::string file = makeArtifact();
  std::mt19937 rng(7);
  int rejected = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string damaged = file;
    size_t at = rng() % damaged.size();
    damaged[at] = static_cast<char>(damaged[at] ^ (1 + rng() % 255));
    Result<dtb::ArtifactView> view = read(damaged);
    if (!view.ok()) {
      ++rejected;
      EXPECT_FALSE(view.error().empty());
      continue;
    }
    // Accepted: the flip hit padding, so every checked byte is intact (the
    // header's reserved bytes must be zero).
    uint64_t metadataSize;
    std::memcpy(&metadataSize, file.data() + 16, sizeof(metadataSize));
    bool inChecked = at < 32 + metadataSize;
    EXPECT_FALSE(inChecked) << "flip at " << at << " went unnoticed";
  }
  EXPECT_GT(rejected, 2000);
}

TEST(Artifact, LoaderRejectsAnotherKernelAbi) {
  std::string path = ::testing::TempDir() + "kernel-abi.dtb";
  std::ofstream(path, std::ios::binary) << makeArtifact(DTC_RT_ABI_VERSION + 1);
  Result<Model> model = Runtime().load(path);
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.error().find("calls kernel ABI version " +
                               std::to_string(DTC_RT_ABI_VERSION + 1) +
                               ", but this runtime provides version " +
                               std::to_string(DTC_RT_ABI_VERSION)),
            std::string::npos)
      << model.error();
  EXPECT_EQ(model.code(), ErrorCode::Unsupported);
  std::remove(path.c_str());
}

TEST(Artifact, ErrorsSayWhatKindOfFailureTheyAre) {
  EXPECT_EQ(Runtime().load("/nonexistent/m.dtb").code(), ErrorCode::NotFound);
  EXPECT_EQ(Runtime::describe("/").code(), ErrorCode::Io);
  std::string file = makeArtifact();
  EXPECT_EQ(read(file.substr(0, file.size() - 1)).code(),
            ErrorCode::CorruptArtifact);
  std::string version = file;
  version[8] = 99;
  EXPECT_EQ(read(version).code(), ErrorCode::Unsupported);
  EXPECT_EQ(Runtime::create({-1}).code(), ErrorCode::InvalidArgument);
  // Passed on unchanged.
  Status status = Error{"m", ErrorCode::Busy};
  EXPECT_EQ(status.failure().code, ErrorCode::Busy);
  EXPECT_STREQ(errorCodeName(ErrorCode::CheckFailed), "run-time check failed");
}

TEST(Artifact, DeviceCodeIsValidated) {
  const std::string ptx = ".version 8.0\n.target sm_90\n";
  Result<dtb::ArtifactView> view =
      read(makeArtifact(DTC_RT_ABI_VERSION, {{"sm_80", ptx}, {"sm_90", ptx}}));
  ASSERT_TRUE(view.ok()) << view.error();
  EXPECT_EQ(view->metadata.device_code_size(), 2);

  view = read(makeArtifact(DTC_RT_ABI_VERSION,
                           {{"sm_90", std::string("ptx\0ptx", 7)}}));
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error(), "device code for sm_90: the PTX text contains a NUL "
                          "byte (the artifact is corrupt)");

  view = read(makeArtifact(DTC_RT_ABI_VERSION, {{"gfx90a", ptx}}));
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error(), "device code: invalid chip name 'gfx90a'");

  view = read(makeArtifact(DTC_RT_ABI_VERSION, {{"sm_90", ptx}, {"sm_90", ptx}}));
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error(), "device code for sm_90 appears twice");
}

TEST(Artifact, GemmOperandsLieInsideTheirParameter) {
  // w is 3x4 f32: 12 elements. B = w^T (k = 4, n = 3) starts at 0.
  auto operand = [](int64_t k, int64_t n, int64_t rowStride,
                    int64_t colStride, std::vector<int64_t> offsets) {
    dtb::GemmOperand o;
    o.set_k(k);
    o.set_n(n);
    o.set_row_stride(rowStride);
    o.set_col_stride(colStride);
    for (int64_t offset : offsets)
      o.add_offsets(offset);
    return o;
  };
  auto error = [&](const dtb::GemmOperand &o) {
    Result<dtb::ArtifactView> view =
        read(makeArtifact(DTC_RT_ABI_VERSION, {}, {o}));
    return view.ok() ? std::string() : view.error();
  };
  EXPECT_EQ(error(operand(4, 3, 1, 4, {0})), "");
  EXPECT_EQ(error(operand(2, 2, 4, 1, {0, 2, 6})), "");
  EXPECT_EQ(error(operand(4, 3, 1, 4, {1})),
            "parameter 'w': GEMM operand #0: the matrix at offset 1 reads "
            "past the parameter's 12 elements");
  EXPECT_EQ(error(operand(2, 2, 4, 1, {-4})),
            "parameter 'w': GEMM operand #0: the matrix at offset -4 reads "
            "past the parameter's 12 elements");
  // Strides whose products overflow 64 bits.
  EXPECT_EQ(error(operand(3, 3, INT64_MAX, INT64_MAX, {0})),
            "parameter 'w': GEMM operand #0: the matrix at offset 0 reads "
            "past the parameter's 12 elements");
  EXPECT_EQ(error(operand(0, 3, 1, 4, {0})),
            "parameter 'w': GEMM operand #0: invalid shape or strides");
  EXPECT_EQ(error(operand(4, 3, -1, 4, {0})),
            "parameter 'w': GEMM operand #0: invalid shape or strides");
  // Zero strides read one element whatever k x n says; the runtime would
  // pack (and allocate) all k x n of them.
  EXPECT_EQ(error(operand(int64_t(1) << 40, int64_t(1) << 20, 0, 0, {0})),
            "parameter 'w': GEMM operand #0: a 1099511627776 x 1048576 "
            "matrix has more elements than the parameter's 12");
  EXPECT_EQ(error(operand(4, 4, 1, 1, {0})),
            "parameter 'w': GEMM operand #0: a 4 x 4 matrix has more "
            "elements than the parameter's 12");
}

TEST(Artifact, NamesAreUtf8) {
  auto accepted = [](const std::string &name) {
    return read(makeArtifact(DTC_RT_ABI_VERSION, {}, {}, name)).ok();
  };
  EXPECT_TRUE(accepted("x"));
  EXPECT_TRUE(accepted("caf\xC3\xA9"));          // U+00E9
  EXPECT_TRUE(accepted("\xF0\x9F\x98\x80"));     // U+1F600
  EXPECT_TRUE(accepted("\xF4\x8F\xBF\xBF"));     // U+10FFFF
  EXPECT_FALSE(accepted("x\xFF"));
  EXPECT_FALSE(accepted("\xC0\xAF"));              // overlong '/'
  EXPECT_FALSE(accepted("\xE0\x80\xAF"));          // overlong
  EXPECT_FALSE(accepted("\xED\xA0\x80"));          // a surrogate
  EXPECT_FALSE(accepted("\xF4\x90\x80\x80"));      // past U+10FFFF
  EXPECT_FALSE(accepted("\xE2\x82"));              // cut short
  Result<dtb::ArtifactView> view =
      read(makeArtifact(DTC_RT_ABI_VERSION, {}, {}, "x\xFF"));
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error(), "an input's or output's name is not valid UTF-8");
  EXPECT_EQ(view.code(), ErrorCode::CorruptArtifact);
}

TEST(Artifact, ReservedHeaderFieldIsZero) {
  std::string file = makeArtifact();
  ASSERT_TRUE(read(file).ok());
  file[offsetof(dtb::Header, reserved)] = 1;
  Result<dtb::ArtifactView> view = read(file);
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error(),
            "corrupt artifact: the header's reserved field is 1, not 0");
}

TEST(Artifact, CpuRuntimeRefusesCudaCode) {
  std::string path = ::testing::TempDir() + "/cuda.dtb";
  std::ofstream(path, std::ios::binary)
      << makeArtifact(DTC_RT_ABI_VERSION, {{"sm_80", ".version 8.0\n"}});
  Result<Model> model = Runtime().load(path);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.error(),
            "'" + path + "': its kernels run on a CUDA device (PTX for "
            "sm_80), and this runtime runs on the CPU: create the runtime "
            "for a CUDA device (dtc-run --device=cuda)");
}

TEST(Device, ParsesNamesAndRefusesOthers) {
  ASSERT_TRUE(Device::parse("cpu").ok());
  EXPECT_EQ(Device::parse("cpu")->name(), "cpu");
  EXPECT_EQ(Device::parse("cuda")->name(), "cuda:0");
  EXPECT_EQ(Device::parse("cuda:3")->name(), "cuda:3");
  for (const char *bad : {"gpu", "cuda:", "cuda:-1", "cuda:x", "cuda:123456"})
    EXPECT_FALSE(Device::parse(bad).ok()) << bad;
  // No machine has a 100th device: the error says there is none.
  RuntimeOptions options;
  options.device = Device::cuda(99);
  Result<Runtime> runtime = Runtime::create(options);
  ASSERT_FALSE(runtime.ok());
  EXPECT_EQ(runtime.error().rfind("no CUDA device", 0), 0u) << runtime.error();
}
