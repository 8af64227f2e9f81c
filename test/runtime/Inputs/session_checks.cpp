// The session's checks before any compiled code runs: extents past the
// documented limits, and a second thread using a session that one thread is
// running (issue 16, items 3 and 9).
//
//   session_checks SELECT.dtb
//
// SELECT is test/runtime/Inputs/selection.mlir (input ?x?x4xf32). Prints
// each error value; the lines are checked by session-checks.test.
#include <dtc/Runtime.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  dtc::Runtime rt = dtc::Runtime::create({1}).value();
  dtc::Model model = rt.load(argv[1]).value();
  dtc::Session session = model.session("main").value();
  auto print = [](const char *what, const std::string &error) {
    std::printf("%s: %s\n", what, error.c_str());
  };

  // No elements, but extents the compiled code would loop over. Nothing is
  // read: the pointer is never dereferenced.
  float none;
  if (auto out = session.run({dtc::Tensor::wrap(&none, dtc::DType::F32,
                                                {int64_t(1) << 31, 0, 4})});
      !out)
    print(out.code() == dtc::ErrorCode::InvalidArgument ? "extents" : "?",
          out.error());
  // Extents within the limit that multiply past it (the data is never read).
  if (auto out = session.run({dtc::Tensor::wrap(
          &none, dtc::DType::F32, {int64_t(1) << 30, int64_t(1) << 11, 4})});
      !out)
    print("product", out.error());

  // One thread runs the session over and over; the other tries to use it
  // meanwhile and must be refused, never race.
  const int64_t tokens = 6000;
  std::vector<float> x(tokens * 4);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = float((i * 7919) % 1000);
  dtc::Tensor input = dtc::Tensor::wrap(x.data(), dtc::DType::F32, {1, tokens, 4});
  if (!session.set("keep_rate", 0.5))
    return 1;
  // The runner goes on until the other thread has been refused both ways
  // (or 30 s pass, which fails the test).
  std::atomic<bool> done{false};
  // Either thread may be the one refused; what must never happen is a run
  // that completes with a wrong result.
  int wrong = 0, completed = 0;
  std::thread runner([&] {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!done && std::chrono::steady_clock::now() < until) {
      auto out = session.run({input});
      if (out) {
        ++completed;
        wrong += (*out)[0].shape()[1] != tokens / 2;
      }
    }
    done = true;
  });
  std::string runRefused, setRefused;
  bool busyCode = false;
  while (!done && (runRefused.empty() || setRefused.empty())) {
    if (runRefused.empty()) {
      if (auto out = session.run({input}); !out) {
        runRefused = out.error();
        busyCode = out.code() == dtc::ErrorCode::Busy;
      }
    } else if (dtc::Status s = session.set("keep_rate", 0.5); !s) {
      setRefused = s.error();
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  done = true;
  runner.join();
  print("second run", runRefused.empty() ? "never refused" : runRefused);
  print("set", setRefused.empty() ? "never refused" : setRefused);
  std::printf("refused as busy: %s\n", busyCode ? "yes" : "no");
  std::printf("runs with a wrong result: %d\n", wrong);
  std::printf("the running thread completed runs: %s\n",
              completed > 0 ? "yes" : "no");
  // Free again once the other thread is done.
  auto out = session.run({input});
  std::printf("after: %s\n", out ? "ran" : out.error().c_str());
  return 0;
}
