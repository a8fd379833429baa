// The one error shape of every lsmsim parser (policy.conf, AppArmor profiles, audit rules):
// a position in a named text and what was expected or wrong. what() is "file:line:col: message",
// the form compilers use, so editors and CI logs link to the spot.
#pragma once
#include <stdexcept>
#include <string>

namespace lsmsim {

class ParseError : public std::runtime_error {
 public:
  ParseError(std::string file, int line, int column, std::string message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }      // 1-based
  int column() const { return column_; }  // 1-based, in bytes
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_, column_;
  std::string message_;
};

}  // namespace lsmsim
