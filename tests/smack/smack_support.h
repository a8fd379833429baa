// Helpers for the Smack tests: a kernel booted with lsm=smack (smackfs mounted on
// /sys/fs/smackfs, as systemd does), smackfs I/O, and labelled tasks.
#pragma once

#include <fcntl.h>

#include <boost/test/unit_test.hpp>

#include <string>

#include "lsms/smack/smack.h"
#include "lsms/smack/smack_access.h"
#include "lsms/smack/smack_lsm.h"
#include "model/kernel.h"
#include "model/syscalls/fs.h"
#include "tests/support/task_factory.h"

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

inline std::string smackfs(const std::string& file) {
  return "/sys/fs/smackfs/" + file;
}

// One write of `data` to a smackfs file; 0 or the errno.
inline int smk_write(Task& t, const std::string& file, const std::string& data) {
  return write_file(t, smackfs(file), data).err;
}

inline std::string smk_read(Task& t, const std::string& file) {
  SysResult r = read_file(t, smackfs(file));
  return r.ok() ? r.data : "<errno " + std::to_string(r.err) + ">";
}

// access2 as smackaccess uses it: write the rule, read the answer back on the same fd.
inline std::string access2(Task& t, const std::string& rule, const std::string& file = "access2") {
  SysResult o = sys_open(t, smackfs(file), O_RDWR);
  BOOST_TEST_REQUIRE(o.ok());
  const int fd = static_cast<int>(o.ret);
  SysResult w = sys_write(t, fd, rule);
  std::string out;
  if (!w.ok()) {
    out = "<errno " + std::to_string(w.err) + ">";
  } else {
    SysResult r = sys_read(t, fd, 64);
    out = r.ok() ? r.data : "<errno " + std::to_string(r.err) + ">";
  }
  sys_close(t, fd);
  return out;
}

// The access2 answer "1"/"0" (with the kernel's NUL stripped).
inline std::string ask(Task& t, const std::string& rule) {
  std::string a = access2(t, rule);
  if (!a.empty() && a.back() == '\0') a.pop_back();
  return a;
}

// A child of init (uid 0, full capabilities) that set its own label to `label`.
inline Task& labelled_task(Kernel& k, const std::string& label) {
  Task& t = spawn(k, k.init_task());
  BOOST_TEST_REQUIRE(write_file(t, "/proc/self/attr/current", label).ok());
  return t;
}

// smk_tskacc() for `t`'s cred with `t` as the current task (the override is current's).
inline int tskacc_as(Kernel& k, Task& t, std::uint32_t object, int mode,
                     const SmackAuditInfo* a = nullptr) {
  Kernel::CurrentScope scope(k, t);
  return smk_tskacc(smack_of(k), *t.cred, object, mode, a);
}

// `t` without any capability.
inline void drop_caps(Kernel& k, Task& t) {
  int err = 0;
  auto c = k.prepare_creds(*t.cred, err);
  c->cap_permitted = c->cap_effective = CapSet();
  k.commit_creds(t, c);
}

}  // namespace lsmsim::testing
