/*===- Export.h - what libdtc_runtime exports ----------------------------===*
 *
 * The runtime is built with hidden visibility: only declarations marked
 * DTC_API (the C++ API), the C API (dtc.h) and the kernel ABI that compiled
 * code calls (dtc_rt_*) are exported from libdtc_runtime.so, so that its
 * internals can change without breaking applications.
 *
 *===---------------------------------------------------------------------===*/

#ifndef DTC_EXPORT_H
#define DTC_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define DTC_API __attribute__((visibility("default")))
#else
#define DTC_API
#endif

#endif /* DTC_EXPORT_H */
