//===- Result.h - errors as values for the runtime --------------*- C++ -*-===//
//
// The runtime reports every failure (a corrupt file, a wrong shape, an
// out-of-range knob) as a value with a message naming what was wrong; it
// never throws or aborts. The runtime does not depend on LLVM, so this is a
// small stand-alone type rather than llvm::Expected.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_SUPPORT_RESULT_H
#define RUNTIME_SUPPORT_RESULT_H

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace dtc {

/// An error message, to construct a failed Result of any type.
struct Error {
  std::string message;
};

template <typename T>
class [[nodiscard]] Result {
public:
  Result(T value) : value_(std::move(value)) {}
  Result(Error error) : error_(std::move(error.message)) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  /// The message of a failed result.
  const std::string &error() const {
    assert(!ok() && "error() of a successful Result");
    return error_;
  }
  T &value() & {
    assert(ok() && "value() of a failed Result");
    return *value_;
  }
  T &&value() && {
    assert(ok() && "value() of a failed Result");
    return std::move(*value_);
  }
  T *operator->() { return &value(); }
  T &operator*() & { return value(); }

private:
  std::optional<T> value_;
  std::string error_;
};

} // namespace dtc

#endif // RUNTIME_SUPPORT_RESULT_H
