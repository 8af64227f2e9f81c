// Several artifacts in one process: each must run its own code.
//
//   many_models SELECT.dtb SELECT_QUARTER.dtb SCALE.dtb
//
// SELECT is test/runtime/Inputs/selection.mlir at its default keep rate (1),
// SELECT_QUARTER the same model with keep_rate fixed to 0.25, SCALE
// test/runtime/Inputs/scale.mlir (other entry points). On 8 tokens the first
// keeps 8, the second 2. Prints one line per scenario; any wrong count is a
// line saying so and exit status 1.
#include <dtc/Runtime.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {
int failures = 0;

void fail(const std::string &what) {
  std::printf("FAIL: %s\n", what.c_str());
  ++failures;
}

/// Tokens kept by `model` on 8 tokens, or -1 after printing why.
int64_t keptTokens(const dtc::Model &model) {
  auto session = model.session("main");
  if (!session) {
    fail(session.error());
    return -1;
  }
  std::vector<float> x(8 * 4);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = float(i % 7);
  auto out = session->run({dtc::Tensor::wrap(x.data(), dtc::DType::F32, {1, 8, 4})});
  if (!out) {
    fail(out.error());
    return -1;
  }
  return (*out)[0].shape()[1];
}

void expectKept(const dtc::Model &model, int64_t expected,
                const std::string &what) {
  int64_t kept = keptTokens(model);
  if (kept != expected)
    fail(what + ": kept " + std::to_string(kept) + " tokens, expected " +
         std::to_string(expected));
}

dtc::Model load(const dtc::Runtime &rt, const char *path) {
  auto model = rt.load(path);
  if (!model) {
    std::printf("FAIL: %s\n", model.error().c_str());
    std::exit(1);
  }
  return *model;
}
} // namespace

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  const char *all = argv[1], *quarter = argv[2], *scale = argv[3];
  dtc::Runtime rt = dtc::Runtime::create({1}).value();

  {
    dtc::Model a = load(rt, all), b = load(rt, quarter);
    expectKept(a, 8, "first of two live models");
    expectKept(b, 2, "second of two live models");
  }
  std::printf("two different artifacts: done\n");

  {
    dtc::Model a = load(rt, quarter), b = load(rt, quarter);
    expectKept(a, 2, "the same artifact, first load");
    expectKept(b, 2, "the same artifact, second load");
  }
  std::printf("the same artifact twice: done\n");

  // The first model is gone before the second loads: its fd number is free.
  for (int i = 0; i < 20; ++i) {
    bool even = i % 2 == 0;
    expectKept(load(rt, even ? all : quarter), even ? 8 : 2,
               "load/unload loop, round " + std::to_string(i));
  }
  std::printf("load, unload, load in a loop: done\n");

  // A model with other entry points after one without them.
  {
    dtc::Model s = load(rt, all);
    expectKept(s, 8, "selection before scale");
    dtc::Model m = load(rt, scale);
    if (auto session = m.session("identity"); !session)
      fail("scale's identity entry point: " + session.error());
  }
  std::printf("models with different entry points: done\n");

  auto worker = [&](const char *path, int64_t expected) {
    for (int i = 0; i < 20; ++i)
      expectKept(load(rt, path), expected, std::string("thread on ") + path);
  };
  std::thread t1(worker, all, 8), t2(worker, quarter, 2);
  t1.join();
  t2.join();
  std::printf("two threads loading at once: done\n");
  return failures ? 1 : 0;
}
