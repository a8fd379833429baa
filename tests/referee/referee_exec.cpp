#include "tests/referee/referee_exec.h"

#include <fcntl.h>

#include "model/capability.h"
#include "model/process/pid_lookup.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/process.h"
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

std::string run_one(Task& t, const BatchOp& op,
                    const std::function<std::string(const std::string&)>& file_text) {
  switch (op.op) {
    case 'w':
      return write_once(t, op.path, op.data);
    case 'f':
      return write_once(t, op.path, file_text(op.data));
    case 't': {
      SysResult o = sys_open(t, op.path, O_RDWR);
      if (!o.ok()) return err("oerr", o.err);
      const int fd = static_cast<int>(o.ret);
      SysResult w = sys_write(t, fd, op.data);
      std::string out = w.ok() ? read_back(t, fd) : err("err", w.err);
      sys_close(t, fd);
      return out;
    }
    case 'u': {
      SysResult o = sys_open(t, op.path, O_RDWR);
      if (!o.ok()) return err("oerr", o.err);
      const int fd = static_cast<int>(o.ret);
      std::string out;
      for (int n = 0; n < 2; ++n) {
        SysResult w = sys_write(t, fd, op.data);
        out += (n ? ";" : "") + (w.ok() ? "ok " + std::to_string(w.ret) : err("err", w.err));
      }
      sys_close(t, fd);
      return out;
    }
    case 'c': {
      SysResult o = sys_open(t, op.path, O_CREAT | O_EXCL | O_WRONLY, 0644);
      if (!o.ok()) return err("oerr", o.err);
      sys_close(t, static_cast<int>(o.ret));
      return "ok";
    }
    case 'm': {
      SysResult r = sys_mkdir(t, op.path, 0755);
      return r.ok() ? "ok" : err("err", r.err);
    }
    case 'o': {
      const int flags = op.data == "rw" ? O_RDWR : op.data == "w" ? O_WRONLY : O_RDONLY;
      SysResult o = sys_open(t, op.path, flags);
      if (!o.ok()) return err("oerr", o.err);
      sys_close(t, static_cast<int>(o.ret));
      return "ok";
    }
    case 'x': {
      std::string name, value;
      split_xattr(op.data, name, value);
      SysResult r = sys_setxattr(t, op.path, name, value);
      return r.ok() ? "ok" : err("err", r.err);
    }
    case 'g': {
      SysResult r = sys_getxattr(t, op.path, op.data);
      return r.ok() ? "ok " + escape(r.data) : err("err", r.err);
    }
    case 'E':
      return "ok";
    default: {
      SysResult o = sys_open(t, op.path, O_RDONLY);
      if (!o.ok()) return err("oerr", o.err);
      const int fd = static_cast<int>(o.ret);
      std::string out = read_back(t, fd);
      sys_close(t, fd);
      return out;
    }
  }
}

}  // namespace

std::vector<std::string> run_batch(
    Task& t, const std::vector<std::string>& batch,
    const std::function<std::string(const std::string&)>& file_text) {
  std::vector<std::string> answers;
  answers.reserve(batch.size());
  Task* subject = &t;  // a round's child between "P" and "E"
  for (std::size_t i = 0; i < batch.size(); ++i) {
    BatchOp op;
    if (!parse_op(batch[i], op)) {
      answers.push_back("bad line " + std::to_string(i + 1));
      continue;
    }
    if (op.op == 'P') {
      // The agent's round: fork, take the label, drop CAP_MAC_ADMIN and CAP_MAC_OVERRIDE.
      SysResult f = sys_fork(t);
      Task* child = f.ok() ? find_task_by_vpid(t, static_cast<Pid>(f.ret)) : nullptr;
      if (child == nullptr) {
        answers.push_back(err("err", f.err));
        continue;
      }
      std::string out = write_once(*child, op.path, op.data);
      CapSet eff, inh, perm;
      sys_capget(*child, 0, eff, inh, perm);
      for (CapSet* set : {&eff, &inh, &perm}) {
        set->drop(CAP_MAC_ADMIN);
        set->drop(CAP_MAC_OVERRIDE);
      }
      if (!sys_capset(*child, eff, inh, perm).ok()) out = "capset failed";
      answers.push_back(out);
      subject = child;
      continue;
    }
    if (op.op == 'E' && subject != &t) {
      const Pid pid = subject->pid;
      sys_exit(*subject, 0);
      sys_wait4(t, pid);
      subject = &t;
    }
    answers.push_back(run_one(*subject, op, file_text));
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
