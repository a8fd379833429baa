// execve(): permission and format errors, setuid, nosuid/no_new_privs, hook order.
#include <sys/mount.h>

#include <boost/test/unit_test.hpp>

#include "model/syscalls/exec.h"
#include "model/syscalls/fs.h"
#include "tests/support/kernel_fixture.h"
#include "tests/support/task_factory.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(exec_path)

BOOST_AUTO_TEST_CASE(errors) {
  Kernel k;
  Task& init = k.init_task();
  Task& user = spawn(k, init, 1000, 1000);
  BOOST_TEST(sys_execve(user, "/usr/bin/nothing").err == ENOENT);
  BOOST_TEST(sys_execve(user, "/usr/bin").err == EACCES);      // a directory
  BOOST_TEST(sys_execve(user, "/etc/passwd").err == EACCES);   // no x bit
  BOOST_TEST(sys_execve(init, "/etc/passwd").err == EACCES);   // not even for root
  BOOST_TEST_REQUIRE(write_file(init, "/tmp/data", "plain text").ok());
  BOOST_TEST_REQUIRE(sys_chmod(init, "/tmp/data", 0755).ok());
  BOOST_TEST(sys_execve(init, "/tmp/data").err == ENOEXEC);
  // /proc is mounted noexec.
  BOOST_TEST(sys_execve(init, "/proc/self/status").err == EACCES);
}

BOOST_AUTO_TEST_CASE(comm_and_exe) {
  Kernel k;
  Task& t = spawn(k, k.init_task(), 1000, 1000);
  BOOST_TEST_REQUIRE(sys_symlink(t, "/usr/bin/id", "/tmp/a-very-long-name-for-id").ok());
  BOOST_TEST_REQUIRE(sys_execve(t, "/tmp/a-very-long-name-for-id").ok());
  BOOST_TEST(t.comm == "a-very-long-nam");
  BOOST_TEST(t.exe == "/usr/bin/id");
  BOOST_TEST(sys_execve(t, "/usr/bin/hello.sh").ok());  // "#!" scripts are a known format
}

BOOST_AUTO_TEST_CASE(setuid_root_binary) {
  Kernel k;
  Task& user = spawn(k, k.init_task(), 1000, 1000);
  BOOST_TEST_REQUIRE(sys_execve(user, "/usr/bin/passwd").ok());
  BOOST_TEST(user.cred->uid == 1000u);
  BOOST_TEST(user.cred->euid == 0u);
  BOOST_TEST(user.cred->suid == 0u);
  BOOST_TEST(user.cred->cap_effective.has(CAP_DAC_OVERRIDE));  // commoncap: euid 0 gains caps
  BOOST_TEST(read_file(user, "/etc/shadow").ok());
}

BOOST_AUTO_TEST_CASE(no_new_privs_and_nosuid_ignore_setuid) {
  Kernel k;
  Task& init = k.init_task();
  Task& nnp = spawn(k, init, 1000, 1000);
  int err = 0;
  auto c = k.prepare_creds(*nnp.cred, err);
  c->no_new_privs = true;
  k.commit_creds(nnp, c);
  BOOST_TEST_REQUIRE(sys_execve(nnp, "/usr/bin/passwd").ok());
  BOOST_TEST(nnp.cred->euid == 1000u);
  // A setuid copy on a nosuid mount (/tmp) runs with the caller's ids.
  BOOST_TEST_REQUIRE(write_file(init, "/tmp/suid", "\x7f" "ELF x").ok());
  BOOST_TEST_REQUIRE(sys_chmod(init, "/tmp/suid", 04755).ok());
  Task& user = spawn(k, init, 1000, 1000);
  BOOST_TEST_REQUIRE(sys_execve(user, "/tmp/suid").ok());
  BOOST_TEST(user.cred->euid == 1000u);
  BOOST_TEST_REQUIRE(sys_mount(init, "/tmp", "/tmp", "", MS_BIND | MS_REMOUNT).ok());  // drop nosuid
  Task& user2 = spawn(k, init, 1000, 1000);
  BOOST_TEST_REQUIRE(sys_execve(user2, "/tmp/suid").ok());
  BOOST_TEST(user2.cred->euid == 0u);
}

BOOST_AUTO_TEST_CASE(hooks_run_in_kernel_order) {
  Kernel k(config_with({probe("trace", {{Hook::bprm_creds_for_exec, 0},
                                        {Hook::bprm_creds_from_file, 0},
                                        {Hook::bprm_check_security, 0},
                                        {Hook::bprm_committing_creds, 0},
                                        {Hook::bprm_committed_creds, 0},
                                        {Hook::file_open, 0}})}));
  Task& t = k.init_task();
  k.lsm().set_tracing(true);
  BOOST_TEST_REQUIRE(sys_execve(t, "/bin/sh").ok());
  std::vector<std::string> seen;
  const auto probe_index = k.lsm().find("trace")->index();
  for (const HookTraceEvent& e : k.lsm().trace())
    if (e.lsm == probe_index) seen.emplace_back(hook_name(e.hook));
  const std::vector<std::string> want{"file_open", "bprm_creds_for_exec", "bprm_check_security",
                                      "bprm_creds_from_file", "bprm_committing_creds",
                                      "bprm_committed_creds"};
  BOOST_TEST(seen == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bprm_check_denial_stops_exec) {
  Kernel k(config_with({probe("noexec", {{Hook::bprm_check_security, -EACCES}})}));
  Task& t = spawn(k, k.init_task(), 1000, 1000);
  const std::string comm = t.comm;
  SysResult r = sys_execve(t, "/usr/bin/passwd");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(r.denial->by == "noexec");
  BOOST_TEST(r.denial->hook == "bprm_check_security");
  BOOST_TEST(t.comm == comm);
  BOOST_TEST(t.cred->euid == 1000u);
}

BOOST_AUTO_TEST_SUITE_END()
