//===- dtb-edit.cpp - damage an artifact's metadata, for the loader's tests -===//
//
//   dtb-edit IN OUT EDIT
//
// Rewrites IN's metadata with one EDIT applied and every section kept, so
// that the file passes every checksum and structural check and only the
// comparison with the compiled code can catch it:
//   extra-output       the first entry point gains a copy of its last output
//   knob-dtype         the first knob's dtype becomes f64
//   drop-parameter     the first entry point loses its first parameter
//   non-utf8-name      the first entry point's first input is named "x\xff"
//   gemm-zero-strides  the first GEMM operand reads one element 2^40 x 2^20
//                      times (the reader must refuse it)
//
//===----------------------------------------------------------------------===//

#include "runtime/artifact/Reader.h"
#include "runtime/artifact/Writer.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace dtc;

int main(int argc, char **argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: dtb-edit IN OUT EDIT\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::string file((std::istreambuf_iterator<char>(in)), {});
  Result<dtb::ArtifactView> view =
      dtb::read(reinterpret_cast<const uint8_t *>(file.data()), file.size());
  if (!view) {
    std::fprintf(stderr, "dtb-edit: %s\n", view.error().c_str());
    return 1;
  }
  dtb::Artifact artifact = view->metadata;
  std::string edit = argv[3];
  dtb::EntryPoint &entry = *artifact.mutable_entry_points(0);
  if (edit == "extra-output" && entry.outputs_size() > 0) {
    dtb::Value copy = entry.outputs(entry.outputs_size() - 1);
    copy.set_name(copy.name() + "_copy");
    *entry.add_outputs() = copy;
  } else if (edit == "knob-dtype" && artifact.knobs_size() > 0) {
    artifact.mutable_knobs(0)->set_dtype(dtb::F64);
  } else if (edit == "drop-parameter" && entry.parameters_size() > 0) {
    entry.mutable_parameters()->erase(entry.mutable_parameters()->begin());
  } else if (edit == "non-utf8-name" && entry.inputs_size() > 0) {
    entry.mutable_inputs(0)->set_name("x\xff");
  } else if (edit == "gemm-zero-strides") {
    for (dtb::Parameter &param : *artifact.mutable_parameters())
      if (param.gemm_operands_size() > 0) {
        dtb::GemmOperand &operand = *param.mutable_gemm_operands(0);
        operand.set_k(int64_t(1) << 40);
        operand.set_n(int64_t(1) << 20);
        operand.set_row_stride(0);
        operand.set_col_stride(0);
        break;
      }
  } else {
    std::fprintf(stderr, "dtb-edit: cannot apply '%s' to this artifact\n",
                 edit.c_str());
    return 2;
  }

  // Every section again, from the original bytes.
  auto bytes = [&](const dtb::Section &s) {
    return std::string_view(reinterpret_cast<const char *>(view->data(s)),
                            s.size());
  };
  const dtb::Artifact &original = view->metadata;
  std::vector<dtb::SectionData> sections{
      {artifact.mutable_host()->mutable_object(), bytes(original.host().object())}};
  for (int i = 0; i < artifact.parameters_size(); ++i)
    if (original.parameters(i).has_inline_data())
      sections.push_back({artifact.mutable_parameters(i)->mutable_inline_data(),
                          bytes(original.parameters(i).inline_data())});
  for (int i = 0; i < artifact.device_code_size(); ++i)
    sections.push_back({artifact.mutable_device_code(i)->mutable_code(),
                        bytes(original.device_code(i).code())});
  std::ofstream out(argv[2], std::ios::binary);
  Status written = dtb::write(artifact, sections, [&](std::string_view b) {
    out.write(b.data(), b.size());
    return bool(out);
  });
  if (!written) {
    std::fprintf(stderr, "dtb-edit: %s\n", written.error().c_str());
    return 1;
  }
  return 0;
}
