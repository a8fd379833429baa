// The error of asking a task that cannot enter the kernel to make a syscall: it has exited
// (a zombie waiting for its parent) or has been reaped. Not an errno: no real program can be
// in that state, so it is the caller's mistake (Python raises TaskGone, a scenario step fails).
#pragma once

#include <stdexcept>
#include <string>

#include "model/types.h"

namespace lsmsim {

class TaskGone : public std::runtime_error {
 public:
  TaskGone(Pid pid, const std::string& what) : std::runtime_error(what), pid_(pid) {}
  // "task N has exited (zombie)": the message for a zombie asked to make a syscall.
  static TaskGone exited(Pid pid) {
    return TaskGone(pid, "task " + std::to_string(pid) + " has exited (zombie)");
  }
  Pid pid() const { return pid_; }

 private:
  Pid pid_;
};

}  // namespace lsmsim
