// The progress line of `lsmsim run` on long runs: "[12/40] scenarios/x.yaml step 30/120",
// rewritten in place on stderr ("\r" and erase-line), shown only when stderr is a terminal
// (--progress auto) or when asked (--progress always).
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace lsmsim::cli {

class Progress {
 public:
  // mode: "auto", "always" or "never".
  Progress(const std::string& mode, std::size_t files, std::FILE* out = stderr);
  ~Progress() { clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  bool enabled() const { return enabled_; }
  void start_file(std::size_t index, const std::string& file);  // index 0-based
  // After a step; redrawn at most every 100 ms (and always for the last step).
  void step(std::size_t done, std::size_t total);
  // Erases the line (before the report of a file is printed on the same terminal).
  void clear();

 private:
  void draw(const std::string& text);

  bool enabled_ = false;
  std::FILE* out_;
  std::size_t files_;
  std::size_t index_ = 0;
  std::string file_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace lsmsim::cli
