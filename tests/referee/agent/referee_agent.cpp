// The referee's agent: runs inside user-mode-linux as a child of init, executes a batch
// (tests/referee/batch_format.h) against the real kernel's pseudo files and writes one
// answer line per operation. Shell loops are slow in UML (a fork per command); this is one
// process for thousands of operations. Each transaction opens its own fd: simple_transaction
// files keep the first reply per open file, so a second write on one fd fails.
#include <fcntl.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/referee/batch_format.h"

namespace {

using lsmsim::referee::BatchOp;
using lsmsim::referee::escape;

std::string err(const char* kind, int e) {
  return std::string(kind) + " " + std::to_string(e);
}

std::string write_once(const std::string& path, const std::string& data) {
  const int fd = open(path.c_str(), O_WRONLY);
  if (fd < 0) return err("oerr", errno);
  const ssize_t n = write(fd, data.data(), data.size());
  const int e = errno;
  close(fd);
  return n < 0 ? err("err", e) : "ok " + std::to_string(n);
}

std::string read_back(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) return err("rerr", errno);
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return "ok " + escape(out);
}

std::string run(const BatchOp& op) {
  switch (op.op) {
    case 'w':
      return write_once(op.path, op.data);
    case 'f': {
      std::ifstream in(op.data, std::ios::binary);
      if (!in) return "ferr " + op.data;
      std::ostringstream s;
      s << in.rdbuf();
      return write_once(op.path, s.str());
    }
    case 't': {
      const int fd = open(op.path.c_str(), O_RDWR);
      if (fd < 0) return err("oerr", errno);
      std::string out;
      if (write(fd, op.data.data(), op.data.size()) < 0)
        out = err("err", errno);
      else
        out = read_back(fd);
      close(fd);
      return out;
    }
    case 'u': {
      const int fd = open(op.path.c_str(), O_RDWR);
      if (fd < 0) return err("oerr", errno);
      std::string out;
      for (int i = 0; i < 2; ++i) {
        const ssize_t n = write(fd, op.data.data(), op.data.size());
        out += (i ? ";" : "") + (n < 0 ? err("err", errno) : "ok " + std::to_string(n));
      }
      close(fd);
      return out;
    }
    case 'c': {
      const int fd = open(op.path.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0644);
      if (fd < 0) return err("oerr", errno);
      close(fd);
      return "ok";
    }
    case 'm':
      return mkdir(op.path.c_str(), 0755) == 0 ? "ok" : err("err", errno);
    case 'o': {
      const int flags = op.data == "rw" ? O_RDWR : op.data == "w" ? O_WRONLY : O_RDONLY;
      const int fd = open(op.path.c_str(), flags);
      if (fd < 0) return err("oerr", errno);
      close(fd);
      return "ok";
    }
    case 'x': {
      std::string name, value;
      lsmsim::referee::split_xattr(op.data, name, value);
      return setxattr(op.path.c_str(), name.c_str(), value.data(), value.size(), 0) == 0
                 ? "ok"
                 : err("err", errno);
    }
    case 'g': {
      char buf[4096];
      const ssize_t n = getxattr(op.path.c_str(), op.data.c_str(), buf, sizeof buf);
      return n < 0 ? err("err", errno)
                   : "ok " + escape(std::string(buf, static_cast<std::size_t>(n)));
    }
    case 'E':
      return "ok";
    default: {
      const int fd = open(op.path.c_str(), O_RDONLY);
      if (fd < 0) return err("oerr", errno);
      std::string out = read_back(fd);
      close(fd);
      return out;
    }
  }
}

// Drops CAP_MAC_ADMIN and CAP_MAC_OVERRIDE (32 and 33: the second capability word) from the
// effective, permitted and inheritable sets.
int drop_mac_caps() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2];
  if (syscall(SYS_capget, &header, data) != 0) return -1;
  for (auto* set : {&data[1].effective, &data[1].permitted, &data[1].inheritable})
    *set &= ~((1u << (CAP_MAC_OVERRIDE - 32)) | (1u << (CAP_MAC_ADMIN - 32)));
  return static_cast<int>(syscall(SYS_capset, &header, data));
}

// A round: a child takes the label (while still privileged), drops the MAC capabilities, and
// answers lines [first, end) through a pipe; the "E" line answers "ok".
std::string round(const BatchOp& p, const std::vector<std::string>& lines, std::size_t first,
                  std::size_t end) {
  int fds[2];
  if (pipe(fds) != 0) return err("err", errno) + "\n";
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string out = write_once(p.path, p.data);
    if (drop_mac_caps() != 0) out = "capset failed";
    out += "\n";
    for (std::size_t j = first; j < end; ++j) {
      BatchOp op;
      out += (lsmsim::referee::parse_op(lines[j], op) ? run(op) : "bad line") + "\n";
    }
    for (std::size_t at = 0; at < out.size();) {
      const ssize_t n = write(fds[1], out.data() + at, out.size() - at);
      if (n <= 0) _exit(1);
      at += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return out + (end < lines.size() ? "ok\n" : "");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: referee_agent BATCH ANSWERS\n");
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "referee_agent: cannot read %s\n", argv[1]);
    return 2;
  }
  // The answers file is opened first: the batch may take away the agent's own access
  // (load-self2 rules on its label, then onlycap without it: no CAP_MAC_OVERRIDE), and an
  // open file is not checked again.
  std::FILE* out = std::fopen(argv[2], "w");
  if (out == nullptr) return 3;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string answers;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    BatchOp op;
    if (!lsmsim::referee::parse_op(lines[i], op)) {
      answers += "bad line " + std::to_string(i + 1) + "\n";
      continue;
    }
    if (op.op != 'P') {
      answers += run(op) + "\n";
      continue;
    }
    std::size_t end = i + 1;  // the round's "E" line
    while (end < lines.size() && lines[end].rfind("E ", 0) != 0) ++end;
    answers += round(op, lines, i + 1, end);
    i = end;
  }
  // One write at the end: the answers file lives on hostfs.
  const bool ok = std::fwrite(answers.data(), 1, answers.size(), out) == answers.size();
  return std::fclose(out) == 0 && ok ? 0 : 3;
}
