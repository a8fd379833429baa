// The referee's agent: runs inside user-mode-linux as a child of init, executes a batch
// (tests/referee/batch_format.h) against the real kernel's pseudo files and writes one
// answer line per operation. Shell loops are slow in UML (a fork per command); this is one
// process for thousands of operations. Each transaction opens its own fd: simple_transaction
// files keep the first reply per open file, so a second write on one fd fails.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

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
    default: {
      const int fd = open(op.path.c_str(), O_RDONLY);
      if (fd < 0) return err("oerr", errno);
      std::string out = read_back(fd);
      close(fd);
      return out;
    }
  }
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
  std::string answers, line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    BatchOp op;
    if (!lsmsim::referee::parse_op(line, op)) {
      answers += "bad line " + std::to_string(n) + "\n";
      continue;
    }
    answers += run(op) + "\n";
  }
  // One write at the end: the answers file lives on hostfs.
  const bool ok = std::fwrite(answers.data(), 1, answers.size(), out) == answers.size();
  return std::fclose(out) == 0 && ok ? 0 : 3;
}
