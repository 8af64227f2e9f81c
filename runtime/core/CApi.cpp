//===- CApi.cpp - the C API over the C++ API ------------------------------===//

#include "dtc/Runtime.h"
#include "dtc/dtc.h"

#include <cstring>
#include <new>
#include <type_traits>

struct dtc_error {
  std::string message;
  dtc::ErrorCode code;
};
struct dtc_runtime {
  dtc::Runtime runtime;
};
struct dtc_model {
  dtc::Model model;
};
struct dtc_session {
  dtc::Session session;
  std::vector<dtc::Tensor> outputs;
};

static_assert(static_cast<int>(dtc::DType::Bool) == DTC_BOOL,
              "dtc_dtype follows dtc::DType");
static_assert(static_cast<int>(dtc::ErrorCode::InvalidArgument) ==
                      DTC_ERROR_INVALID_ARGUMENT &&
                  static_cast<int>(dtc::ErrorCode::Io) == DTC_ERROR_IO,
              "dtc_error_code follows dtc::ErrorCode");

namespace {
/// An argument the C caller got wrong (a NULL, an invalid enum value).
dtc_error *fail(std::string message,
                dtc::ErrorCode code = dtc::ErrorCode::InvalidArgument) {
  return new (std::nothrow) dtc_error{std::move(message), code};
}
/// Null once `handle` (a handle just made with new(std::nothrow)) exists.
dtc_error *created(const void *handle) {
  return handle ? nullptr : fail("out of memory", dtc::ErrorCode::OutOfMemory);
}
/// A failure of the C++ API, with its code.
template <typename R> dtc_error *failWith(const R &result) {
  return fail(result.error(), result.code());
}
} // namespace

uint32_t dtc_api_version(void) { return DTC_API_VERSION; }

const char *dtc_error_message(const dtc_error *error) {
  return error ? error->message.c_str() : "";
}
dtc_error_code dtc_error_get_code(const dtc_error *error) {
  return error ? static_cast<dtc_error_code>(error->code) : DTC_OK;
}
void dtc_error_free(dtc_error *error) { delete error; }

dtc_error *dtc_runtime_create(dtc_runtime **out) {
  if (!out)
    return fail("dtc_runtime_create: `out` is NULL");
  *out = new (std::nothrow) dtc_runtime{dtc::Runtime()};
  return created(*out);
}
void dtc_runtime_options_init(dtc_runtime_options *options) {
  if (!options)
    return;
  *options = dtc_runtime_options{};
  options->struct_size = sizeof(dtc_runtime_options);
  options->threads = 0;
  options->device = "cpu";
}

dtc_error *dtc_runtime_create_with_options(const dtc_runtime_options *options,
                                           dtc_runtime **out) {
  if (!options || !out)
    return fail("dtc_runtime_create_with_options: a NULL argument");
  // Callers built against an older dtc.h pass a smaller struct: fields past
  // its end keep their defaults. A larger one comes from a newer header.
  dtc_runtime_options given;
  dtc_runtime_options_init(&given);
  if (options->struct_size < offsetof(dtc_runtime_options, threads) ||
      options->struct_size > sizeof(dtc_runtime_options))
    return fail("dtc_runtime_create_with_options: struct_size " +
                    std::to_string(options->struct_size) +
                    " is not that of a dtc_runtime_options of this or an "
                    "earlier dtc.h (call dtc_runtime_options_init)",
                dtc::ErrorCode::Unsupported);
  std::memcpy(&given, options, options->struct_size);
  return dtc_runtime_create_on_device(out, given.threads,
                                      given.device ? given.device : "cpu");
}

dtc_error *dtc_runtime_create_with_threads(dtc_runtime **out, int threads) {
  if (!out)
    return fail("dtc_runtime_create_with_threads: `out` is NULL");
  return dtc_runtime_create_on_device(out, threads, "cpu");
}
dtc_error *dtc_runtime_create_on_device(dtc_runtime **out, int threads,
                                        const char *device) {
  if (!out || !device)
    return fail("dtc_runtime_create_on_device: a NULL argument");
  dtc::Result<dtc::Device> parsed = dtc::Device::parse(device);
  if (!parsed)
    return failWith(parsed);
  dtc::RuntimeOptions options;
  options.threads = threads;
  options.device = *parsed;
  dtc::Result<dtc::Runtime> runtime = dtc::Runtime::create(options);
  if (!runtime)
    return failWith(runtime);
  *out = new (std::nothrow) dtc_runtime{std::move(runtime.value())};
  return created(*out);
}
void dtc_runtime_free(dtc_runtime *runtime) { delete runtime; }

dtc_error *dtc_model_load(dtc_runtime *runtime, const char *path,
                          dtc_model **out) {
  if (!runtime || !path || !out)
    return fail("dtc_model_load: a NULL argument");
  dtc::Result<dtc::Model> model = runtime->runtime.load(path);
  if (!model)
    return failWith(model);
  *out = new (std::nothrow) dtc_model{std::move(model.value())};
  return created(*out);
}
void dtc_model_free(dtc_model *model) { delete model; }

size_t dtc_model_entry_point_count(const dtc_model *model) {
  return model ? model->model.info().entryPoints.size() : 0;
}
const char *dtc_model_entry_point_name(const dtc_model *model, size_t index) {
  if (!model || index >= model->model.info().entryPoints.size())
    return nullptr;
  return model->model.info().entryPoints[index].name.c_str();
}

dtc_error *dtc_session_create(dtc_model *model, const char *entry,
                              dtc_session **out) {
  if (!model || !entry || !out)
    return fail("dtc_session_create: a NULL argument");
  dtc::Result<dtc::Session> session = model->model.session(entry);
  if (!session)
    return failWith(session);
  *out = new (std::nothrow) dtc_session{std::move(session.value()), {}};
  return created(*out);
}
void dtc_session_free(dtc_session *session) { delete session; }

dtc_error *dtc_session_set_knob(dtc_session *session, const char *name,
                                double value) {
  if (!session || !name)
    return fail("dtc_session_set_knob: a NULL argument");
  dtc::Status status = session->session.set(name, value);
  return status ? nullptr : failWith(status);
}
dtc_error *dtc_session_set_knob_vector(dtc_session *session, const char *name,
                                       const double *values, size_t count) {
  if (!session || !name || (!values && count))
    return fail("dtc_session_set_knob_vector: a NULL argument");
  dtc::Status status =
      session->session.set(name, std::vector<double>(values, values + count));
  return status ? nullptr : failWith(status);
}
dtc_error *dtc_session_get_knob(const dtc_session *session, const char *name,
                                double *value) {
  if (!session || !name || !value)
    return fail("dtc_session_get_knob: a NULL argument");
  dtc::Result<double> got = session->session.get(name);
  if (!got)
    return failWith(got);
  *value = got.value();
  return nullptr;
}

size_t dtc_session_input_count(const dtc_session *session) {
  return session ? session->session.info().inputs.size() : 0;
}

dtc_error *dtc_session_run(dtc_session *session, const dtc_tensor_view *inputs,
                           size_t count) {
  if (!session || (count && !inputs))
    return fail("dtc_session_run: a NULL argument");
  std::vector<dtc::Tensor> tensors;
  for (size_t i = 0; i < count; ++i) {
    const dtc_tensor_view &v = inputs[i];
    // Read as the integer the caller stored: a C caller may store any int
    // in the enum, which C++ must not load as a dtc_dtype.
    std::underlying_type_t<dtc_dtype> dtype;
    std::memcpy(&dtype, &v.dtype, sizeof(dtype));
    if (dtype < DTC_F32 || dtype > DTC_BOOL || (v.rank && !v.shape))
      return fail("dtc_session_run: input #" + std::to_string(i) +
                  " has an invalid dtype or shape");
    tensors.push_back(
        dtc::Tensor::wrap(v.data, static_cast<dtc::DType>(dtype),
                          std::vector<int64_t>(v.shape, v.shape + v.rank)));
  }
  session->outputs.clear();
  auto outputs = session->session.run(tensors);
  if (!outputs)
    return failWith(outputs);
  session->outputs = std::move(outputs.value());
  return nullptr;
}

size_t dtc_session_output_count(const dtc_session *session) {
  return session ? session->outputs.size() : 0;
}

dtc_error *dtc_session_output(const dtc_session *session, size_t index,
                              dtc_tensor_view *out) {
  if (!session || !out)
    return fail("dtc_session_output: a NULL argument");
  if (index >= session->outputs.size())
    return fail("dtc_session_output: no output #" + std::to_string(index) +
                " (the last run produced " +
                std::to_string(session->outputs.size()) + ")");
  const dtc::Tensor &t = session->outputs[index];
  out->data = const_cast<void *>(t.data());
  out->dtype = static_cast<dtc_dtype>(t.dtype());
  out->rank = t.shape().size();
  out->shape = t.shape().data();
  return nullptr;
}

size_t dtc_session_statistic_count(const dtc_session *session) {
  return session ? session->session.statistics().size() : 0;
}

dtc_error *dtc_session_statistic(const dtc_session *session, size_t index,
                                 const char **name, const int64_t **values,
                                 size_t *count) {
  if (!session || !name || !values || !count)
    return fail("dtc_session_statistic: a NULL argument");
  const auto &statistics = session->session.statistics();
  if (index >= statistics.size())
    return fail("dtc_session_statistic: no counter #" + std::to_string(index) +
                " (the last run kept " + std::to_string(statistics.size()) +
                ")");
  *name = statistics[index].name.c_str();
  *values = statistics[index].values.data();
  *count = statistics[index].values.size();
  return nullptr;
}
