// interface_lsm (the unmerged stacking series): /proc/self/attr/interface_lsm, its effect on
// the legacy files, fork, and who may change it.
#include <sched.h>

#include <boost/test/unit_test.hpp>

#include "tests/apparmor/apparmor_support.h"

#include "model/lsm/interface_lsm.h"
#include "model/lsm/lsm_uapi.h"
#include "model/syscalls/process.h"
#include "tests/attr/attr_support.h"
#include "tests/support/kernel_fixture.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(interface_lsm)

BOOST_AUTO_TEST_CASE(on_with_stacking_off_without) {
  Kernel plain(lsm_config("selinux"));
  BOOST_TEST(!plain.lsm().interface_lsm_enabled());
  BOOST_TEST(read_file(plain.init_task(), "/proc/self/attr/interface_lsm").err == ENOENT);
  Kernel st(lsm_config("selinux,smack,apparmor", true));
  BOOST_TEST(st.lsm().interface_lsm_enabled());
  // The series keeps the value in the first word of the task blob.
  BOOST_TEST(st.lsm().find("apparmor")->blob_offset(BlobKind::task) == kInterfaceLsmBlobSize);
  // Unset: the first LSM with attribute hooks is shown.
  BOOST_TEST(attr(st.init_task(), "/proc/self/attr/interface_lsm") == "selinux");
}

BOOST_AUTO_TEST_CASE(it_selects_the_lsm_behind_the_legacy_files) {
  Kernel k(lsm_config("selinux,smack,apparmor", true));
  load(k, {ProfileBuilder("/bin/daemon").file("/proc/**", aa::kMayRead | aa::kMayWrite)});
  Task& t = k.init_task();
  BOOST_TEST(attr(t, "/proc/self/attr/current") == kSelinuxKernel);
  BOOST_TEST(write_file(t, "/proc/self/attr/interface_lsm", "apparmor").ok());
  BOOST_TEST(attr(t, "/proc/self/attr/interface_lsm") == "apparmor");
  BOOST_TEST(attr(t, "/proc/self/attr/current") == "unconfined\n");
  // Writes go there too: an AppArmor command through the legacy file.
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "changeprofile /bin/daemon").ok());
  BOOST_TEST(attr(t, "/proc/self/attr/current") == "/bin/daemon (enforce)\n");
  BOOST_TEST(attr(t, "/proc/self/attr/apparmor/current") == "/bin/daemon (enforce)\n");
  // "smack\n" as `echo` writes it: the name ends at the newline.
  BOOST_TEST(write_file(t, "/proc/self/attr/interface_lsm", "smack\n").ok());
  BOOST_TEST(attr(t, "/proc/self/attr/current") == "_");
  // An attribute the interface LSM does not have is its answer, not someone else's.
  BOOST_TEST(attr(t, "/proc/self/attr/exec") == "<errno 22>");
}

BOOST_AUTO_TEST_CASE(copied_on_fork_and_per_task) {
  Kernel k(lsm_config("selinux,apparmor", true));
  Task& parent = k.init_task();
  BOOST_TEST(write_file(parent, "/proc/self/attr/interface_lsm", "apparmor").ok());
  Task& child = spawn(parent);
  BOOST_TEST(lsm_task_ilsm(k.lsm(), child) == LSM_ID_APPARMOR);
  BOOST_TEST(attr(child, "/proc/self/attr/current") == "unconfined\n");
  BOOST_TEST(write_file(child, "/proc/self/attr/interface_lsm", "selinux").ok());
  BOOST_TEST(attr(child, "/proc/self/attr/current") == kSelinuxKernel);
  BOOST_TEST(attr(parent, "/proc/self/attr/current") == "unconfined\n");
}

BOOST_AUTO_TEST_CASE(own_task_only) {
  Kernel k(lsm_config("selinux,apparmor", true));
  Task& init = k.init_task();
  Task& other = spawn(init);
  const std::string p = "/proc/" + std::to_string(other.pid) + "/attr/interface_lsm";
  BOOST_TEST(read_file(init, p).err == EINVAL);              // "too few reasons to get another's"
  BOOST_TEST(write_file(init, p, "apparmor").err == EPERM);  // opener check (another mm)
  SysResult r = sys_clone(other, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD);
  BOOST_TEST_REQUIRE(r.ok());
  Task* thread = k.find_task(static_cast<Pid>(r.ret));
  BOOST_TEST_REQUIRE(thread != nullptr);
  BOOST_TEST(write_file(*thread, p, "apparmor").err == EACCES);  // same mm, other task
  BOOST_TEST(lsm_task_ilsm(k.lsm(), other) == LSM_ID_UNDEF);
}

BOOST_AUTO_TEST_CASE(value_must_name_an_active_lsm_with_attribute_hooks) {
  Kernel k(lsm_config("selinux,apparmor", true));
  Task& t = k.init_task();
  BOOST_TEST(write_err(t, "/proc/self/attr/interface_lsm", "smack") == EINVAL);       // not active
  BOOST_TEST(write_err(t, "/proc/self/attr/interface_lsm", "capability") == EINVAL);  // no hooks
  BOOST_TEST(write_err(t, "/proc/self/attr/interface_lsm", "bogus") == EINVAL);
  BOOST_TEST(write_err(t, "/proc/self/attr/interface_lsm", "") == EINVAL);
  BOOST_TEST(write_err(t, "/proc/self/attr/interface_lsm", " apparmor") == EINVAL);
  BOOST_TEST(attr(t, "/proc/self/attr/interface_lsm") == "selinux");
}

BOOST_AUTO_TEST_CASE(every_lsm_may_veto) {
  ProbeSpec veto = probe("veto", {{Hook::setprocattr, -EPERM}});
  KernelConfig c = config_with({veto});
  c.lsm.lsm = "selinux,apparmor,veto";
  c.lsm.stacking = true;
  Kernel k(c);
  Task& t = k.init_task();
  SysResult r = write_file(t, "/proc/self/attr/interface_lsm", "apparmor");
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "veto");
  BOOST_TEST(attr(t, "/proc/self/attr/interface_lsm") == "selinux");
}

BOOST_AUTO_TEST_CASE(can_be_forced_on_or_off) {
  Kernel off(lsm_config("selinux,apparmor", true, false));
  BOOST_TEST(read_file(off.init_task(), "/proc/self/attr/interface_lsm").err == ENOENT);
  Kernel on(lsm_config("apparmor", false, true));
  BOOST_TEST(attr(on.init_task(), "/proc/self/attr/interface_lsm") == "apparmor");
}

BOOST_AUTO_TEST_SUITE_END()
