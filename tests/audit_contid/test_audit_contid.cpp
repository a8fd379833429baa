// ghak90 v11 audit container IDs: audit_set_contid()'s checks in order, CONTAINER_OP text,
// inheritance, nesting chains, drop at the last exit, netns lists, the /proc files.
#include <fcntl.h>

#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <string>
#include <utility>
#include <vector>

#include "model/audit/audit_contid.h"
#include "model/audit/audit_task.h"
#include "model/audit/audit_types.h"
#include "model/kernel.h"
#include "model/syscalls/fs.h"
#include "tests/support/task_helpers.h"

namespace lsmsim {
namespace {

using testing::spawn;
using testing::user_task;

struct Fixture {
  Kernel k;
  AuditContids& c = k.audit().contids();
  std::vector<std::pair<int, std::string>> recs;
  std::vector<std::vector<std::pair<int, std::string>>> events;
  std::vector<Pid> logged_by;  // pid of current (0 when none) for each log()
  Fixture() {
    c.set_sink({[this](int type, const std::string& body) {
                  recs.emplace_back(type, body);
                  logged_by.push_back(k.has_current() ? k.current().pid : 0);
                },
                [this](const std::vector<std::pair<int, std::string>>& r, Task*) {
                  events.push_back(r);
                }});
  }
  std::string last() const { return recs.empty() ? "" : recs.back().second; }
  static std::string op_set(const Task& t, const std::string& id, const std::string& old) {
    return "op=set opid=" + std::to_string(t.tgid) + " contid=" + id + " old-contid=" + old;
  }
};

Task& thread_of(Task& t) {
  SysResult r = sys_clone(t, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM);
  BOOST_TEST_REQUIRE(r.ok());
  Task* th = t.kernel.find_task(static_cast<Pid>(r.ret));
  BOOST_TEST_REQUIRE(th != nullptr);
  return *th;
}

std::string read_file(Task& t, const std::string& path, int& err) {
  SysResult o = sys_open(t, path, O_RDONLY);
  if (!o.ok()) {
    err = o.err;
    return "";
  }
  SysResult r = sys_read(t, static_cast<int>(o.ret), 100);
  sys_close(t, static_cast<int>(o.ret));
  err = r.ok() ? 0 : r.err;
  return r.data;
}

BOOST_AUTO_TEST_SUITE(audit_set_contid)

BOOST_FIXTURE_TEST_CASE(enoprotoopt_when_audit_is_off_and_nothing_logged, Fixture) {
  Task& a = spawn(k.init_task());
  c.set_disabled(true);
  BOOST_TEST(c.set(k.init_task(), a, kAuditContidUnset) == ENOPROTOOPT);  // before EINVAL
  BOOST_TEST(c.set(k.init_task(), a, 5) == ENOPROTOOPT);
  BOOST_TEST(recs.empty());
}

BOOST_FIXTURE_TEST_CASE(einval_for_unset_before_eperm_and_ebusy, Fixture) {
  Task& u = user_task(k, 1000);
  Task& kid = spawn(u);
  spawn(kid);  // kid has children
  BOOST_TEST(c.set(u, kid, kAuditContidUnset) == EINVAL);
  BOOST_TEST(last() == Fixture::op_set(kid, "18446744073709551615", "-1"));
  BOOST_TEST(recs.back().first == AUDIT_CONTAINER_OP);
}

BOOST_FIXTURE_TEST_CASE(eperm_without_cap_audit_control_before_ebusy_and_exdev, Fixture) {
  Task& u = user_task(k, 1000);
  Task& kid = spawn(u);
  BOOST_TEST(c.set(u, kid, 7) == EPERM);
  BOOST_TEST(c.set(u, u, 7) == EPERM);  // self would be EXDEV
  spawn(kid);
  BOOST_TEST(c.set(u, kid, 7) == EPERM);  // children would be EBUSY
  BOOST_TEST(last() == Fixture::op_set(kid, "7", "-1"));
  BOOST_TEST(kid.audit.contid == nullptr);
}

BOOST_FIXTURE_TEST_CASE(ebusy_with_children_or_threads_before_exdev, Fixture) {
  Task& init = k.init_task();
  Task& a = spawn(init);
  BOOST_TEST(c.set(init, init, 9) == EBUSY);  // self, but init has children: EBUSY first
  Task& b = spawn(a);
  BOOST_TEST(c.set(init, a, 9) == EBUSY);
  Task& th = thread_of(b);
  BOOST_TEST(c.set(init, b, 9) == EBUSY);   // leader of a two-thread group
  BOOST_TEST(c.set(init, th, 9) == EBUSY);  // not a group leader
  BOOST_TEST(b.audit.contid == nullptr);
}

BOOST_FIXTURE_TEST_CASE(exdev_for_self_and_non_descendants_before_eexist, Fixture) {
  Task& init = k.init_task();
  Task& a = spawn(init);
  Task& b = spawn(init);
  BOOST_TEST(c.set(init, a, 10) == 0);
  BOOST_TEST(c.set(b, b, 11) == EXDEV);  // own contid: never (v7+)
  BOOST_TEST(c.set(b, a, 11) == EXDEV);  // a sibling, holding a contid: EXDEV before EEXIST
  BOOST_TEST(last() == Fixture::op_set(a, "11", "10"));
}

BOOST_FIXTURE_TEST_CASE(eexist_unless_nesting, Fixture) {
  Task& init = k.init_task();
  Task& a = spawn(init);
  BOOST_TEST(c.set(init, a, 20) == 0);
  BOOST_TEST(last() == Fixture::op_set(a, "20", "-1"));
  BOOST_TEST(c.set(init, a, 21) == EEXIST);  // the owner itself: not nesting
  BOOST_TEST(last() == Fixture::op_set(a, "21", "20"));
  Task& b = spawn(a);  // inherits 20 from a
  BOOST_TEST(c.set(init, b, 21) == EEXIST);  // inherited counts as set
  BOOST_TEST(c.set(a, b, 21) == 0);           // a is not the owner, init (owner) is its ancestor
  BOOST_TEST(last() == Fixture::op_set(b, "21", "20"));
  BOOST_TEST(AuditContids::chain(b.audit.contid.get()) == "21,^20");
}

BOOST_FIXTURE_TEST_CASE(enotuniq_for_another_owners_or_a_dead_id_injection_for_owner, Fixture) {
  Task& init = k.init_task();
  Task& orch = spawn(init);
  Task& a = spawn(orch);
  Task& b = spawn(orch);
  BOOST_TEST(c.set(orch, a, 123456) == 0);
  BOOST_TEST(c.set(init, b, 123456) == ENOTUNIQ);  // owned by orch
  BOOST_TEST(last() == Fixture::op_set(b, "123456", "-1"));
  BOOST_TEST(c.set(orch, b, 123456) == 0);  // injection by the owner
  BOOST_TEST(a.audit.contid == b.audit.contid);
  BOOST_TEST(c.find(123456)->tasks == 2);
  BOOST_TEST(c.find(123456)->owner == orch.tgid);
  // A dead object pins its number until reaped: ENOTUNIQ, even for the owner.
  std::shared_ptr<AuditContainerId> held = c.find(123456);
  Task& d = spawn(orch);
  held->dead = true;
  BOOST_TEST(c.set(orch, d, 123456) == ENOTUNIQ);
  held->dead = false;
  BOOST_TEST(c.set(orch, d, 123456) == 0);
}

BOOST_FIXTURE_TEST_CASE(another_orchestrator_cannot_inject, Fixture) {
  Task& init = k.init_task();
  Task& orch = spawn(init);
  Task& a = spawn(orch);
  Task& b = spawn(orch);
  BOOST_TEST(c.set(orch, a, 5) == 0);
  Task& other = spawn(init);
  Task& o_kid = spawn(other);
  BOOST_TEST(c.set(other, o_kid, 5) == ENOTUNIQ);
  BOOST_TEST(c.set(orch, b, 5) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audit_contid_lifetime)

BOOST_FIXTURE_TEST_CASE(fork_inherits_reference_not_capcontid, Fixture) {
  Task& init = k.init_task();
  Task& a = spawn(init);
  a.audit.capcontid = true;
  BOOST_TEST(c.set(init, a, 3) == 0);
  Task& b = spawn(a);
  Task& th = thread_of(b);
  BOOST_TEST(b.audit.contid == a.audit.contid);
  BOOST_TEST(th.audit.contid == a.audit.contid);
  BOOST_TEST(c.find(3)->tasks == 3);
  BOOST_TEST(!b.audit.capcontid);
}

BOOST_FIXTURE_TEST_CASE(nesting_chain_and_drop_at_last_exit, Fixture) {
  Task& init = k.init_task();
  Task& a = spawn(init);
  BOOST_TEST(c.set(init, a, 1) == 0);
  Task& b = spawn(a);
  BOOST_TEST(c.set(a, b, 2) == 0);
  Task& d = spawn(b);
  BOOST_TEST(c.set(b, d, 4) == 0);
  BOOST_TEST(last() == Fixture::op_set(d, "4", "2,^1"));
  BOOST_TEST(AuditContids::chain(d.audit.contid.get()) == "4,^2,^1");
  BOOST_TEST(*audit_contid_of(d) == "4,^2,^1");
  BOOST_TEST(!audit_contid_of(init).has_value());
  BOOST_TEST(c.find(2)->tasks == 1);  // b re-set: its reference to 1 is gone
  BOOST_TEST(c.find(1)->tasks == 1);

  Task& e = spawn(d);
  const std::size_t before = recs.size();
  BOOST_TEST(sys_exit(e, 0).ok());
  BOOST_TEST(recs.size() == before);  // d still holds 4
  BOOST_TEST(sys_exit(d, 0).ok());
  BOOST_TEST_REQUIRE(recs.size() == before + 1);
  BOOST_TEST(recs.back().first == AUDIT_CONTAINER_OP);
  BOOST_TEST(last() == "op=drop opid=" + std::to_string(d.tgid) + " contid=-1 old-contid=4,^2,^1");
  BOOST_TEST(logged_by.back() == d.pid);  // from the exiting task's context
  BOOST_TEST(c.find(4) == nullptr);
  BOOST_TEST(c.find(2) != nullptr);  // parents live on while their own tasks do
}

BOOST_FIXTURE_TEST_CASE(netns_lists_follow_set_fork_unshare_setns_exit, Fixture) {
  Task& init = k.init_task();
  const NetNamespace& host = *init.nsproxy.net;
  Task& a = spawn(init);
  Task& b = spawn(init);
  BOOST_TEST(c.netns_chain(host) == "");
  BOOST_TEST(c.set(init, a, 123451) == 0);
  BOOST_TEST(c.set(init, b, 123452) == 0);
  BOOST_TEST(c.netns_chain(host) == "123452,123451");

  BOOST_TEST(sys_unshare(a, CLONE_NEWNET).ok());
  std::shared_ptr<NetNamespace> cnet = a.nsproxy.net;
  BOOST_TEST(c.netns_chain(host) == "123452");
  BOOST_TEST(c.netns_chain(*cnet) == "123451");

  Task& a2 = spawn(a);  // fork inherits contid and netns: count 2 there
  BOOST_TEST(sys_exit(a2, 0).ok());
  BOOST_TEST(c.netns_chain(*cnet) == "123451");

  // b joins a's netns by setns, then goes back.
  BOOST_TEST(setns_to(b, cnet, CLONE_NEWNET).ok());
  BOOST_TEST(c.netns_chain(host) == "");
  BOOST_TEST(c.netns_chain(*cnet) == "123452,123451");
  audit_log_netns_packet(k, *cnet, "mark=0x0 saddr=10.0.0.1 daddr=10.0.0.2 proto=6");
  BOOST_TEST_REQUIRE(events.size() == 1u);
  // v11 08/11: audit_log_netns_contid_list() runs before the NETFILTER_PKT record starts.
  BOOST_TEST(events[0][0].first == AUDIT_CONTAINER_ID);
  BOOST_TEST(events[0][0].second == "record=1 contid=123452,123451");
  BOOST_TEST(events[0][1].first == AUDIT_NETFILTER_PKT);
  BOOST_TEST(events[0][1].second == "mark=0x0 saddr=10.0.0.1 daddr=10.0.0.2 proto=6 record=1");

  BOOST_TEST(sys_exit(a, 0).ok());
  BOOST_TEST(c.netns_chain(*cnet) == "123452");
  BOOST_TEST(setns_to(b, init.nsproxy.net, CLONE_NEWNET).ok());
  BOOST_TEST(c.netns_chain(*cnet) == "");
  BOOST_TEST(c.netns_chain(host) == "123452");

  audit_log_netns_packet(k, *cnet, "mark=0x0");
  BOOST_TEST_REQUIRE(events.size() == 2u);
  BOOST_TEST(events[1].size() == 1u);  // nobody with a contid uses it: no CONTAINER_ID
  BOOST_TEST(events[1][0].second == "mark=0x0");
}

BOOST_FIXTURE_TEST_CASE(nested_netns_chain, Fixture) {
  Task& init = k.init_task();
  Task& a = spawn(init);
  BOOST_TEST(c.set(init, a, 1) == 0);
  Task& x = spawn(a);
  Task& y = spawn(a);
  BOOST_TEST(c.set(a, x, 2) == 0);
  BOOST_TEST(c.set(a, y, 3) == 0);
  BOOST_TEST(c.netns_chain(*init.nsproxy.net) == "3,^1,2,^1,1");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audit_contid_procfs)

BOOST_FIXTURE_TEST_CASE(write_read_rules, Fixture) {
  Task& init = k.init_task();
  Task& a = spawn(init);
  const std::string path = "/proc/" + std::to_string(a.pid) + "/audit_containerid";
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(init, path, st).ok());
  BOOST_TEST((st.mode & 07777) == 0600u);
  int err = 0;
  BOOST_TEST(read_file(init, path, err) == "18446744073709551615");
  BOOST_TEST(err == 0);

  SysResult fd = sys_open(init, path, O_WRONLY);
  BOOST_TEST_REQUIRE(fd.ok());
  const int f = static_cast<int>(fd.ret);
  BOOST_TEST(sys_write(init, f, "x1").err == EINVAL);
  BOOST_TEST(sys_write(init, f, "-1").err == EINVAL);
  BOOST_TEST(sys_write(init, f, "99999999999999999999").err == ERANGE);
  BOOST_TEST(recs.empty());  // parse errors never reach audit_set_contid
  BOOST_TEST(sys_write(init, f, "18446744073709551615\n").err == EINVAL);  // the unset value
  BOOST_TEST(last() == Fixture::op_set(a, "18446744073709551615", "-1"));
  SysResult w = sys_write(init, f, "123\n");
  BOOST_TEST(w.ok());
  BOOST_TEST(w.ret == 4);
  BOOST_TEST(last() == Fixture::op_set(a, "123", "-1"));
  BOOST_TEST(sys_write(init, f, "124").err == EINVAL);  // offset now 4: no partial writes
  sys_close(init, f);
  BOOST_TEST(read_file(init, path, err) == "123");
}

BOOST_FIXTURE_TEST_CASE(read_needs_cap_or_capcontid, Fixture) {
  Task& init = k.init_task();
  Task& u = user_task(k, 1000);
  Task& kid = spawn(u);
  const std::string path = "/proc/" + std::to_string(kid.pid) + "/audit_containerid";
  const std::string cap_path = "/proc/" + std::to_string(u.pid) + "/audit_capcontainerid";
  int err = 0;
  read_file(u, path, err);  // u owns kid's 0600 file but lacks CAP_AUDIT_CONTROL
  BOOST_TEST(err == EPERM);

  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(init, cap_path, st).ok());
  BOOST_TEST((st.mode & 07777) == 0600u);
  BOOST_TEST(read_file(init, cap_path, err) == "0");
  SysResult fd = sys_open(init, cap_path, O_WRONLY);
  BOOST_TEST_REQUIRE(fd.ok());
  BOOST_TEST(sys_write(init, static_cast<int>(fd.ret), "1").ret == 1);
  sys_close(init, static_cast<int>(fd.ret));
  BOOST_TEST(last() == "opid=" + std::to_string(u.tgid) + " capcontid=1 old-capcontid=0");
  BOOST_TEST(recs.back().first == AUDIT_SET_CAPCONTID);
  BOOST_TEST(read_file(init, cap_path, err) == "1");

  BOOST_TEST(read_file(u, path, err) == "18446744073709551615");
  BOOST_TEST(err == 0);
  // With capcontid u may set its descendant's contid from the initial user namespace.
  SysResult w = sys_open(u, path, O_WRONLY);
  BOOST_TEST_REQUIRE(w.ok());
  BOOST_TEST(sys_write(u, static_cast<int>(w.ret), "77").ret == 2);
  BOOST_TEST(read_file(u, path, err) == "77");
  Task& grandkid = spawn(u);
  BOOST_TEST(!grandkid.audit.capcontid);  // not inherited
}

BOOST_FIXTURE_TEST_CASE(capcontid_rules, Fixture) {
  Task& init = k.init_task();
  Task& u = user_task(k, 1000);
  Task& kid = spawn(u);
  Task& other = spawn(init);
  BOOST_TEST(c.set_capcontid(init, init, 1) == EXDEV);
  BOOST_TEST(c.set_capcontid(other, kid, 1) == EXDEV);
  BOOST_TEST(c.set_capcontid(u, kid, 1) == EPERM);  // initial user ns: cap or capcontid needed
  BOOST_TEST(last() == "opid=" + std::to_string(kid.tgid) + " capcontid=1 old-capcontid=0");
  BOOST_TEST(c.set_capcontid(init, kid, 2) == EINVAL);
  BOOST_TEST(c.set_capcontid(init, kid, 1) == 0);
  BOOST_TEST(c.set_capcontid(init, kid, 0) == 0);
  BOOST_TEST(last() == "opid=" + std::to_string(kid.tgid) + " capcontid=0 old-capcontid=1");
  BOOST_TEST(!kid.audit.capcontid);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lsmsim
