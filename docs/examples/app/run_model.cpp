// Loads a .dtb artifact, sets knobs, runs its `main` entry point on a ramp
// input of the shape given, and prints each output's first values:
//
//   run_model MODEL.dtb DIM... [KNOB=VALUE]...
//
// e.g. `run_model tiny_classifier.dtb 2 5 4 keep_rate=0.5` for an input of
// shape 2x5x4. Every failure is a value with a message; nothing throws.
#include <dtc/Runtime.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: run_model MODEL.dtb DIM... [KNOB=VALUE]...\n");
    return 2;
  }
  dtc::Runtime runtime;
  dtc::Result<dtc::Model> model = runtime.load(argv[1]);
  if (!model) {
    std::fprintf(stderr, "error: %s\n", model.error().c_str());
    return 1;
  }
  dtc::Result<dtc::Session> session = model->session("main");
  if (!session) {
    std::fprintf(stderr, "error: %s\n", session.error().c_str());
    return 1;
  }

  std::vector<int64_t> shape;
  for (int i = 2; i < argc; ++i) {
    if (const char *eq = std::strchr(argv[i], '=')) {
      std::string name(argv[i], eq - argv[i]);
      if (dtc::Status s = session->set(name, std::atof(eq + 1)); !s) {
        std::fprintf(stderr, "error: %s\n", s.error().c_str());
        return 1;
      }
    } else {
      shape.push_back(std::atoll(argv[i]));
    }
  }

  // The input: 0, 0.01, 0.02, ... in caller memory, wrapped without a copy.
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  std::vector<float> data(count);
  for (int64_t i = 0; i < count; ++i)
    data[i] = 0.01f * static_cast<float>(i % 100);
  dtc::Tensor input = dtc::Tensor::wrap(data.data(), dtc::DType::F32, shape);

  dtc::Result<std::vector<dtc::Tensor>> outputs = session->run({input});
  if (!outputs) {
    std::fprintf(stderr, "error: %s\n", outputs.error().c_str());
    return 1;
  }
  const dtc::EntryPointInfo &entry = session->info();
  for (size_t i = 0; i < outputs->size(); ++i) {
    const dtc::Tensor &out = (*outputs)[i];
    std::printf("%s: %s", entry.outputs[i].name.c_str(), out.typeString().c_str());
    for (int64_t j = 0; j < out.numElements() && j < 6; ++j) {
      if (out.dtype() == dtc::DType::F32)
        std::printf(" %.6g", out.data<float>()[j]);
      else if (out.dtype() == dtc::DType::I64)
        std::printf(" %lld", static_cast<long long>(out.data<int64_t>()[j]));
    }
    std::printf("\n");
  }
  return 0;
}
