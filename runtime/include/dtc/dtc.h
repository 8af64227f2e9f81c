/*===- dtc.h - the dtc runtime's C API -----------------------------------===*
 *
 * Mirrors the C++ API (dtc/Runtime.h) for other languages:
 *
 *   dtc_runtime *rt; dtc_model *m; dtc_session *s;
 *   dtc_error *e = dtc_runtime_create(&rt);
 *   if (!e) e = dtc_model_load(rt, "vit.dtb", &m);
 *   if (!e) e = dtc_session_create(m, "main", &s);
 *   if (!e) e = dtc_session_set_knob(s, "keep_rate", 0.5);
 *   if (!e) e = dtc_session_run(s, inputs, 1);
 *   ... dtc_session_output(s, 0, &view) ...
 *   if (e) { fprintf(stderr, "%s\n", dtc_error_message(e)); dtc_error_free(e); }
 *
 * Functions that can fail return NULL on success or an error the caller
 * frees; dtc_error_get_code says what kind of failure it is. Thread-safety:
 * a runtime and a model may be used from any number of threads at once; a
 * session by one thread at a time (a second thread's call is refused with
 * DTC_ERROR_BUSY); an error by the thread that holds it. Handles are freed with their _free function; a model stays loaded
 * while a session of it lives. Input tensors are views of caller memory (no
 * copy); outputs stay valid until the session's next run or its free.
 *
 *===---------------------------------------------------------------------===*/

#ifndef DTC_DTC_H
#define DTC_DTC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every function here is exported from libdtc_runtime.so. */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(default)
#endif

/* The version of this API: a program checks at run time that the library
 * it loaded is at least the version it was built against. Bumped when a
 * function or a field is added; existing ones never change. */
#define DTC_API_VERSION 2
uint32_t dtc_api_version(void);

typedef struct dtc_error dtc_error;
typedef struct dtc_runtime dtc_runtime;
typedef struct dtc_model dtc_model;
typedef struct dtc_session dtc_session;

/* Element types; the order of dtc::DType. */
typedef enum dtc_dtype {
  DTC_F32, DTC_F64, DTC_F16, DTC_BF16, DTC_I64, DTC_I32, DTC_I16, DTC_I8,
  DTC_U8, DTC_BOOL
} dtc_dtype;

/* A dense row-major tensor: `data` holds `shape[0] * ... * shape[rank-1]`
 * elements of `dtype`. */
typedef struct dtc_tensor_view {
  void *data;
  dtc_dtype dtype;
  size_t rank;
  const int64_t *shape;
} dtc_tensor_view;

/* What kind of failure an error is; the values of dtc::ErrorCode
 * (dtc/Result.h), new ones only ever added at the end. */
typedef enum dtc_error_code {
  DTC_OK = 0, /* for a NULL error */
  DTC_ERROR_INVALID_ARGUMENT = 1,
  DTC_ERROR_NOT_FOUND = 2,
  DTC_ERROR_UNSUPPORTED = 3,
  DTC_ERROR_OUT_OF_MEMORY = 4,
  DTC_ERROR_CORRUPT_ARTIFACT = 5,
  DTC_ERROR_CHECK_FAILED = 6,
  DTC_ERROR_BUSY = 7,
  DTC_ERROR_IO = 8
} dtc_error_code;

const char *dtc_error_message(const dtc_error *error);
dtc_error_code dtc_error_get_code(const dtc_error *error);
void dtc_error_free(dtc_error *error);

/* How a runtime is created. Initialise with dtc_runtime_options_init, which
 * sets struct_size (so that a library newer than this header knows which
 * fields the caller has), then set what differs from the defaults. */
typedef struct dtc_runtime_options {
  size_t struct_size;
  /* Threads of the pool, the caller's included: 0 (the default) for one per
   * CPU this process may use, at most 1024. */
  int threads;
  /* "cpu" (the default), "cuda" or "cuda:N". */
  const char *device;
} dtc_runtime_options;

void dtc_runtime_options_init(dtc_runtime_options *options);
dtc_error *dtc_runtime_create_with_options(const dtc_runtime_options *options,
                                           dtc_runtime **out);

/* The same with default options. */
dtc_error *dtc_runtime_create(dtc_runtime **out);
/* A runtime whose pool runs kernels on `threads` threads, the caller's
 * included (0: one per CPU this process may use; at most 1024). */
dtc_error *dtc_runtime_create_with_threads(dtc_runtime **out, int threads);
/* A runtime on `device`: "cpu", "cuda" or "cuda:N" (for artifacts compiled
 * with dtc --target=cuda); a device this machine lacks is an error
 * ("no CUDA device: ..."). */
dtc_error *dtc_runtime_create_on_device(dtc_runtime **out, int threads,
                                        const char *device);
void dtc_runtime_free(dtc_runtime *runtime);

dtc_error *dtc_model_load(dtc_runtime *runtime, const char *path,
                          dtc_model **out);
void dtc_model_free(dtc_model *model);
size_t dtc_model_entry_point_count(const dtc_model *model);
/* NULL if `index` is out of range. */
const char *dtc_model_entry_point_name(const dtc_model *model, size_t index);

dtc_error *dtc_session_create(dtc_model *model, const char *entry,
                              dtc_session **out);
void dtc_session_free(dtc_session *session);
dtc_error *dtc_session_set_knob(dtc_session *session, const char *name,
                                double value);
/* Sets a vector knob (one value per layer, say) to `count` values; the model
 * reads the knob's default past the last one. */
dtc_error *dtc_session_set_knob_vector(dtc_session *session, const char *name,
                                       const double *values, size_t count);
dtc_error *dtc_session_get_knob(const dtc_session *session, const char *name,
                                double *value);
size_t dtc_session_input_count(const dtc_session *session);
dtc_error *dtc_session_run(dtc_session *session,
                           const dtc_tensor_view *inputs, size_t count);
size_t dtc_session_output_count(const dtc_session *session);
/* The output `index` of the last run. */
dtc_error *dtc_session_output(const dtc_session *session, size_t index,
                              dtc_tensor_view *out);

/* The counters of the session's last run: what the model's conditional ops
 * decided (dtc::Session::statistics). `name` and `values` stay valid until
 * the next run or dtc_session_free. */
size_t dtc_session_statistic_count(const dtc_session *session);
dtc_error *dtc_session_statistic(const dtc_session *session, size_t index,
                                 const char **name, const int64_t **values,
                                 size_t *count);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* DTC_DTC_H */
