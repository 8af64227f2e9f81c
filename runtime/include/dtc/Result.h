//===- Result.h - errors as values for the runtime --------------*- C++ -*-===//
//
// The runtime reports every failure (a corrupt file, a wrong shape, an
// out-of-range knob) as a value with a message naming what was wrong, and a
// code that says what kind of failure it is, for programs to act on; it
// never throws or aborts. The runtime does not depend on LLVM, so this is a
// small stand-alone type rather than llvm::Expected. Thread-safety: values,
// like std::string.
//
//===----------------------------------------------------------------------===//

#ifndef DTC_RESULT_H
#define DTC_RESULT_H

#include "dtc/Export.h"

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace dtc {

/// What kind of failure an error is. The C API's dtc_error_code has the same
/// values (dtc.h); new codes are only ever added at the end.
enum class ErrorCode {
  /// A bad argument: a wrong input shape or dtype, a knob value outside its
  /// range, an unknown option.
  InvalidArgument = 1,
  /// A named thing does not exist: a file, an entry point, a knob.
  NotFound = 2,
  /// Valid but not supported here: another kernel ABI or format version, a
  /// CPU feature this machine lacks, a device this runtime cannot use.
  Unsupported = 3,
  /// Memory could not be had.
  OutOfMemory = 4,
  /// The artifact (or a parameter file) is damaged or inconsistent.
  CorruptArtifact = 5,
  /// A run-time check of the compiled code failed: the inputs' shapes or
  /// values do not fit the model.
  CheckFailed = 6,
  /// The session is in use by another thread.
  Busy = 7,
  /// Reading or writing a file failed.
  Io = 8,
};

/// "invalid argument", "not found", ...
DTC_API const char *errorCodeName(ErrorCode code);

/// An error message and its kind, to construct a failed Result or Status.
struct Error {
  std::string message;
  ErrorCode code = ErrorCode::InvalidArgument;
};

/// A value of type T, or an error message.
template <typename T>
class [[nodiscard]] Result {
public:
  Result(T value) : value_(std::move(value)) {}
  Result(Error error)
      : error_(std::move(error.message)), code_(error.code) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  /// The message of a failed result.
  const std::string &error() const {
    assert(!ok() && "error() of a successful Result");
    return error_;
  }
  /// The kind of a failed result.
  ErrorCode code() const {
    assert(!ok() && "code() of a successful Result");
    return code_;
  }
  /// The failure, to pass on as it is.
  Error failure() const { return Error{error(), code()}; }
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
  ErrorCode code_ = ErrorCode::InvalidArgument;
};

/// Success, or an error message: the Result of an operation without a value.
class [[nodiscard]] Status {
public:
  Status() = default;
  Status(Error error)
      : failed_(true), error_(std::move(error.message)), code_(error.code) {}

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const std::string &error() const {
    assert(failed_ && "error() of a successful Status");
    return error_;
  }
  ErrorCode code() const {
    assert(failed_ && "code() of a successful Status");
    return code_;
  }
  Error failure() const { return Error{error(), code()}; }

private:
  bool failed_ = false;
  std::string error_;
  ErrorCode code_ = ErrorCode::InvalidArgument;
};

} // namespace dtc

#endif // DTC_RESULT_H
