// SELinux, AppArmor and Smack as modules: descriptors, ordering, labels and their syntax,
// and each module's own attribute rules (errno values as in the kernel).
#include <boost/test/unit_test.hpp>

#include "tests/apparmor/apparmor_support.h"

#include "lsms/apparmor/apparmor.h"
#include "lsms/apparmor/apparmor_label.h"
#include "lsms/selinux/selinux.h"
#include "lsms/selinux/selinux_context.h"
#include "lsms/smack/smack.h"
#include "lsms/smack/smack_label.h"
#include "model/lsm/lsm_uapi.h"
#include "model/lsm/security.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/process.h"
#include "model/user_memory.h"
#include "tests/attr/attr_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(lsm_modules)

BOOST_AUTO_TEST_CASE(descriptors_as_in_v6_12) {
  for (const LsmDescriptor& d : {selinux_descriptor(), smack_descriptor(), apparmor_descriptor()})
    BOOST_TEST(d.flags == (LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE));
  BOOST_TEST(selinux_descriptor().id == LSM_ID_SELINUX);
  BOOST_TEST(smack_descriptor().id == LSM_ID_SMACK);
  BOOST_TEST(apparmor_descriptor().id == LSM_ID_APPARMOR);
  std::string names;
  for (const LsmDescriptor& d : builtin_lsm_catalog()) names += d.name + ",";
  BOOST_TEST(names == "capability,selinux,smack,apparmor,");
}

BOOST_AUTO_TEST_CASE(first_exclusive_wins_unless_stacking) {
  Kernel k(lsm_config("apparmor,selinux,smack"));
  BOOST_TEST(k.lsm().lsm_list() == "capability,apparmor");
  Kernel d;  // CONFIG_LSM's default order: selinux comes before smack and apparmor
  BOOST_TEST(d.lsm().lsm_list() == "capability,selinux");
  Kernel s(lsm_config("apparmor,selinux,smack", true));
  BOOST_TEST(s.lsm().lsm_list() == "capability,apparmor,selinux,smack");
}

BOOST_AUTO_TEST_CASE(selinux_context_syntax) {
  BOOST_TEST(selinux_context_valid("system_u:system_r:kernel_t:s0"));
  BOOST_TEST(selinux_context_valid("u:r:t"));
  BOOST_TEST(selinux_context_valid("staff_u:staff_r:staff_t:s0-s0:c0.c1023"));
  BOOST_TEST(selinux_context_valid("system_u:object_r:container_file_t:s0:c1,c2"));
  BOOST_TEST(!selinux_context_valid(""));
  BOOST_TEST(!selinux_context_valid("u:r"));
  BOOST_TEST(!selinux_context_valid("u::t"));
  BOOST_TEST(!selinux_context_valid("u:r:t:"));
  BOOST_TEST(!selinux_context_valid("u:r:t:x0"));
  BOOST_TEST(!selinux_context_valid("u r:r:t"));
}

BOOST_AUTO_TEST_CASE(selinux_attributes) {
  Kernel k(lsm_config("selinux"));
  Task& t = k.init_task();
  BOOST_TEST(write_err(t, "/proc/self/attr/current", "nonsense") == EINVAL);
  BOOST_TEST(write_err(t, "/proc/self/attr/current", "\n") == EINVAL);  // cannot clear current
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "system_u:system_r:init_t:s0\n").ok());
  BOOST_TEST(attr(t, "/proc/self/attr/current") ==
             std::string("system_u:system_r:init_t:s0") + '\0');
  // Unset one-shot attributes read as empty; a write sets, an empty write clears.
  BOOST_TEST(attr(t, "/proc/self/attr/sockcreate").empty());
  BOOST_TEST(write_file(t, "/proc/self/attr/sockcreate", "system_u:system_r:sock_t:s0").ok());
  BOOST_TEST(attr(t, "/proc/self/attr/sockcreate") ==
             std::string("system_u:system_r:sock_t:s0") + '\0');
  BOOST_TEST(write_file(t, "/proc/self/attr/sockcreate", "").ok());
  BOOST_TEST(attr(t, "/proc/self/attr/sockcreate").empty());
  // prev is not settable: selinux_lsm_setattr's default, -EOPNOTSUPP (root may open 0444).
  BOOST_TEST(write_err(t, "/proc/self/attr/prev", "u:r:t") == EOPNOTSUPP);
  // Names outside the legacy set: -EINVAL.
  Kernel::CurrentScope scope(k, t);
  std::string v;
  BOOST_TEST(security_getprocattr(k.lsm(), t, LSM_ID_SELINUX, "context", v) == -EINVAL);
  BOOST_TEST(security_setprocattr(k.lsm(), LSM_ID_SELINUX, "context", "u:r:t") == -EINVAL);
}

BOOST_AUTO_TEST_CASE(apparmor_commands) {
  AaCommand c;
  BOOST_TEST(!aa_parse_command("changeprofile", c));
  BOOST_TEST(!aa_parse_command("changeprofile   ", c));
  BOOST_TEST(aa_parse_command("  changeprofile   /bin/x \n", c));
  BOOST_TEST(c.command == "changeprofile");
  BOOST_TEST(c.args == "/bin/x");
  AaChangeHat h;
  BOOST_TEST(!aa_parse_changehat("1234hat", h));
  BOOST_TEST(aa_parse_changehat(std::string_view("0x1f^a\0b", 8), h));
  BOOST_TEST(h.token == 31u);
  BOOST_TEST(h.hats.size() == 2u);
  BOOST_TEST(aa_label_name_valid(":ns://p//&q"));
  BOOST_TEST(!aa_label_name_valid("a b"));
  BOOST_TEST(!aa_label_name_valid("::p"));
  BOOST_TEST(!aa_label_name_valid("a//&"));
}

BOOST_AUTO_TEST_CASE(apparmor_attributes) {
  Kernel k(lsm_config("apparmor"));
  // Profiles exist now (issue 5): /bin/x with a hat, allowed to stack y; both may read /proc.
  load(k, {ProfileBuilder("/bin/x")
               .file("/proc/**", aa::kMayRead | aa::kMayWrite)
               .change_profile("y", true)
               .child(ProfileBuilder("sub").hat().file("/proc/**", aa::kMayRead | aa::kMayWrite)),
           ProfileBuilder("y").file("/proc/**", aa::kMayRead | aa::kMayWrite)});
  Task& t = spawn(k.init_task());
  const std::string cur = "/proc/self/attr/current";
  BOOST_TEST(write_err(t, cur, "changehat 12^hat") == EPERM);  // unconfined has no hats
  BOOST_TEST(write_err(t, cur, "changeprofile") == EINVAL);
  BOOST_TEST(write_err(t, cur, "exec /bin/x") == EINVAL);  // exec belongs to attr/exec
  BOOST_TEST(write_err(t, cur, "bogus /bin/x") == EINVAL);
  BOOST_TEST(write_err(t, "/proc/self/attr/fscreate", "changeprofile x") == EINVAL);
  BOOST_TEST(write_file(t, cur, "permprofile /bin/x").ok());  // test only
  BOOST_TEST(attr(t, cur) == "unconfined\n");
  BOOST_TEST(write_file(t, cur, "changeprofile /bin/x").ok());
  BOOST_TEST(attr(t, cur) == "/bin/x (enforce)\n");
  BOOST_TEST(write_file(t, cur, "changehat 12^sub").ok());
  BOOST_TEST(attr(t, cur) == "/bin/x//sub (enforce)\n");
  BOOST_TEST(attr(t, "/proc/self/attr/prev") == "/bin/x (enforce)\n");
  // A wrong token kills the task (aa_change_hat: failed token match); a fork in the hat
  // shows it, since a task that has exited cannot go on writing.
  Task& guesser = spawn(t);
  BOOST_TEST(write_err(guesser, cur, "changehat 13^") == EACCES);  // wrong token
  BOOST_TEST(guesser.state == TaskState::zombie);
  BOOST_TEST(write_file(t, cur, "changehat 12^").ok());  // back out of the hat
  BOOST_TEST(attr(t, cur) == "/bin/x (enforce)\n");
  BOOST_TEST(attr(t, "/proc/self/attr/prev") == "<errno 22>");
  BOOST_TEST(write_file(t, cur, "stack y").ok());
  BOOST_TEST(attr(t, cur) == "/bin/x//&y (enforce)\n");
  // The LSM syscall side: prev unset is -ENOENT and aborts the call.
  Kernel::CurrentScope scope(k, t);
  UserWord size(0);
  UserBuffer null;
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_PREV, null, &size, 0) == -ENOENT);
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_FSCREATE, null, &size, 0) == -EOPNOTSUPP);
}

BOOST_AUTO_TEST_CASE(smack_label_syntax) {
  std::string l;
  BOOST_TEST(smk_parse_smack("label\n", l));
  BOOST_TEST(l == "label");
  BOOST_TEST(smk_parse_smack("a b", l));  // stops at the space
  BOOST_TEST(l == "a");
  BOOST_TEST(!smk_parse_smack("-x", l));
  BOOST_TEST(!smk_parse_smack(" x", l));
  BOOST_TEST(!smk_parse_smack("/x", l));
  BOOST_TEST(!smk_parse_smack(std::string(256, 'a'), l));
  BOOST_TEST(smk_parse_smack(std::string(255, 'a'), l));
}

BOOST_AUTO_TEST_CASE(smack_attributes) {
  Kernel k(lsm_config("smack"));
  Task& root = spawn(k.init_task());
  const std::string cur = "/proc/self/attr/current";
  BOOST_TEST(write_err(root, cur, "-bad") == EINVAL);
  BOOST_TEST(write_err(root, cur, "") == EINVAL);
  BOOST_TEST(write_err(root, cur, std::string(256, 'a')) == EINVAL);
  // EPERM since the 2025 stable fix "smack: do not import label on failed relabel" (the real
  // 6.1.176 kernel answers so; v6.12.0 said EINVAL).
  BOOST_TEST(write_err(root, cur, "@") == EPERM);
  BOOST_TEST(write_err(root, cur, "*") == EPERM);
  BOOST_TEST(write_err(root, "/proc/self/attr/exec", "x") == EOPNOTSUPP);
  BOOST_TEST(write_file(root, cur, "Web Server").ok());  // the label ends at the space
  BOOST_TEST(attr(root, cur) == "Web");
  BOOST_TEST(attr(root, "/proc/self/attr/smack/current") == "Web");
  // Without CAP_MAC_ADMIN (in the initial user namespace): -EPERM, before any syntax check.
  Task& user = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_setresuid(user, 1000, 1000, 1000).ok());
  BOOST_TEST(write_err(user, cur, "Other") == EPERM);
  BOOST_TEST(write_err(user, cur, "-bad") == EPERM);
  BOOST_TEST(attr(user, cur) == "_");  // inherited from the boot task
}

BOOST_AUTO_TEST_SUITE_END()
