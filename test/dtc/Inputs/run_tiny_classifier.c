// Calls docs/examples/tiny_classifier.mlir compiled by `dtc --emit=obj`
// (keep_rate fixed to 1) through its C interface and prints the logits.
// Inputs and weights follow the formula shared with tiny_classifier_ref.py.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DESCRIPTOR(rank)                                                       \
  struct {                                                                     \
    float *allocated, *aligned;                                                \
    int64_t offset, sizes[rank], strides[rank];                                \
  }
typedef DESCRIPTOR(2) M2;
typedef DESCRIPTOR(3) M3;

// Buffers of compiled code, the result's included, come from the runtime's
// allocator (runtime/kernels/KernelAbi.h) and go back to it.
void dtc_rt_free(void *block);

// Entry point: result, the input, then the parameters in declaration order.
void _mlir_ciface_main(M2 *result, M3 *features, M2 *proj, M2 *norm_w,
                       M2 *norm_b, M3 *fc1, M3 *fc2, M2 *head);

enum { B = 2, N = 5, F = 4, D = 8, H = 16, L = 2, C = 3 };

static float *filled(int64_t count, int seed) {
  float *p = malloc(sizeof(float) * count);
  for (int64_t i = 0; i < count; ++i)
    p[i] = (float)(((i * 37 + seed * 11) % 17) - 8) / 16.0f;
  return p;
}

static void make2(M2 *m, float *data, int64_t a, int64_t b) {
  m->allocated = m->aligned = data;
  m->offset = 0;
  m->sizes[0] = a; m->sizes[1] = b;
  m->strides[0] = b; m->strides[1] = 1;
}

static void make3(M3 *m, float *data, int64_t a, int64_t b, int64_t c) {
  m->allocated = m->aligned = data;
  m->offset = 0;
  m->sizes[0] = a; m->sizes[1] = b; m->sizes[2] = c;
  m->strides[0] = b * c; m->strides[1] = c; m->strides[2] = 1;
}

int main(void) {
  M3 features, fc1, fc2;
  M2 proj, norm_w, norm_b, head, result;
  make3(&features, filled(B * N * F, 1), B, N, F);
  make2(&proj, filled(D * F, 2), D, F);
  make2(&norm_w, filled(L * D, 3), L, D);
  make2(&norm_b, filled(L * D, 4), L, D);
  make3(&fc1, filled(L * H * D, 5), L, H, D);
  make3(&fc2, filled(L * D * H, 6), L, D, H);
  make2(&head, filled(C * D, 7), C, D);
  _mlir_ciface_main(&result, &features, &proj, &norm_w, &norm_b, &fc1, &fc2,
                    &head);
  if (result.sizes[0] != B || result.sizes[1] != C) {
    fprintf(stderr, "unexpected result shape %ldx%ld\n",
            (long)result.sizes[0], (long)result.sizes[1]);
    return 1;
  }
  for (int64_t i = 0; i < B * C; ++i)
    printf("%.9g\n", result.aligned[result.offset + i]);
  dtc_rt_free(result.allocated);
  // The inputs are this program's (the sanitizer build checks for leaks).
  free(features.allocated), free(proj.allocated), free(norm_w.allocated);
  free(norm_b.allocated), free(fc1.allocated), free(fc2.allocated);
  free(head.allocated);
  return 0;
}
