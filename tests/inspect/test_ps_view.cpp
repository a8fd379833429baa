// lsmsim ps: which tasks a viewer sees, with which pids, uids and labels (engine/ps_view.h).
#include <boost/test/unit_test.hpp>

#include "inspect_support.h"
#include "model/kernel.h"

using namespace lsmsim;
using lsmsim::test::library_session;
using lsmsim::test::row_of;
using lsmsim::test::rows_for;

BOOST_AUTO_TEST_SUITE(ps_view)

// A task in a new pid and user namespace: it sees only its own namespace's tasks, numbered
// from 1, its parent outside as ppid 0, and every uid unmapped (no uid_map written) as 65534;
// the host sees everyone with global pids and real uids.
BOOST_AUTO_TEST_CASE(pid_and_user_namespaces) {
  engine::ScenarioSession s(R"(name: ps namespaces
steps:
  - {as: init, fork: runner}
  - {as: runner, setuid: 1000}
  - {as: runner, unshare: [user, pid]}
  - {as: runner, fork: c1}
  - {as: c1, fork: c2}
  - {as: c2, exit: 0}
)",
                            "ps.yaml");
  s.run_all();
  const auto host = rows_for(s, "init");
  BOOST_TEST_REQUIRE(host.size() == 4u);
  BOOST_TEST(host[0].task == "init");
  const engine::PsRow* c1 = row_of(host, "c1");
  const engine::PsRow* runner = row_of(host, "runner");
  BOOST_TEST_REQUIRE(c1 != nullptr);
  BOOST_TEST_REQUIRE(runner != nullptr);
  BOOST_TEST(c1->pid == c1->global_pid);
  BOOST_TEST(c1->ppid == runner->pid);
  BOOST_TEST(c1->uid == 1000u);
  BOOST_TEST(runner->state == 'S');
  BOOST_TEST(host[0].state == 'R');  // the viewer itself
  const engine::PsRow* c2 = row_of(host, "c2");
  BOOST_TEST_REQUIRE(c2 != nullptr);
  BOOST_TEST(c2->state == 'Z');  // zombies stay listed until reaped, as in /proc

  const auto inside = rows_for(s, "c1");
  BOOST_TEST_REQUIRE(inside.size() == 2u);
  BOOST_TEST(inside[0].task == "c1");
  BOOST_TEST(inside[0].pid == 1);
  BOOST_TEST(inside[0].ppid == 0);  // runner is outside c1's pid namespace
  BOOST_TEST(inside[0].global_pid == c1->global_pid);
  BOOST_TEST(inside[0].uid == kOverflowUid);  // uid 1000 is not mapped into c1's user ns
  BOOST_TEST(inside[1].task == "c2");
  BOOST_TEST(inside[1].pid == 2);
  BOOST_TEST(inside[1].ppid == 1);
  BOOST_TEST(row_of(inside, "init") == nullptr);
  BOOST_TEST(row_of(inside, "runner") == nullptr);

  // runner itself stays in the initial pid namespace (unshare moves only its children).
  BOOST_TEST(rows_for(s, "runner").size() == 4u);
}

// interface_lsm (stacking series): the LABEL column is whatever the viewer's interface LSM
// answers; the per-LSM columns do not depend on it.
BOOST_AUTO_TEST_CASE(label_follows_the_viewers_interface_lsm) {
  auto s = library_session("scenarios/attr/02_interface_lsm.yaml");
  s->run_all();
  const auto by_host = rows_for(*s, "init", "all");
  const auto by_container = rows_for(*s, "container", "all");
  const engine::PsRow* h_init = row_of(by_host, "init");
  const engine::PsRow* h_cont = row_of(by_host, "container");
  const engine::PsRow* c_init = row_of(by_container, "init");
  const engine::PsRow* c_cont = row_of(by_container, "container");
  BOOST_TEST_REQUIRE((h_init && h_cont && c_init && c_cont));
  BOOST_TEST(h_init->label.text == "system_u:system_r:kernel_t:s0");  // the NUL is cut
  BOOST_TEST(c_init->label.text == "unconfined");                     // the newline is cut
  BOOST_TEST(h_cont->label.text == "system_u:system_r:kernel_t:s0");
  BOOST_TEST(c_cont->label.text == "lxc-container-default (enforce)");
  BOOST_TEST_REQUIRE(h_cont->lsm_labels.size() == 2u);
  BOOST_TEST(h_cont->lsm_labels[0].lsm == "selinux");
  BOOST_TEST(h_cont->lsm_labels[1].lsm == "apparmor");
  BOOST_TEST(h_cont->lsm_labels[1].text == "lxc-container-default (enforce)");
  BOOST_TEST(c_cont->lsm_labels[0].text == "system_u:system_r:kernel_t:s0");
}

// SELinux namespaces: the host reads the frozen parent-level context; inside, the task's own
// namespace context; another task's label across the namespace boundary is refused (EACCES,
// shown "-" as ps shows an unreadable label).
BOOST_AUTO_TEST_CASE(selinux_namespace_views) {
  auto s = library_session("scenarios/flagship/08_selinux_namespace_nspawn.yaml");
  s->run_all();
  const auto host = rows_for(*s, "init");
  const auto guest = rows_for(*s, "nspawn", "selinux");
  BOOST_TEST(row_of(host, "nspawn")->label.text == "system_u:system_r:nspawn_t:s0");
  BOOST_TEST(row_of(host, "daemon")->label.text == "system_u:system_r:nspawn_t:s0");
  BOOST_TEST(row_of(guest, "nspawn")->label.text == "system_u:system_r:init_t:s0");
  BOOST_TEST(row_of(guest, "daemon")->label.text == "system_u:system_r:guest_daemon_t:s0");
  const engine::PsRow* init_seen = row_of(guest, "init");
  BOOST_TEST_REQUIRE(init_seen != nullptr);
  BOOST_TEST(init_seen->label.text == "-");
  BOOST_TEST(init_seen->label.err != 0);
  BOOST_TEST(init_seen->lsm_labels.at(0).err == init_seen->label.err);

  // Right after boot only init exists.
  auto early = library_session("scenarios/flagship/08_selinux_namespace_nspawn.yaml");
  early->run_before(1);
  BOOST_TEST(rows_for(*early, "init").size() == 1u);
}

// AppArmor policy namespaces: a task inside the container's namespace sees its own
// profiles without the namespace prefix and the host's labels not at all.
BOOST_AUTO_TEST_CASE(apparmor_namespace_views) {
  auto s = library_session("scenarios/flagship/09_apparmor_lxd_on_selinux.yaml");
  s->run_all();
  const auto host = rows_for(*s, "init", "apparmor");
  const auto c1 = rows_for(*s, "c1", "apparmor");
  const std::string host_view = row_of(host, "cupsd")->lsm_labels.at(0).text;
  BOOST_TEST(host_view.find(":lxd-c1_") != std::string::npos);
  BOOST_TEST(row_of(c1, "cupsd")->lsm_labels.at(0).text == "/usr/sbin/cupsd (enforce)");
  const engine::PsLabel& lxd_from_c1 = row_of(c1, "lxd")->lsm_labels.at(0);
  BOOST_TEST(lxd_from_c1.text == "-");
  BOOST_TEST(lxd_from_c1.err == EACCES);
  // uids: the container's root is 100000 on the host, 0 inside, the host's root unmapped.
  BOOST_TEST(row_of(host, "c1")->uid == 100000u);
  BOOST_TEST(row_of(c1, "c1")->uid == 0u);
  BOOST_TEST(row_of(c1, "lxd")->uid == kOverflowUid);
}

BOOST_AUTO_TEST_CASE(lsm_columns_and_table) {
  auto s = library_session("scenarios/flagship/09_apparmor_lxd_on_selinux.yaml");
  s->run_all();
  Kernel& k = s->state().kernel();
  BOOST_TEST(engine::ps_lsm_columns(k, "all") == (std::vector<std::string>{"selinux", "apparmor"}));
  BOOST_TEST(engine::ps_lsm_columns(k, "").empty());
  BOOST_CHECK_THROW(engine::ps_lsm_columns(k, "smack"), std::invalid_argument);
  BOOST_CHECK_THROW(engine::ps_lsm_columns(k, "capability"), std::invalid_argument);

  const auto rows = rows_for(*s, "init", "all");
  const std::string table = engine::ps_format_table(rows, {"selinux", "apparmor"});
  const std::string header = table.substr(0, table.find('\n'));
  BOOST_TEST(header.rfind("LABEL ", 0) == 0u);
  const auto pos = [&](const char* col) { return header.find(col); };
  BOOST_TEST(pos("SELINUX") < pos("APPARMOR"));
  BOOST_TEST(pos("APPARMOR") < pos("USER"));
  BOOST_TEST(pos("USER") < pos(" PID"));
  BOOST_TEST(pos(" PID") < pos("PPID"));
  BOOST_TEST(pos("PPID") < pos("TTY"));
  BOOST_TEST(pos("TTY") < pos("TIME"));
  BOOST_TEST(pos("TIME") < pos("CMD"));
  BOOST_TEST(pos("CMD") < pos("TASK"));
  // One line per task plus the header.
  BOOST_TEST(static_cast<std::size_t>(std::count(table.begin(), table.end(), '\n')) ==
             rows.size() + 1);
  const std::string json = engine::ps_format_json(rows);
  BOOST_TEST(json.find("\"task\": \"cupsd\"") != std::string::npos);
  BOOST_TEST(json.find("\"apparmor\": {") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
