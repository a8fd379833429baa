// smackfs files (security/smack/smackfs.c, v6.12): modes, formats, privilege and errors.
#include <boost/test/unit_test.hpp>

#include "model/vfs/inode.h"
#include "tests/smack/smack_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(smackfs_files)

BOOST_AUTO_TEST_CASE(files_have_the_kernels_modes) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  const std::pair<const char*, unsigned> files[] = {
      {"load", 0644},           {"doi", 0644},         {"direct", 0644},     {"ambient", 0644},
      {"onlycap", 0644},        {"logging", 0644},     {"load-self", 0666},  {"access", 0666},
      {"mapped", 0644},         {"load2", 0644},       {"load-self2", 0666}, {"access2", 0666},
      {"revoke-subject", 0644}, {"change-rule", 0644}, {"syslog", 0644},     {"ptrace", 0644},
      {"relabel-self", 0666},
  };
  for (const auto& [name, mode] : files) {
    StatBuf st;
    BOOST_TEST_REQUIRE(sys_stat(init, smackfs(name), st).ok(), name);
    BOOST_TEST((st.mode & 07777) == mode, name);
  }
  // One instance: a second mount shows the same rules.
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "A B r") == 0);
  BOOST_TEST_REQUIRE(sys_mount(init, "smackfs", "/mnt", "smackfs", 0).ok());
  BOOST_TEST(read_file(init, "/mnt/load2").data == "A B r\n");
}

BOOST_AUTO_TEST_CASE(global_files_need_cap_mac_admin) {
  Kernel k(smack_config());
  // uid 1000: DAC refuses the 0644 files; the 0666 relabel-self is smackfs's to refuse.
  Task& u = spawn(k, k.init_task(), 1000, 1000);
  BOOST_TEST(smk_write(u, "load2", "A B r") == EACCES);
  BOOST_TEST(smk_write(u, "relabel-self", "A") == EPERM);
  // uid 0 without capabilities: smackfs itself refuses every global file.
  Task& r0 = spawn(k, k.init_task());
  drop_caps(k, r0);
  for (const char* f : {"load2", "load", "change-rule", "revoke-subject", "onlycap", "ambient",
                        "syslog", "logging", "ptrace", "doi", "direct", "mapped", "relabel-self"})
    BOOST_TEST(smk_write(r0, f, "A B r w") == EPERM, f);
  SysResult w = write_file(r0, smackfs("load2"), "A B r");
  BOOST_TEST_REQUIRE(w.denial.has_value());
  BOOST_TEST(w.denial->by == "smack");
  // load-self2 and access2 need none.
  BOOST_TEST(smk_write(r0, "load-self2", "A B r") == 0);
  BOOST_TEST(ask(r0, "A B r") == "0");
}

BOOST_AUTO_TEST_CASE(onlycap_limits_privilege_to_listed_labels) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  Task& admin = labelled_task(k, "Admin");
  BOOST_TEST(smk_read(init, "onlycap").empty());
  BOOST_TEST_REQUIRE(smk_write(admin, "onlycap", "Admin Backup") == 0);
  BOOST_TEST(smk_read(init, "onlycap") == "Backup Admin ");  // each added at the head
  // The floor-labelled init task has CAP_MAC_ADMIN but is not listed.
  BOOST_TEST(smk_write(init, "load2", "A B r") == EPERM);
  BOOST_TEST(smk_write(admin, "load2", "A B r") == 0);
  BOOST_TEST(smack_load_rules(k, "C D r") == EPERM);
  BOOST_TEST(smack_load_rules(k, "C D r", &admin) == 0);
  // An invalid first label clears the list, but only a listed label may write it (a real
  // 6.1.176 kernel refuses the unlisted boot task's "-" too).
  BOOST_TEST(smk_write(init, "onlycap", "-") == EPERM);
  BOOST_TEST(smk_write(admin, "onlycap", "-") == 0);
  BOOST_TEST(smk_read(init, "onlycap").empty());
  BOOST_TEST(smk_write(init, "load2", "E F r") == 0);
  // An invalid label after a valid one is an error and changes nothing.
  BOOST_TEST(smk_write(init, "onlycap", "Admin -x") == EINVAL);
  BOOST_TEST(smk_read(init, "onlycap").empty());
  std::string many = "_";
  while (many.size() <= 4096) many += " A";
  BOOST_TEST(smk_write(init, "onlycap", many) == EINVAL);  // more than a page (real 6.1.176)
  BOOST_TEST(smack_set_onlycap(k, {"Admin"}) == 0);
  BOOST_TEST(smk_read(admin, "onlycap") == "Admin ");
  BOOST_TEST(smack_set_onlycap(k, {"Admin"}) == EPERM);  // init is not Admin any more
}

BOOST_AUTO_TEST_CASE(relabel_self_allows_one_change_without_privilege) {
  Kernel k(smack_config());
  Task& t = spawn(k, k.init_task());
  BOOST_TEST_REQUIRE(smk_write(t, "relabel-self", "Beta Gamma") == 0);
  BOOST_TEST(smk_read(t, "relabel-self") == "Gamma Beta ");
  // A cred copy (fork) lists it reversed (smk_copy_relabel adds at the head).
  BOOST_TEST(smk_read(spawn(k, t), "relabel-self") == "Beta Gamma ");
  BOOST_TEST(smk_read(k.init_task(), "relabel-self").empty());  // per task
  drop_caps(k, t);
  BOOST_TEST(smk_write(t, "relabel-self", "Delta") == EPERM);
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "Delta").err == EPERM);  // not listed
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "Beta").ok());
  BOOST_TEST(read_file(t, "/proc/self/attr/current").data == "Beta");
  // The list is used up.
  BOOST_TEST(smk_read(t, "relabel-self").empty());
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "Gamma").err == EPERM);
  // "@" and "*" are never task labels (EPERM, as the real 6.1.176 kernel answers).
  Task& p = spawn(k, k.init_task());
  BOOST_TEST(write_file(p, "/proc/self/attr/current", "*").err == EPERM);
  BOOST_TEST(write_file(p, "/proc/self/attr/current", "@").err == EPERM);
  // A label the relabel-self list refuses is not imported (access2 does not know it).
  BOOST_TEST(smk_write(p, "relabel-self", "Good") == 0);
  drop_caps(k, p);
  BOOST_TEST(write_file(p, "/proc/self/attr/current", "NotListed").err == EPERM);
  BOOST_TEST(smack_lsm(k)->known.lookup("NotListed") == 0u);
  BOOST_TEST(write_file(p, "/proc/self/attr/current", "Good\n").ok());  // the label ends at \n
  BOOST_TEST(read_file(p, "/proc/self/attr/current").data == "Good");
}

BOOST_AUTO_TEST_CASE(per_task_rules_only_take_access_away) {
  Kernel k(smack_config());
  SmackLsm& me = smack_of(k);
  BOOST_TEST_REQUIRE(smack_load_rules(k, "Alpha Beta rw\nAlpha Gamma r\n") == 0);
  Task& t = labelled_task(k, "Alpha");
  drop_caps(k, t);
  const std::uint32_t beta = me.known.lookup("Beta"), gamma = me.known.lookup("Gamma");
  const std::uint32_t delta = me.known.intern("Delta");
  BOOST_TEST(smk_tskacc(me, *t.cred, beta, MAY_WRITE, nullptr) == 0);
  BOOST_TEST_REQUIRE(smk_write(t, "load-self2", "Alpha Beta r\nAlpha Delta rwx\n") == 0);
  BOOST_TEST(smk_read(t, "load-self2") == "Alpha Delta rwx\nAlpha Beta r\n");
  BOOST_TEST(smk_read(k.init_task(), "load-self2").empty());
  BOOST_TEST(smk_tskacc(me, *t.cred, beta, MAY_READ, nullptr) == 0);
  BOOST_TEST(smk_tskacc(me, *t.cred, beta, MAY_WRITE, nullptr) == -EACCES);
  BOOST_TEST(smk_tskacc(me, *t.cred, delta, MAY_READ, nullptr) == -EACCES);  // cannot add
  BOOST_TEST(smk_tskacc(me, *t.cred, gamma, MAY_READ, nullptr) == 0);        // no own rule
  // Global decisions (access2, load2) do not see them.
  BOOST_TEST(ask(t, "Alpha Beta w") == "1");
  // Children inherit them (smk_copy_rules in cred_prepare), listed in reverse: the copy adds
  // each rule at the head.
  Task& child = spawn(k, t);
  BOOST_TEST(smk_tskacc(me, *child.cred, beta, MAY_WRITE, nullptr) == -EACCES);
  BOOST_TEST(smk_read(child, "load-self2") == "Alpha Beta r\nAlpha Delta rwx\n");
  BOOST_TEST(smk_read(t, "load-self2") == "Alpha Delta rwx\nAlpha Beta r\n");
  // load-self: the legacy fixed format into the same list.
  char line[64];
  std::snprintf(line, sizeof line, "%-23s %-23s %5.5s", "Alpha", "Gamma", "-----");
  BOOST_TEST(smk_write(t, "load-self", line) == 0);
  BOOST_TEST(smk_tskacc(me, *t.cred, gamma, MAY_READ, nullptr) == -EACCES);
  // They restrict the built-in checks too: without x on the floor a task cannot even walk
  // through "/" (a real 6.1.176 kernel logs "subject=\"Beta\" object=\"_\" requested=x").
  // Last: with Smack's inode hooks this task can no longer reach smackfs.
  BOOST_TEST(smk_tskacc(me, *t.cred, me.floor, MAY_EXEC, nullptr) == 0);
  BOOST_TEST_REQUIRE(smk_write(t, "load-self2", "Alpha _ r") == 0);
  BOOST_TEST(smk_tskacc(me, *t.cred, me.floor, MAY_READ, nullptr) == 0);
  BOOST_TEST(smk_tskacc(me, *t.cred, me.floor, MAY_EXEC, nullptr) == -EACCES);
}

BOOST_AUTO_TEST_CASE(cap_mac_override_and_onlycap) {
  Kernel k(smack_config());
  SmackLsm& me = smack_of(k);
  BOOST_TEST_REQUIRE(smack_load_rules(k, "Alpha Beta r") == 0);
  Task& t = labelled_task(k, "Alpha");  // uid 0, every capability
  Task& other = labelled_task(k, "Other");
  const std::uint32_t beta = me.known.lookup("Beta");
  BOOST_TEST(smk_tskacc(me, *t.cred, beta, MAY_WRITE, nullptr) == 0);
  // A per-task rule does not stop the override either.
  BOOST_TEST_REQUIRE(smk_write(t, "load-self2", "Alpha Beta -") == 0);
  BOOST_TEST(smk_tskacc(me, *t.cred, beta, MAY_READ, nullptr) == 0);
  BOOST_TEST(smack_set_onlycap(k, {"Other"}) == 0);
  BOOST_TEST(smk_tskacc(me, *t.cred, beta, MAY_WRITE, nullptr) == -EACCES);
  BOOST_TEST(smack_set_onlycap(k, {"Alpha"}, &t) == EPERM);  // no longer privileged
  // Nor may a task set its label any more, unless onlycap lists it.
  BOOST_TEST(write_file(spawn(k, k.init_task()), "/proc/self/attr/current", "X").err == EPERM);
  BOOST_TEST(smack_set_onlycap(k, {}, &other) == 0);
  BOOST_TEST(smk_tskacc(me, *t.cred, beta, MAY_WRITE, nullptr) == 0);
  drop_caps(k, t);
  BOOST_TEST(smk_tskacc(me, *t.cred, beta, MAY_WRITE, nullptr) == -EACCES);
}

BOOST_AUTO_TEST_CASE(audit_records_follow_smack_log_callback) {
  Kernel k(smack_config());
  SmackLsm& me = smack_of(k);
  BOOST_TEST_REQUIRE(smack_load_rules(k, "Alpha Beta r") == 0);
  Task& t = labelled_task(k, "Alpha");
  drop_caps(k, t);
  const std::uint32_t beta = me.known.lookup("Beta");
  SmackAuditInfo ad{"smack_inode_permission", " path=\"/tmp/f\" dev=\"tmpfs\" ino=3"};
  BOOST_TEST(smk_tskacc(me, *t.cred, beta, MAY_WRITE | MAY_APPEND, &ad) == -EACCES);
  BOOST_TEST_REQUIRE(smack_audit_records(k).size() == 1u);
  BOOST_TEST(smack_audit_records(k).back() ==
             "lsm=SMACK fn=smack_inode_permission action=denied subject=\"Alpha\" "
             "object=\"Beta\" requested=wa path=\"/tmp/f\" dev=\"tmpfs\" ino=3");
  BOOST_TEST(smk_tskacc(me, *t.cred, beta, MAY_READ, &ad) == 0);  // grants: not logged
  BOOST_TEST(smack_audit_records(k).size() == 1u);
  // logging: 0 none, 1 denials, 2 grants, 3 both.
  BOOST_TEST(smk_read(k.init_task(), "logging") == "1\n");
  BOOST_TEST_REQUIRE(smk_write(k.init_task(), "logging", "2") == 0);
  BOOST_TEST(smk_tskacc(me, *t.cred, beta, MAY_WRITE, &ad) == -EACCES);
  BOOST_TEST(smk_tskacc(me, *t.cred, beta, MAY_READ, &ad) == 0);
  BOOST_TEST_REQUIRE(smack_audit_records(k).size() == 2u);
  BOOST_TEST(smack_audit_records(k).back().rfind(
                 "lsm=SMACK fn=smack_inode_permission action=granted subject=\"Alpha\"", 0) == 0);
  BOOST_TEST(smk_write(k.init_task(), "logging", "4") == EINVAL);
  // A label needing quotes is printed in hex; an empty request says labels_differ.
  BOOST_TEST_REQUIRE(smk_write(k.init_task(), "logging", "1") == 0);
  SmackAuditInfo bare{"smack_ptrace_access_check", ""};
  smack_log(me, me.tsp(*t.cred).smk_task, beta, 0, -EACCES, bare);
  BOOST_TEST(smack_audit_records(k).back() ==
             "lsm=SMACK fn=smack_ptrace_access_check action=denied subject=\"Alpha\" "
             "object=\"Beta\" labels_differ");
}

BOOST_AUTO_TEST_CASE(integer_and_label_settings) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  BOOST_TEST(smk_read(init, "ptrace") == "0\n");
  BOOST_TEST(smk_write(init, "ptrace", "2") == 0);
  BOOST_TEST(smk_read(init, "ptrace") == "2\n");
  BOOST_TEST(smk_write(init, "ptrace", "3") == EINVAL);
  BOOST_TEST(smk_write(init, "ptrace", "x") == EINVAL);
  BOOST_TEST(smk_read(init, "doi") == "3");
  BOOST_TEST(smk_read(init, "direct") == "250");
  BOOST_TEST(smk_read(init, "mapped") == "251");
  BOOST_TEST(smk_write(init, "doi", "7\n") == 0);
  BOOST_TEST(smk_read(init, "doi") == "7");
  // doi takes kstrtoul's syntax and no DOI 0 (a real 6.1.176 kernel answers so).
  for (const char* bad : {"", " 2", "-1", "0", "x", "4294967296"})
    BOOST_TEST(smk_write(init, "doi", bad) == EINVAL, bad);
  BOOST_TEST(smk_write(init, "doi", std::string("9\0junk", 6)) == 0);
  BOOST_TEST(smk_read(init, "doi") == "9");
  BOOST_TEST(smk_write(init, "relabel-self", "") == EINVAL);
  // ambient and syslog read with the label's NUL.
  BOOST_TEST(smk_read(init, "ambient") == std::string("_") + '\0');
  BOOST_TEST(smk_write(init, "ambient", "Net\n") == 0);
  BOOST_TEST(smk_read(init, "ambient") == std::string("Net") + '\0');
  BOOST_TEST(smk_write(init, "ambient", "-x") == EINVAL);
  BOOST_TEST(smk_read(init, "syslog") == std::string("*") + '\0');
  BOOST_TEST(smk_write(init, "syslog", "Log") == 0);
  BOOST_TEST(smk_read(init, "syslog") == std::string("Log") + '\0');
}

BOOST_AUTO_TEST_SUITE_END()
