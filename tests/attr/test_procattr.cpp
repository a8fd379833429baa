// /proc/PID/attr: which LSM answers which file, and proc_pid_attr_write's rules.
#include <fcntl.h>
#include <sched.h>

#include <boost/test/unit_test.hpp>

#include "tests/apparmor/apparmor_support.h"

#include "model/lsm/security.h"
#include "model/syscalls/exec.h"
#include "model/syscalls/process.h"
#include "tests/attr/attr_support.h"
#include "tests/support/kernel_fixture.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(procattr)

BOOST_AUTO_TEST_CASE(legacy_files_answered_by_the_first_registrant) {
  // Mainline: one major; its format. SELinux contexts end with a NUL.
  Kernel se(lsm_config("selinux"));
  BOOST_TEST(attr(se.init_task(), "/proc/self/attr/current") == kSelinuxKernel);
  Kernel aa(lsm_config("apparmor"));
  BOOST_TEST(attr(aa.init_task(), "/proc/self/attr/current") == "unconfined\n");
  Kernel sm(lsm_config("smack"));
  BOOST_TEST(attr(sm.init_task(), "/proc/self/attr/current") == "_");
  // Stacked without interface_lsm: the first LSM registering getprocattr answers, even with
  // an error (Smack has no "exec", and AppArmor's unset exec is EINVAL).
  Kernel st(lsm_config("smack,apparmor,selinux", true, false));
  Task& t = st.init_task();
  BOOST_TEST(attr(t, "/proc/self/attr/current") == "_");
  BOOST_TEST(attr(t, "/proc/self/attr/exec") == "<errno 22>");
  BOOST_TEST(attr(t, "/proc/self/attr/apparmor/current") == "unconfined\n");
  BOOST_TEST(read_file(t, "/proc/self/attr/interface_lsm").err == ENOENT);
}

BOOST_AUTO_TEST_CASE(per_lsm_directories) {
  Kernel k(lsm_config("selinux"));  // mainline: smack and apparmor lose to selinux
  Task& t = k.init_task();
  // The directories exist (compiled in); an inactive LSM leaves the hook default, EINVAL.
  BOOST_TEST(attr(t, "/proc/self/attr/smack/current") == "<errno 22>");
  BOOST_TEST(attr(t, "/proc/self/attr/apparmor/current") == "<errno 22>");
  BOOST_TEST(read_file(t, "/proc/self/attr/selinux/current").err == ENOENT);  // no such dir
  Kernel st(lsm_config("selinux,smack,apparmor", true));
  load(st, {ProfileBuilder("/bin/foo")});
  Task& s = st.init_task();
  BOOST_TEST(attr(s, "/proc/self/attr/smack/current") == "_");
  BOOST_TEST(attr(s, "/proc/self/attr/apparmor/current") == "unconfined\n");
  // apparmor_getprocattr: prev/exec unset fall to its "else" branch: EINVAL (the LSM
  // syscall says ENOENT instead, see test_lsm_modules).
  BOOST_TEST(attr(s, "/proc/self/attr/apparmor/prev") == "<errno 22>");
  BOOST_TEST(attr(s, "/proc/self/attr/apparmor/exec") == "<errno 22>");
  BOOST_TEST(write_file(s, "/proc/self/attr/apparmor/exec", "exec /bin/foo").ok());
  BOOST_TEST(attr(s, "/proc/self/attr/apparmor/exec") == "/bin/foo (enforce)\n");
  // Smack's directory has only current.
  BOOST_TEST(read_file(s, "/proc/self/attr/smack/exec").err == ENOENT);
}

BOOST_AUTO_TEST_CASE(write_rules_of_proc_pid_attr_write) {
  Kernel k(lsm_config("selinux"));
  Task& init = k.init_task();
  Task& other = spawn(init);
  const std::string initp = "/proc/" + std::to_string(init.pid) + "/attr/current";
  // Another process: the file was opened with a different mm -> EPERM.
  BOOST_TEST(write_err(other, initp, "system_u:system_r:init_t:s0") == EPERM);
  // A thread sharing the mm passes the opener check but is not the task -> EACCES.
  SysResult r = sys_clone(init, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD);
  BOOST_TEST_REQUIRE(r.ok());
  Task* thread = k.find_task(static_cast<Pid>(r.ret));
  BOOST_TEST_REQUIRE(thread != nullptr);
  BOOST_TEST(write_err(*thread, initp, "system_u:system_r:init_t:s0") == EACCES);
  // A file opened by one task and written by another (after fork, say): EPERM.
  SysResult fd = sys_open(init, "/proc/self/attr/fscreate", O_WRONLY);
  BOOST_TEST_REQUIRE(fd.ok());
  Task& child = spawn(init);  // inherits the fd table
  BOOST_TEST(sys_write(child, static_cast<int>(fd.ret), "system_u:object_r:tmp_t:s0").err == EPERM);
  // No partial writes: a second write on the same open file is past offset 0.
  BOOST_TEST(sys_write(init, static_cast<int>(fd.ret), "system_u:object_r:tmp_t:s0").ok());
  BOOST_TEST(sys_write(init, static_cast<int>(fd.ret), "system_u:object_r:tmp_t:s0").err == EINVAL);
  // Overridden credentials (cred != real_cred): EBUSY.
  Task& busy = spawn(init);
  int err = 0;
  auto over = k.prepare_creds(*busy.cred, err);
  busy.cred = over;
  BOOST_TEST(write_err(busy, "/proc/self/attr/fscreate", "system_u:object_r:tmp_t:s0") == EBUSY);
  // At most a page is passed on: the rest is cut, so a long valid prefix still works.
  const std::string ctx = "system_u:object_r:tmp_t:s0";
  SysResult big = write_file(init, "/proc/self/attr/fscreate", ctx + std::string(5000, '\0'));
  BOOST_TEST(big.ok());
  BOOST_TEST(big.ret == 4096);
  BOOST_TEST(attr(init, "/proc/self/attr/fscreate") == ctx + '\0');
}

BOOST_AUTO_TEST_CASE(reading_another_tasks_attributes) {
  // No ptrace check in proc_pid_attr_read; who may read is the LSM's business (policy).
  Kernel k(lsm_config("selinux,apparmor", true));
  load(k, {ProfileBuilder("/bin/x")});
  Task& init = k.init_task();
  Task& user = spawn(init);
  BOOST_TEST_REQUIRE(sys_setresuid(user, 1000, 1000, 1000).ok());
  const std::string p = "/proc/" + std::to_string(init.pid) + "/attr/";
  BOOST_TEST(attr(user, p + "current") == kSelinuxKernel);
  // AppArmor's prev/exec come from the *reader's* task context (task_ctx(current)).
  BOOST_TEST(write_file(init, "/proc/self/attr/apparmor/exec", "exec /bin/x").ok());
  BOOST_TEST(attr(user, p + "apparmor/exec") == "<errno 22>");
  const std::string up = "/proc/" + std::to_string(user.pid) + "/attr/apparmor/exec";
  BOOST_TEST(attr(init, up) == "/bin/x (enforce)\n");
}

BOOST_AUTO_TEST_CASE(exec_moves_current_to_prev) {
  Kernel k(lsm_config("selinux,apparmor", true));
  load(k, {ProfileBuilder("/usr/bin/id").file("/proc/**", aa::kMayRead)});
  Task& t = spawn(k.init_task());
  BOOST_TEST(write_file(t, "/proc/self/attr/exec", "system_u:system_r:app_t:s0").ok());
  BOOST_TEST(write_file(t, "/proc/self/attr/apparmor/exec", "exec /usr/bin/id").ok());
  BOOST_TEST_REQUIRE(sys_execve(t, "/usr/bin/id").ok());
  BOOST_TEST(attr(t, "/proc/self/attr/current") ==
             std::string("system_u:system_r:app_t:s0") + '\0');
  BOOST_TEST(attr(t, "/proc/self/attr/prev") == kSelinuxKernel);
  BOOST_TEST(attr(t, "/proc/self/attr/exec").empty());  // reset by exec
  BOOST_TEST(attr(t, "/proc/self/attr/apparmor/current") == "/usr/bin/id (enforce)\n");
  BOOST_TEST(attr(t, "/proc/self/attr/apparmor/exec") == "<errno 22>");
}

BOOST_AUTO_TEST_SUITE_END()
