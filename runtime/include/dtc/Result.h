//===- Result.h - errors as values for the runtime --------------*- C++ -*-===//
//
// The runtime reports every failure (a corrupt file, a wrong shape, an
// out-of-range knob) as a value with a message naming what was wrong; it
// never throws or aborts. The runtime does not depend on LLVM, so this is a
// small stand-alone type rather than llvm::Expected.
//
//===----------------------------------------------------------------------===//

#ifndef DTC_RESULT_H
#define DTC_RESULT_H

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace dtc {

/// An error message, to construct a failed Result or Status.
struct Error {
  std::string message;
};

/// A value of type T, or an error message.
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
  const T &value() const & {
    assert(ok() && "value() of a failed Result");
    return *value_;
  }
  T *operator->() { return &value(); }
  const T *operator->() const { return &value(); }
  T &operator*() & { return value(); }
  const T &operator*() const & { return value(); }

private:
  std::optional<T> value_;
  std::string error_;
};

/// Success, or an error message: the Result of an operation without a value.
class [[nodiscard]] Status {
public:
  Status() = default;
  Status(Error error) : failed_(true), error_(std::move(error.message)) {}

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const std::string &error() const {
    assert(failed_ && "error() of a successful Status");
    return error_;
  }

private:
  bool failed_ = false;
  std::string error_;
};

} // namespace dtc

#endif // DTC_RESULT_H
