//===- SafeTensorsTest.cpp - the .safetensors reader ----------------------===//
//
// A valid file reads back exactly; each malformed-file case gives an error
// naming what is wrong; no truncation or byte flip of a valid file crashes.
//
//===----------------------------------------------------------------------===//

#include "runtime/safetensors/SafeTensors.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

using namespace dtc::safetensors;
using dtc::Result;

namespace {
/// A file from a JSON header and raw data bytes.
std::vector<uint8_t> makeFile(const std::string &header,
                              const std::vector<uint8_t> &data) {
  std::vector<uint8_t> out(8);
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i)
    out[i] = static_cast<uint8_t>(n >> (8 * i));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

std::vector<uint8_t> bytesOf(const std::vector<float> &values) {
  std::vector<uint8_t> out(values.size() * 4);
  std::memcpy(out.data(), values.data(), out.size());
  return out;
}

/// Two tensors and metadata: w [2, 3] F32 at [0, 24), ids [2] I64 at [24, 40).
std::vector<uint8_t> validFile() {
  std::vector<uint8_t> data = bytesOf({1, 2, 3, 4, 5, 6});
  for (int64_t id : {7, 9})
    for (int i = 0; i < 8; ++i)
      data.push_back(static_cast<uint8_t>(id >> (8 * i)));
  return makeFile(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
                  R"("ids":{"dtype":"I64","shape":[2],"data_offsets":[24,40]},)"
                  R"("__metadata__":{"format":"pt"}})",
                  data);
}

std::string errorOf(const std::vector<uint8_t> &file) {
  Result<File> r = File::parse(file.data(), file.size());
  return r ? std::string("<parsed>") : r.error();
}

/// A one-tensor file whose entry for "t" is `entry`, with `dataBytes` of data.
std::string errorOfEntry(const std::string &entry, size_t dataBytes = 8) {
  return errorOf(makeFile("{\"t\":" + entry + "}",
                          std::vector<uint8_t>(dataBytes, 0)));
}
} // namespace

TEST(SafeTensors, ReadsTensorsAndMetadata) {
  std::vector<uint8_t> file = validFile();
  Result<File> r = File::parse(file.data(), file.size());
  ASSERT_TRUE(r) << r.error();
  ASSERT_EQ(r->tensors().size(), 2u);
  const Tensor *w = r->find("w");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->dtype, DType::F32);
  EXPECT_EQ(w->shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(w->numElements(), 6);
  float values[6];
  std::memcpy(values, r->data(*w), sizeof(values));
  EXPECT_EQ(values[0], 1.0f);
  EXPECT_EQ(values[5], 6.0f);
  const Tensor *ids = r->find("ids");
  ASSERT_NE(ids, nullptr);
  int64_t second;
  std::memcpy(&second, r->data(*ids) + 8, 8);
  EXPECT_EQ(second, 9);
  EXPECT_EQ(r->metadata().at("format"), "pt");
  EXPECT_EQ(r->find("nope"), nullptr);
}

TEST(SafeTensors, EmptyFileOfNoTensors) {
  std::vector<uint8_t> file = makeFile("{}", {});
  Result<File> r = File::parse(file.data(), file.size());
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(r->tensors().empty());
}

TEST(SafeTensors, HeaderErrors) {
  EXPECT_EQ(errorOf({1, 2, 3}),
            "file is 3 bytes, too short for the 8-byte header length");
  std::vector<uint8_t> file = validFile();
  file[0] = 0xff; // header length now past the end
  EXPECT_NE(errorOf(file).find("runs past the end of the"), std::string::npos);
  file[7] = 0x7f;
  EXPECT_NE(errorOf(file).find("exceeds the limit"), std::string::npos);
  EXPECT_EQ(errorOf(makeFile("{\"t\":", {})), "header is not valid JSON");
  EXPECT_EQ(errorOf(makeFile("[1, 2]", {})), "header is not a JSON object");
  EXPECT_EQ(errorOf(makeFile(R"({"__metadata__":[1]})", {})),
            "'__metadata__' must be an object of strings");
  EXPECT_EQ(errorOf(makeFile(R"({"__metadata__":{"n":1}})", {})),
            "'__metadata__' entry 'n' is not a string");
}

TEST(SafeTensors, EntryErrorsNameTheTensor) {
  EXPECT_EQ(errorOfEntry("3"), "tensor 't': entry is not a JSON object");
  EXPECT_EQ(errorOfEntry(R"({"shape":[2],"data_offsets":[0,8]})"),
            "tensor 't': missing string field 'dtype'");
  EXPECT_EQ(errorOfEntry(R"({"dtype":"C64","shape":[1],"data_offsets":[0,8]})"),
            "tensor 't': unsupported dtype 'C64'");
  EXPECT_EQ(errorOfEntry(R"({"dtype":"F32","data_offsets":[0,8]})"),
            "tensor 't': missing list field 'shape'");
  EXPECT_EQ(errorOfEntry(R"({"dtype":"F32","shape":[-2],"data_offsets":[0,8]})"),
            "tensor 't': shape must list non-negative integers");
  EXPECT_EQ(errorOfEntry(R"({"dtype":"F32","shape":[1.5],"data_offsets":[0,8]})"),
            "tensor 't': shape must list non-negative integers");
  EXPECT_EQ(errorOfEntry(R"({"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]})"),
            "tensor 't': shape is too large");
  EXPECT_EQ(errorOfEntry(R"({"dtype":"F32","shape":[2],"data_offsets":[0]})"),
            "tensor 't': 'data_offsets' must be [begin, end]");
  EXPECT_EQ(errorOfEntry(R"({"dtype":"F32","shape":[2],"data_offsets":[0,16]})"),
            "tensor 't': data_offsets [0, 16] lie outside the 8 bytes of data");
  EXPECT_EQ(errorOfEntry(R"({"dtype":"F32","shape":[2],"data_offsets":[8,0]})"),
            "tensor 't': data_offsets [8, 0] lie outside the 8 bytes of data");
  EXPECT_EQ(errorOfEntry(R"({"dtype":"F32","shape":[3],"data_offsets":[0,8]})"),
            "tensor 't': holds 8 bytes but shape [3] of F32 needs 12");
}

TEST(SafeTensors, TensorsMustTileTheData) {
  std::vector<uint8_t> data(16, 0);
  EXPECT_EQ(errorOf(makeFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                             R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                             data)),
            "tensor 'b' overlaps tensor 'a'");
  EXPECT_EQ(errorOf(makeFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
                             data)),
            "8 bytes of data before tensor 'a' belong to no tensor");
  EXPECT_EQ(errorOf(makeFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                             data)),
            "8 bytes at the end of the data belong to no tensor");
  // Zero-size tensors take no bytes and may sit anywhere in the tiling.
  EXPECT_EQ(errorOf(makeFile(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                             R"("e":{"dtype":"F32","shape":[0],"data_offsets":[16,16]}})",
                             data)),
            "<parsed>");
}

TEST(SafeTensors, EveryTruncationIsAnError) {
  std::vector<uint8_t> file = validFile();
  for (size_t n = 0; n < file.size(); ++n) {
    Result<File> r = File::parse(file.data(), n);
    EXPECT_FALSE(r) << "a file truncated to " << n << " bytes parsed";
    if (!r)
      EXPECT_FALSE(r.error().empty());
  }
}

TEST(SafeTensors, ByteFlipsNeverCrash) {
  std::vector<uint8_t> valid = validFile();
  std::mt19937 rng(42);
  int parsed = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<uint8_t> file = valid;
    size_t at = rng() % file.size();
    file[at] ^= static_cast<uint8_t>(1 + rng() % 255);
    Result<File> r = File::parse(file.data(), file.size());
    if (!r)
      continue;
    ++parsed;
    // Whatever parsed still lies inside the file.
    for (const Tensor &t : r->tensors())
      EXPECT_LE(t.offset + t.size, file.size());
  }
  // Flips inside the tensor data leave a valid file: some must parse.
  EXPECT_GT(parsed, 0);
}
