// Helpers for tests that drive process and namespace syscalls.
#pragma once

#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>

#include "model/kernel.h"
#include "model/process/pid_lookup.h"
#include "model/syscalls/ns.h"
#include "model/syscalls/process.h"

namespace lsmsim {

// Printers so BOOST_TEST can show these values.
inline std::ostream& operator<<(std::ostream& os, TaskState s) {
  return os << (s == TaskState::running ? "running" : s == TaskState::zombie ? "zombie" : "dead");
}
inline std::ostream& operator<<(std::ostream& os, const CapSet& c) { return os << capset_hex(c); }

}  // namespace lsmsim

namespace lsmsim::testing {

// fork() from `parent`; the child as a Task (the test fails if fork fails).
inline Task& spawn(Task& parent) {
  SysResult r = sys_fork(parent);
  BOOST_TEST_REQUIRE(r.ok(), "fork failed: " << describe(r));
  Task* child = find_task_by_vpid(parent, static_cast<Pid>(r.ret));
  BOOST_TEST_REQUIRE(child != nullptr);
  return *child;
}

// A child of init that dropped to uid/gid `id` (all of real, effective, saved): no caps.
inline Task& user_task(Kernel& k, Uid id) {
  Task& t = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_setresgid(t, id, id, id).ok());
  BOOST_TEST_REQUIRE(sys_setresuid(t, id, id, id).ok());
  return t;
}

// "0 <uid> 1" style single-line map text.
inline std::string one_line_map(Uid inside, Uid outside, Uid count = 1) {
  return std::to_string(inside) + " " + std::to_string(outside) + " " + std::to_string(count) +
         "\n";
}

}  // namespace lsmsim::testing
