#include "cli/progress.h"

#include <unistd.h>

namespace lsmsim::cli {

Progress::Progress(const std::string& mode, std::size_t files, std::FILE* out)
    : out_(out), files_(files) {
  enabled_ = mode == "always" || (mode == "auto" && isatty(fileno(out)) != 0);
}

void Progress::start_file(std::size_t index, const std::string& file) {
  index_ = index;
  file_ = file;
  if (!enabled_) return;
  draw("");
}

void Progress::step(std::size_t done, std::size_t total) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done != total && now - last_ < std::chrono::milliseconds(100)) return;
  draw(" step " + std::to_string(done) + "/" + std::to_string(total));
}

void Progress::draw(const std::string& tail) {
  last_ = std::chrono::steady_clock::now();
  const std::string text =
      "[" + std::to_string(index_ + 1) + "/" + std::to_string(files_) + "] " + file_ + tail;
  // \r and "erase to end of line" (ECMA-48 EL): the line is rewritten in place.
  std::fprintf(out_, "\r\033[K%s", text.c_str());
  std::fflush(out_);
  shown_ = true;
}

void Progress::clear() {
  if (!shown_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  shown_ = false;
}

}  // namespace lsmsim::cli
