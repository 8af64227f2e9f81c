//===- dtc-run.cpp - run a .dtb artifact from the command line ------------===//
//
// The runtime behind a command line; see usage() and docs/user-guide.md.
// It depends on the runtime library only (no MLIR or LLVM), so it runs
// wherever artifacts run.
//
//===----------------------------------------------------------------------===//

#include "dtc/Runtime.h"
#include "runtime/tools/dtc-run/Npy.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>

using namespace dtc;
using json = nlohmann::ordered_json;

namespace {
const char *kUsage = R"(usage: dtc-run MODEL.dtb [options]

Runs an entry point of a .dtb artifact (compiled by dtc) and prints its
outputs.

  --function=NAME     entry point to run (default: main)
  --input=@FILE.npy   an input from a .npy file, in the entry point's order
  --input="2x3xf32=1 2 3 4 5 6"
                      an input written out: shape and type, then the values
  --output=@FILE.npy  write the next output to a .npy file instead of
                      printing it (in output order)
  --set=KNOB=VALUE    set a run-time knob (repeatable); a vector knob takes a
                      comma-separated list, --set=KNOB=0.9,0.7,0.5
  --threads=N         threads kernels run on, this one included (default 0:
                      one per CPU this process may use)
  --device=DEVICE     where the code runs: cpu (default), or cuda, cuda:N for
                      artifacts compiled with dtc --target=cuda
  --stats             print what the model's conditional ops decided in the
                      (last) run: tokens kept per selection, samples per exit
                      head, rows per expert
  --benchmark=N       after one warm-up run, time N runs and print min_ms,
                      median_ms and max_ms; also load_ms (loading the model,
                      weights packing included) and first_ms (the warm-up)
  --describe          print the entry points, their inputs and outputs, and
                      the knobs with their defaults and ranges; run nothing
  --json              print everything as one JSON object
  --help              print this message
)";

struct Options {
  std::string model, function = "main";
  std::vector<std::string> inputs, outputs, knobs;
  int benchmark = 0, threads = 0;
  Device device;
  bool describe = false, json = false, stats = false;
};

/// `text` as a whole decimal integer in [low, high], or nullopt.
std::optional<int> integerIn(const std::string &text, long low, long high) {
  char *end = nullptr;
  long n = std::strtol(text.c_str(), &end, 10);
  if (end == text.c_str() || *end || n < low || n > high)
    return std::nullopt;
  return static_cast<int>(n);
}

Result<Options> parseArguments(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char *flag) -> std::optional<std::string> {
      size_t n = std::strlen(flag);
      if (arg.compare(0, n, flag) == 0 && arg.size() > n && arg[n] == '=')
        return arg.substr(n + 1);
      return std::nullopt;
    };
    if (auto v = value("--function"))
      options.function = *v;
    else if (auto v = value("--input"))
      options.inputs.push_back(*v);
    else if (auto v = value("--output"))
      options.outputs.push_back(*v);
    else if (auto v = value("--set"))
      options.knobs.push_back(*v);
    else if (auto v = value("--benchmark")) {
      std::optional<int> n = integerIn(*v, 1, 1000000);
      if (!n)
        return Error{"--benchmark: expected a run count from 1 to 1000000, "
                     "got '" + *v + "'"};
      options.benchmark = *n;
    } else if (auto v = value("--threads")) {
      std::optional<int> n = integerIn(*v, 0, 1024);
      if (!n)
        return Error{"--threads: expected a thread count from 0 (one per CPU) "
                     "to 1024, got '" + *v + "'"};
      options.threads = *n;
    } else if (auto v = value("--device")) {
      Result<Device> device = Device::parse(*v);
      if (!device)
        return Error{"--device: " + device.error()};
      options.device = *device;
    } else if (arg == "--stats")
      options.stats = true;
    else if (arg == "--describe")
      options.describe = true;
    else if (arg == "--json")
      options.json = true;
    else if (arg.size() > 1 && arg[0] == '-')
      return Error{"unknown option '" + arg + "' (see --help)"};
    else if (options.model.empty())
      options.model = arg;
    else
      return Error{"more than one model given ('" + options.model +
                   "' and '" + arg + "')"};
  }
  if (options.model.empty())
    return Error{"no model given (see --help)"};
  return options;
}

Result<DType> parseDType(const std::string &text) {
  for (DType d : {DType::F32, DType::F64, DType::F16, DType::BF16, DType::I64,
                  DType::I32, DType::I16, DType::I8, DType::U8, DType::Bool})
    if (text == dtypeName(d))
      return d;
  return Error{"unknown element type '" + text + "'"};
}

/// "2x3xf32=1 2 3 4 5 6" (values separated by spaces or commas).
Result<Tensor> parseLiteral(const std::string &text) {
  size_t eq = text.find('=');
  if (eq == std::string::npos)
    return Error{"expected @FILE.npy or SHAPExTYPE=VALUES, got '" + text + "'"};
  std::string type = text.substr(0, eq);
  std::vector<int64_t> shape;
  size_t pos = 0;
  for (size_t x; (x = type.find('x', pos)) != std::string::npos; pos = x + 1) {
    std::string dim = type.substr(pos, x - pos);
    char *end = nullptr;
    long long n = std::strtoll(dim.c_str(), &end, 10);
    if (dim.empty() || *end || n < 0)
      return Error{"bad dimension '" + dim + "' in '" + type + "'"};
    shape.push_back(n);
  }
  Result<DType> dtype = parseDType(type.substr(pos));
  if (!dtype)
    return dtype.failure();
  if (*dtype == DType::F16 || *dtype == DType::BF16)
    return Error{"literal values of " + type.substr(pos) +
                 " are not supported; use a .npy file"};
  std::string values = text.substr(eq + 1);
  std::replace(values.begin(), values.end(), ',', ' ');
  std::istringstream in(values);
  std::vector<double> numbers;
  for (std::string word; in >> word;) {
    char *end = nullptr;
    double v = word == "true" ? 1 : word == "false" ? 0
                                                    : std::strtod(word.c_str(), &end);
    if (end && *end)
      return Error{"bad value '" + word + "' in '" + text + "'"};
    numbers.push_back(v);
  }
  Tensor tensor = Tensor::allocate(*dtype, shape);
  if (static_cast<int64_t>(numbers.size()) != tensor.numElements())
    return Error{"'" + type + "' holds " + std::to_string(tensor.numElements()) +
                 " values, " + std::to_string(numbers.size()) + " given"};
  for (size_t i = 0; i < numbers.size(); ++i) {
    double v = numbers[i];
    switch (*dtype) {
    case DType::F32: tensor.data<float>()[i] = static_cast<float>(v); break;
    case DType::F64: tensor.data<double>()[i] = v; break;
    case DType::I64: tensor.data<int64_t>()[i] = static_cast<int64_t>(v); break;
    case DType::I32: tensor.data<int32_t>()[i] = static_cast<int32_t>(v); break;
    case DType::I16: tensor.data<int16_t>()[i] = static_cast<int16_t>(v); break;
    case DType::I8: tensor.data<int8_t>()[i] = static_cast<int8_t>(v); break;
    case DType::U8: tensor.data<uint8_t>()[i] = static_cast<uint8_t>(v); break;
    case DType::Bool: tensor.data<uint8_t>()[i] = v != 0; break;
    default: break;
    }
  }
  return tensor;
}

/// Element `i` as a double (f16/bf16 are shown as NaN: not decoded here).
double element(const Tensor &t, int64_t i) {
  switch (t.dtype()) {
  case DType::F32: return t.data<float>()[i];
  case DType::F64: return t.data<double>()[i];
  case DType::I64: return static_cast<double>(t.data<int64_t>()[i]);
  case DType::I32: return t.data<int32_t>()[i];
  case DType::I16: return t.data<int16_t>()[i];
  case DType::I8: return t.data<int8_t>()[i];
  case DType::U8:
  case DType::Bool: return t.data<uint8_t>()[i];
  default: return NAN;
  }
}

bool isFloat(DType d) {
  return d == DType::F32 || d == DType::F64 || d == DType::F16 || d == DType::BF16;
}

json valueJson(const ValueInfo &v) {
  return {{"name", v.name}, {"dtype", std::string(dtypeName(v.dtype))},
          {"shape", v.shape}};
}


void describe(const ModelInfo &info, bool asJson) {
  if (asJson) {
    json out;
    out["entry_points"] = json::array();
    for (const EntryPointInfo &e : info.entryPoints) {
      json entry = {{"name", e.name}, {"inputs", json::array()},
                    {"outputs", json::array()}, {"knobs", e.knobs}};
      for (const ValueInfo &v : e.inputs)
        entry["inputs"].push_back(valueJson(v));
      for (const ValueInfo &v : e.outputs)
        entry["outputs"].push_back(valueJson(v));
      out["entry_points"].push_back(entry);
    }
    out["knobs"] = json::array();
    for (const KnobInfo &k : info.knobs) {
      json knob = {{"name", k.name}, {"dtype", std::string(dtypeName(k.dtype))},
                   {"default", k.defaultValue}, {"range", k.rangeString()}};
      knob["min"] = k.min ? json(*k.min) : json(nullptr);
      knob["max"] = k.max ? json(*k.max) : json(nullptr);
      knob["min_exclusive"] = k.minExclusive;
      knob["max_exclusive"] = k.maxExclusive;
      knob["vector"] = k.vector;
      out["knobs"].push_back(knob);
    }
    out["parameters"] = {{"count", info.numParameters},
                         {"bytes", info.parameterBytes},
                         {"packed_matrices", info.packedMatrices}};
    out["cpu"] = info.cpu;
    out["cpu_features"] = info.cpuFeatures;
    out["cuda_chips"] = info.cudaChips;
    out["fixed_knobs"] = info.fixedKnobs;
    out["provenance"] = {{"dtc_version", info.dtcVersion},
                         {"source", info.sourceName},
                         {"weights", info.weightsName}};
    std::cout << out.dump(2) << "\n";
    return;
  }
  for (const EntryPointInfo &e : info.entryPoints) {
    std::cout << "entry point " << e.name << "\n";
    for (const ValueInfo &v : e.inputs)
      std::cout << "  input  " << v.name << ": " << typeString(v.shape, v.dtype) << "\n";
    for (const ValueInfo &v : e.outputs)
      std::cout << "  output " << v.name << ": " << typeString(v.shape, v.dtype) << "\n";
  }
  for (const KnobInfo &k : info.knobs)
    std::cout << "knob " << k.name << ": " << dtypeName(k.dtype)
              << (k.vector ? "[] (per element)" : "") << " = "
              << k.defaultValue << " in " << k.rangeString() << "\n";
  std::cout << "parameters: " << info.numParameters << " ("
            << info.parameterBytes << " bytes); GEMM operands packed at load: "
            << info.packedMatrices << "\n"
            << "compiled for " << info.cpu << " by dtc " << info.dtcVersion
            << " from " << info.sourceName << "\n";
}

int fail(const std::string &message) {
  std::cerr << "dtc-run: error: " << message << "\n";
  return 1;
}
} // namespace

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::cout << kUsage;
      return 0;
    }
  Result<Options> parsed = parseArguments(argc, argv);
  if (!parsed)
    return fail(parsed.error());
  const Options &options = parsed.value();

  RuntimeOptions runtimeOptions;
  runtimeOptions.threads = options.threads;
  runtimeOptions.device = options.device;
  Result<Runtime> runtime = Runtime::create(runtimeOptions);
  if (!runtime)
    return fail(runtime.error());
  using Clock = std::chrono::steady_clock;
  auto msSince = [](Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start)
        .count();
  };
  // Describing reads the metadata only: none of the artifact's code runs.
  if (options.describe) {
    Result<ModelInfo> info = Runtime::describe(options.model);
    if (!info)
      return fail(info.error());
    describe(*info, options.json);
    return 0;
  }
  Clock::time_point loadStart = Clock::now();
  Result<Model> model = runtime->load(options.model);
  double loadMs = msSince(loadStart);
  if (!model)
    return fail(model.error());
  Result<Session> session = model->session(options.function);
  if (!session)
    return fail(session.error());
  for (const std::string &assignment : options.knobs) {
    size_t eq = assignment.find('=');
    std::string name = assignment.substr(0, eq);
    // NUMBER, or NUMBER,NUMBER,... for a vector knob.
    std::vector<double> values;
    bool ok = eq != std::string::npos;
    for (size_t at = eq + 1; ok;) {
      const char *start = assignment.c_str() + at;
      char *end = nullptr;
      values.push_back(std::strtod(start, &end));
      ok = end != start && (*end == ',' || !*end);
      if (!ok || !*end)
        break;
      at = end - assignment.c_str() + 1;
    }
    if (!ok)
      return fail("--set expects KNOB=NUMBER or KNOB=NUMBER,NUMBER,..., got '" +
                  assignment + "'");
    bool vector = false;
    for (const KnobInfo &k : model->info().knobs)
      vector |= k.name == name && k.vector;
    if (Status s = vector || values.size() > 1 ? session->set(name, values)
                                               : session->set(name, values[0]);
        !s)
      return fail(s.error());
  }

  std::vector<Tensor> inputs;
  for (const std::string &text : options.inputs) {
    Result<Tensor> input = text.compare(0, 1, "@") == 0
                               ? npy::read(text.substr(1))
                               : parseLiteral(text);
    if (!input)
      return fail("--input: " + input.error());
    inputs.push_back(std::move(input.value()));
  }
  const EntryPointInfo &entry = session->info();
  if (options.outputs.size() > entry.outputs.size())
    return fail(std::to_string(options.outputs.size()) +
                " --output files for " + std::to_string(entry.outputs.size()) +
                " outputs");
  for (const std::string &path : options.outputs)
    if (path.empty() || path[0] != '@')
      return fail("--output expects @FILE.npy, got '" + path + "'");

  Clock::time_point firstStart = Clock::now();
  Result<std::vector<Tensor>> outputs = session->run(inputs);
  double firstMs = msSince(firstStart);
  if (!outputs)
    return fail(outputs.error());
  json report;
  if (options.benchmark > 0) {
    std::vector<double> ms;
    for (int i = 0; i < options.benchmark; ++i) {
      Clock::time_point start = Clock::now();
      Result<std::vector<Tensor>> again = session->run(inputs);
      ms.push_back(msSince(start));
      if (!again)
        return fail(again.error());
    }
    std::sort(ms.begin(), ms.end());
    double median = ms.size() % 2 ? ms[ms.size() / 2]
                                  : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
    report["runs"] = options.benchmark;
    report["threads"] = runtime->threads();
    report["min_ms"] = ms.front();
    report["median_ms"] = median;
    report["max_ms"] = ms.back();
    // What an application waits for before its first result.
    report["load_ms"] = loadMs;
    report["first_ms"] = firstMs;
  }

  if (options.stats) {
    report["stats"] = json::object();
    for (const Statistic &stat : session->statistics())
      report["stats"][stat.name] = stat.values;
  }

  report["outputs"] = json::array();
  for (size_t i = 0; i < outputs->size(); ++i) {
    const Tensor &t = (*outputs)[i];
    json out = {{"name", entry.outputs[i].name},
                {"dtype", std::string(dtypeName(t.dtype()))},
                {"shape", t.shape()}};
    if (i < options.outputs.size()) {
      std::string path = options.outputs[i].substr(1);
      if (Status s = npy::write(path, t); !s)
        return fail(s.error());
      out["file"] = path;
    } else {
      json values = json::array();
      for (int64_t j = 0, n = std::min<int64_t>(t.numElements(), 16); j < n; ++j) {
        double v = element(t, j);
        values.push_back(isFloat(t.dtype()) ? json(v)
                                            : json(static_cast<int64_t>(v)));
      }
      out["values"] = values;
      out["num_elements"] = t.numElements();
    }
    report["outputs"].push_back(out);
  }

  if (options.json) {
    std::cout << report.dump(2) << "\n";
    return 0;
  }
  for (const json &out : report["outputs"]) {
    std::cout << out["name"].get<std::string>() << ": ";
    for (int64_t dim : out["shape"])
      std::cout << dim << "x";
    std::cout << out["dtype"].get<std::string>();
    if (out.contains("file")) {
      std::cout << " -> " << out["file"].get<std::string>() << "\n";
      continue;
    }
    std::cout << " [";
    const json &values = out["values"];
    for (size_t j = 0; j < values.size(); ++j) {
      if (j)
        std::cout << ", ";
      if (values[j].is_number_float())
        std::printf("%.6g", values[j].get<double>());
      else
        std::cout << values[j];
    }
    std::cout << (out["num_elements"].get<int64_t>() > int64_t(values.size())
                      ? ", ...]\n"
                      : "]\n");
  }
  if (options.stats) {
    std::printf("stats:\n");
    for (const Statistic &stat : session->statistics()) {
      std::printf("  %s: [", stat.name.c_str());
      for (size_t i = 0; i < stat.values.size(); ++i)
        std::printf("%s%lld", i ? ", " : "", (long long)stat.values[i]);
      std::printf("]\n");
    }
  }
  if (options.benchmark > 0)
    std::printf("threads: %d\nmin_ms: %.3f\nmedian_ms: %.3f\nmax_ms: %.3f\n"
                "load_ms: %.3f\nfirst_ms: %.3f\n",
                runtime->threads(), report["min_ms"].get<double>(),
                report["median_ms"].get<double>(),
                report["max_ms"].get<double>(), loadMs, firstMs);
  return 0;
}
