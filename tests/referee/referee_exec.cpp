#include "tests/referee/referee_exec.h"

#include <fcntl.h>

#include "model/syscalls/fs.h"
#include "model/task.h"
#include "tests/referee/batch_format.h"

namespace lsmsim::referee {

namespace {

std::string err(const char* kind, int e) {
  return std::string(kind) + " " + std::to_string(e);
}

std::string write_once(Task& t, const std::string& path, const std::string& data) {
  SysResult o = sys_open(t, path, O_WRONLY);
  if (!o.ok()) return err("oerr", o.err);
  const int fd = static_cast<int>(o.ret);
  SysResult w = sys_write(t, fd, data);
  sys_close(t, fd);
  return w.ok() ? "ok " + std::to_string(w.ret) : err("err", w.err);
}

std::string read_back(Task& t, int fd) {
  std::string out;
  for (;;) {
    SysResult r = sys_read(t, fd, 4096);
    if (!r.ok()) return err("rerr", r.err);
    if (r.data.empty()) break;
    out += r.data;
  }
  return "ok " + escape(out);
}

}  // namespace

std::vector<std::string> run_batch(
    Task& t, const std::vector<std::string>& batch,
    const std::function<std::string(const std::string&)>& file_text) {
  std::vector<std::string> answers;
  answers.reserve(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    BatchOp op;
    if (!parse_op(batch[i], op)) {
      answers.push_back("bad line " + std::to_string(i + 1));
      continue;
    }
    switch (op.op) {
      case 'w':
        answers.push_back(write_once(t, op.path, op.data));
        break;
      case 'f':
        answers.push_back(write_once(t, op.path, file_text(op.data)));
        break;
      case 't': {
        SysResult o = sys_open(t, op.path, O_RDWR);
        if (!o.ok()) {
          answers.push_back(err("oerr", o.err));
          break;
        }
        const int fd = static_cast<int>(o.ret);
        SysResult w = sys_write(t, fd, op.data);
        answers.push_back(w.ok() ? read_back(t, fd) : err("err", w.err));
        sys_close(t, fd);
        break;
      }
      case 'u': {
        SysResult o = sys_open(t, op.path, O_RDWR);
        if (!o.ok()) {
          answers.push_back(err("oerr", o.err));
          break;
        }
        const int fd = static_cast<int>(o.ret);
        std::string out;
        for (int n = 0; n < 2; ++n) {
          SysResult w = sys_write(t, fd, op.data);
          out += (n ? ";" : "") + (w.ok() ? "ok " + std::to_string(w.ret) : err("err", w.err));
        }
        answers.push_back(out);
        sys_close(t, fd);
        break;
      }
      default: {
        SysResult o = sys_open(t, op.path, O_RDONLY);
        if (!o.ok()) {
          answers.push_back(err("oerr", o.err));
          break;
        }
        const int fd = static_cast<int>(o.ret);
        answers.push_back(read_back(t, fd));
        sys_close(t, fd);
      }
    }
  }
  return answers;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace lsmsim::referee
