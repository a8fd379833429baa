// Helpers for the Smack object tests: a kernel booted with lsm=smack, tasks with a chosen
// label and capabilities, rules set on the module, the record of the last denial.
#pragma once

#include <boost/test/unit_test.hpp>

#include <string>

#include "lsms/smack/smack_access.h"
#include "lsms/smack/smack_lsm.h"
#include "lsms/smack/smack_objects.h"
#include "model/kernel.h"
#include "model/syscalls/fs.h"
#include "tests/support/task_helpers.h"

namespace lsmsim::testing {

inline KernelConfig smack_config() {
  KernelConfig c;
  c.lsm.lsm = "smack";
  return c;
}

inline SmackLsm& smack_of(Kernel& k) {
  SmackLsm* me = smack_lsm(k);
  BOOST_TEST_REQUIRE(me != nullptr);
  return *me;
}

// The task's label through /proc/self/attr/current, as a user sees it.
inline std::string label_of(Task& t) {
  SysResult r = read_file(t, "/proc/self/attr/current");
  return r.ok() ? r.data : "<errno " + std::to_string(r.err) + ">";
}

// Gives `t` the label (a new cred, as relabelling through attr/current would).
inline void set_label(Kernel& k, Task& t, const std::string& label) {
  SmackLsm& me = smack_of(k);
  int err = 0;
  auto c = k.prepare_creds(*t.cred, err);
  BOOST_TEST_REQUIRE(c != nullptr);
  me.tsp(*c).smk_task = me.known.intern(label);
  k.commit_creds(t, c);
}

// Replaces the effective (and permitted) capabilities of `t`.
inline void set_caps(Kernel& k, Task& t, CapSet caps) {
  int err = 0;
  auto c = k.prepare_creds(*t.cred, err);
  BOOST_TEST_REQUIRE(c != nullptr);
  c->cap_effective = c->cap_permitted = caps;
  k.commit_creds(t, c);
}

// A forked child of init with uid/gid `uid` (no capabilities unless uid 0) and `label`.
inline Task& labelled(Kernel& k, const std::string& label, Uid uid = 1000) {
  Task& t = uid == 0 ? spawn(k.init_task()) : user_task(k, uid);
  set_label(k, t, label);
  return t;
}

// A global rule "subject object access" (load2 letters), written to smackfs/load2 by init.
inline void rule(Kernel& k, const std::string& subject, const std::string& object,
                 const std::string& access) {
  SysResult r = write_file(k.init_task(), "/sys/fs/smackfs/load2",
                           subject + " " + object + " " + (access.empty() ? "-" : access));
  BOOST_TEST_REQUIRE(r.ok(), describe(r));
}

inline std::string xattr(Task& t, const std::string& path, const std::string& name) {
  SysResult r = sys_getxattr(t, path, name);
  return r.ok() ? r.data : "<errno " + std::to_string(r.err) + ">";
}

inline std::string reason(const SysResult& r) {
  return r.denial ? r.denial->reason : std::string("<no denial>");
}

inline std::string pid_comm(const Task& t) {
  return " pid=" + std::to_string(t.pid) + " comm=\"" + t.comm + "\"";
}

}  // namespace lsmsim::testing
