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

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>

using namespace dtc;

namespace {
/// A small valid artifact: one entry point, a knob, an inline parameter and
/// a stand-in ELF object calling kernel ABI `kernelAbi`.
std::string makeArtifact(uint32_t kernelAbi = DTC_RT_ABI_VERSION) {
  dtb::Artifact artifact;
  dtb::EntryPoint *entry = artifact.add_entry_points();
  entry->set_name("main");
  entry->set_symbol("_dtc_entry_main");
  dtb::Value *input = entry->add_inputs();
  input->set_name("x");
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
  dtb::HostCode *host = artifact.mutable_host();
  host->set_format(dtb::kElfX86_64Shared);
  host->set_cpu("x86-64-v3");
  host->set_kernel_abi(kernelAbi);

  static const std::string code = std::string("\x7f" "ELF", 4) + std::string(300, 'c');
  static const std::string weights(48, 'w');
  std::string file;
  Status s = dtb::write(artifact,
                        {{host->mutable_object(), code},
                         {param->mutable_inline_data(), weights}},
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
    // Accepted: the flip hit padding or reserved header bytes, so every
    // checked byte is intact.
    uint64_t metadataSize;
    std::memcpy(&metadataSize, file.data() + 16, sizeof(metadataSize));
    bool inChecked = (at < 12) || (at >= 16 && at < 32 + metadataSize);
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
  std::remove(path.c_str());
}
