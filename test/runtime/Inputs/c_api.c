/* The C API end to end: a runtime of 2 threads (and a bad thread count,
 * a missing CUDA device, an unknown device),
 * load, a session with a knob, a run, its outputs and its counters.
 *
 *   c_api MODEL.dtb TOKENS  (runs entry point `main` of a model whose input
 *                            is [1, TOKENS, 4] f32 and whose first output
 *                            is f32 of rank 3)
 */
#include <dtc/dtc.h>

#include <stdio.h>
#include <stdlib.h>

static int check(dtc_error *e) {
  if (!e)
    return 0;
  printf("error: %s\n", dtc_error_message(e));
  dtc_error_free(e);
  return 1;
}

/* The code of an error, which is then freed. */
static int code(dtc_error *e) {
  int c = dtc_error_get_code(e);
  dtc_error_free(e);
  return c;
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  printf("api version: %s\n",
         dtc_api_version() >= DTC_API_VERSION ? "ok" : "too old");
  dtc_runtime *rt = NULL;
  if (check(dtc_runtime_create_with_threads(&rt, -2)) == 0)
    return 1; /* must have failed */
  /* No machine has CUDA device 99; and "gpu" is not a device name. */
  if (check(dtc_runtime_create_on_device(&rt, 0, "cuda:99")) == 0 ||
      check(dtc_runtime_create_on_device(&rt, 0, "gpu")) == 0)
    return 1;
  /* Options structs: defaults, then what differs. */
  dtc_runtime_options options;
  dtc_runtime_options_init(&options);
  options.threads = 2;
  if (check(dtc_runtime_create_with_options(&options, &rt)))
    return 1;
  dtc_runtime_free(rt);
  options.struct_size = 3;
  check(dtc_runtime_create_with_options(&options, &rt));
  options.struct_size = sizeof(options);
  options.device = "tpu";
  check(dtc_runtime_create_with_options(&options, &rt));

  dtc_model *model = NULL;
  dtc_session *session = NULL;
  if (check(dtc_runtime_create_with_threads(&rt, 2)) ||
      check(dtc_model_load(rt, argv[1], &model)) ||
      check(dtc_session_create(model, "main", &session)))
    return 1;
  int64_t shape[3] = {1, atoll(argv[2]), 4};
  float *data = calloc((size_t)shape[1] * 4, sizeof(float));
  for (int64_t i = 0; i < shape[1] * 4; ++i)
    data[i] = (float)i;
  dtc_tensor_view input = {data, DTC_F32, 3, shape};
  if (check(dtc_session_set_knob(session, "keep_rate", 0.5)))
    return 1;
  const double rates[2] = {0.5, 0.25};
  if (check(dtc_session_set_knob_vector(session, "keep_rate", rates, 2)) == 0)
    return 1; /* a scalar knob: must have failed */
  if (check(dtc_session_run(session, &input, 1)))
    return 1;
  dtc_tensor_view out;
  if (check(dtc_session_output(session, 0, &out)))
    return 1;
  printf("output 0: rank %zu, %lld x %lld x %lld, first %g\n", out.rank,
         (long long)out.shape[0], (long long)out.shape[1],
         (long long)out.shape[2], (double)((const float *)out.data)[0]);
  printf("counters: %zu\n", dtc_session_statistic_count(session));
  for (size_t i = 0; i < dtc_session_statistic_count(session); ++i) {
    const char *name;
    const int64_t *values;
    size_t count;
    if (check(dtc_session_statistic(session, i, &name, &values, &count)))
      return 1;
    printf("%s:", name);
    for (size_t j = 0; j < count; ++j)
      printf(" %lld", (long long)values[j]);
    printf("\n");
  }
  check(dtc_session_statistic(session, 99, NULL, NULL, NULL));
  const char *name;
  const int64_t *values;
  size_t count;
  check(dtc_session_statistic(session, 99, &name, &values, &count));
  /* Each kind of failure has its code. */
  printf("codes: invalid argument %d, not found %d %d, corrupt %d, none %d\n",
         code(dtc_session_set_knob(session, "keep_rate", 7.0)) ==
             DTC_ERROR_INVALID_ARGUMENT,
         code(dtc_model_load(rt, "/nonexistent.dtb", &model)) ==
             DTC_ERROR_NOT_FOUND,
         code(dtc_session_set_knob(session, "no_such_knob", 1.0)) ==
             DTC_ERROR_NOT_FOUND,
         code(dtc_model_load(rt, argv[0], &model)) ==
             DTC_ERROR_CORRUPT_ARTIFACT,
         dtc_error_get_code(NULL) == DTC_OK);
  /* A dtype no enumerator names, as a C caller may store. */
  input.dtype = (dtc_dtype)99;
  check(dtc_session_run(session, &input, 1));
  input.dtype = (dtc_dtype)-1;
  check(dtc_session_run(session, &input, 1));
  dtc_session_free(session);
  dtc_model_free(model);
  dtc_runtime_free(rt);
  free(data);
  return 0;
}
