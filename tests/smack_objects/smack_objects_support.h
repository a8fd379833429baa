// Helpers for the Smack object tests (on top of tests/smack/smack_support.h): tasks with a
// chosen label, uid and capabilities, rules through smackfs/load2, inodes by path.
#pragma once

#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <string>

#include "lsms/smack/smack_objects.h"
#include "model/vfs/namei.h"
#include "tests/smack/smack_support.h"  // smack_config, smack_of, smackfs I/O
#include "tests/support/task_helpers.h"

namespace lsmsim::testing {

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

inline CapSet caps(std::initializer_list<int> list) {
  CapSet c;
  for (int cap : list) c.raise(cap);
  return c;
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
  BOOST_TEST_REQUIRE(smk_write(k.init_task(), "load2",
                               subject + " " + object + " " + (access.empty() ? "-" : access)) ==
                     0);
}

// The inode at `path`, looked up by init.
inline Inode& inode_at(Kernel& k, const std::string& path) {
  PathStack st;
  Kernel::CurrentScope scope(k, k.init_task());
  BOOST_TEST_REQUIRE(path_lookup(k.init_task(), path, 0, st).ok());
  return *st.back().inode;
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
