//===- Number.h - numbers in messages ---------------------------*- C++ -*-===//

#ifndef RUNTIME_CORE_NUMBER_H
#define RUNTIME_CORE_NUMBER_H

#include <charconv>
#include <string>

namespace dtc::detail {

/// The shortest text that reads back as `value` ("1.0000001", "0.25",
/// "1e-07"): messages quote a value as the user gave it, never rounded to a
/// neighbour that would contradict them ("1 is outside (0, 1]").
inline std::string numberString(double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return error == std::errc() ? std::string(buffer, end) : std::string("?");
}

} // namespace dtc::detail

#endif // RUNTIME_CORE_NUMBER_H
