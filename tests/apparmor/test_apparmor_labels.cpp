// Labels: parsing (aa_label_parse), canonical order and de-duplication, printing per viewer
// (aa_label_snxprint as aa_getprocattr uses it), replacement and removal of profiles.
#include <sys/socket.h>

#include <cerrno>

#include "model/lsm/security_special.h"
#include "model/syscalls/net.h"
#include "tests/support/task_helpers.h"

#include "tests/apparmor/apparmor_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

std::string parse_text(Kernel& k, const std::string& text, int* err = nullptr) {
  ApparmorLsm& me = *apparmor_lsm(k);
  std::vector<AaComponent> vec;
  const int rc = aa_label_parse(me.label(me.unconfined), text, false, vec);
  if (err != nullptr) *err = rc;
  if (rc != 0) return "<" + std::to_string(rc) + ">";
  return me.label(me.intern(std::move(vec))).text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(apparmor_labels)

BOOST_AUTO_TEST_CASE(parse_canonical_order_and_dedup) {
  Kernel k(aa_config());
  load(k, {ProfileBuilder("B"), ProfileBuilder("A"), ProfileBuilder("/usr/bin/x")});
  load(k, {ProfileBuilder("P")}, "ns1");
  load(k, {ProfileBuilder("Q")}, "ns1//ns2");
  // profile_cmp: namespace level first, then names; duplicates go.
  BOOST_TEST(parse_text(k, "B//&A") == "A//&B");
  BOOST_TEST(parse_text(k, "A//&A") == "A");
  BOOST_TEST(parse_text(k, "B//&:ns1:P") == "B//&:ns1:P");
  // ":ns://name" is accepted; ":ns:" alone is the namespace's unconfined.
  BOOST_TEST(parse_text(k, ":ns1://P") == ":ns1:P");
  BOOST_TEST(parse_text(k, ":ns1:") == ":ns1:unconfined");
  // unconfined stacks are not reduced.
  BOOST_TEST(parse_text(k, "unconfined//&A") == "A//&unconfined");
  // After an embedded :ns:, bare names are looked up in that namespace.
  BOOST_TEST(parse_text(k, ":ns1:P//&unconfined") == ":ns1:P//&unconfined");
  BOOST_TEST(parse_text(k, "A//&:ns1//ns2:Q") == "A//&:ns1//ns2:Q");
  // Missing profiles and namespaces: ENOENT, as aa_label_parse without create.
  int err = 0;
  parse_text(k, "nosuch", &err);
  BOOST_TEST(err == -ENOENT);
  parse_text(k, ":nons:A", &err);
  BOOST_TEST(err == -ENOENT);
  parse_text(k, "A//&P", &err);  // P lives in ns1, not in root
  BOOST_TEST(err == -ENOENT);
  parse_text(k, ":ns1:P//&B", &err);  // B is looked up in ns1 after ":ns1:P"
  BOOST_TEST(err == -ENOENT);
  // secids are stable: the same label is the same secid.
  ApparmorLsm& me = *apparmor_lsm(k);
  std::vector<AaComponent> v1, v2;
  aa_label_parse(me.label(me.unconfined), "A//&B", false, v1);
  aa_label_parse(me.label(me.unconfined), "B//&A//&B", false, v2);
  BOOST_TEST(me.intern(v1) == me.intern(v2));
}

BOOST_AUTO_TEST_CASE(stack_on_current_with_leading_ampersand) {
  Kernel k(aa_config());
  load(k, {ProfileBuilder("A"), ProfileBuilder("B")});
  ApparmorLsm& me = *apparmor_lsm(k);
  std::vector<AaComponent> base, out;
  aa_label_parse(me.label(me.unconfined), "A", false, base);
  const AaLabel& a = me.label(me.intern(base));
  BOOST_TEST(aa_label_parse(a, "&B", false, out) == 0);
  BOOST_TEST(me.label(me.intern(out)).text == "A//&B");
}

BOOST_AUTO_TEST_CASE(print_per_viewer_namespace) {
  Kernel k(aa_config());
  load(k, {ProfileBuilder("lxd-c1").file("/proc/**", aa::kMayRead)});
  load(k, {ProfileBuilder("/usr/sbin/cupsd").file("/proc/**", aa::kMayRead)}, "lxd-c1_ns");
  Task& host = k.init_task();
  Task& c = spawn(k, host);
  Task& inner = spawn(k, host);
  set_label(k, c, "lxd-c1//&:lxd-c1_ns:");
  set_label(k, inner, "lxd-c1//&:lxd-c1_ns:/usr/sbin/cupsd");
  // The host sees the whole stack with one mode: unconfined components do not count.
  BOOST_TEST(aa_current(host, std::to_string(c.pid)) == "lxd-c1//&:lxd-c1_ns:unconfined (enforce)");
  // Inside (the container's view is its namespace), only its own part, bare.
  BOOST_TEST(aa_current(c) == "unconfined");
  BOOST_TEST(aa_current(c, std::to_string(inner.pid)) == "/usr/sbin/cupsd (enforce)");
  BOOST_TEST(aa_current(host, std::to_string(inner.pid)) ==
             "lxd-c1//&:lxd-c1_ns:/usr/sbin/cupsd (enforce)");
  // A task whose label's namespace is not below the reader's: EACCES.
  BOOST_TEST(aa_current(c, std::to_string(host.pid)) == "<errno 13>");
  BOOST_TEST(apparmor_task_label(k, host, &c) == "<errno 13>");
}

BOOST_AUTO_TEST_CASE(mixed_modes_and_prefix_once_per_namespace) {
  Kernel k(aa_config());
  load(k, {ProfileBuilder("A"), ProfileBuilder("C").mode(aa::ProfileMode::complain)});
  load(k, {ProfileBuilder("X"), ProfileBuilder("Y")}, "n");
  Task& t = spawn(k, k.init_task());
  set_label(k, t, "A//&C");
  BOOST_TEST(apparmor_task_label(k, t) == "A//&C (mixed)");
  set_label(k, t, "A//&:n:X//&Y");
  // The namespace prefix is printed once for a run of components of one namespace.
  BOOST_TEST(apparmor_task_label(k, t) == "A//&:n:X//&Y (enforce)");
  // A stack with the namespace's unconfined is not "mixed".
  set_label(k, t, "C//&:n:");
  BOOST_TEST(apparmor_task_label(k, t) == "C//&:n:unconfined (complain)");
}

BOOST_AUTO_TEST_CASE(replacement_reaches_running_tasks_and_removal_unconfines) {
  Kernel k(aa_config());
  load(k, {ProfileBuilder("A").file("/etc/**", aa::kMayRead)});
  Task& t = spawn(k, k.init_task());
  set_label(k, t, "A");
  BOOST_TEST(read_file(t, "/etc/hostname").err != EACCES);
  BOOST_TEST(write_file(t, "/etc/hostname", "x").err == EACCES);
  // .replace: the task's label names the profile; the new rules apply at once.
  load(k, {ProfileBuilder("A").file("/etc/**", aa::kMayRead | aa::kMayWrite)});
  BOOST_TEST(write_file(t, "/etc/hostname", "x").err != EACCES);
  // .load of an existing profile: EEXIST.
  BOOST_TEST(load_err(k, {ProfileBuilder("A")}, {}, nullptr, false) == EEXIST);
  // Removal: the task becomes its namespace's unconfined (proxy redirect), and stays so when
  // a profile of the same name comes back.
  apparmor_remove_profile(k, "A");
  BOOST_TEST(apparmor_task_label(k, t) == "unconfined");
  load(k, {ProfileBuilder("A")});
  BOOST_TEST(apparmor_task_label(k, t) == "unconfined");
  Task& u = spawn(k, k.init_task());
  set_label(k, u, "A");
  BOOST_TEST(apparmor_task_label(k, u) == "A (enforce)");
}

BOOST_AUTO_TEST_CASE(removing_a_stacked_component_keeps_the_rest) {
  Kernel k(aa_config());
  load(k, {ProfileBuilder("A"), ProfileBuilder("B")});
  Task& t = spawn(k, k.init_task());
  set_label(k, t, "A//&B");
  apparmor_remove_profile(k, "B");
  BOOST_TEST(apparmor_task_label(k, t) == "A//&unconfined (enforce)");
  BOOST_TEST_REQUIRE(apparmor_profile_list(k).size() == 1u);
  BOOST_TEST(apparmor_profile_list(k)[0] == "A (enforce)");
}

BOOST_AUTO_TEST_CASE(removing_a_namespace_sends_its_tasks_to_the_parents_unconfined) {
  Kernel k(aa_config());
  load(k, {ProfileBuilder("A")});
  load(k, {ProfileBuilder("P")}, "c1");
  Task& t = spawn(k, k.init_task());
  set_label(k, t, "A//&:c1:P");
  apparmor_remove_profile(k, ":c1:");
  BOOST_TEST(apparmor_task_label(k, t) == "A//&unconfined (enforce)");
  BOOST_TEST(apparmor_profile_list(k).size() == 1u);
  // A new namespace of the same name is a different one.
  load(k, {ProfileBuilder("P")}, "c1");
  BOOST_TEST(apparmor_task_label(k, t) == "A//&unconfined (enforce)");
}

BOOST_AUTO_TEST_CASE(label_file_perms_intersect_confined_components) {
  Kernel k(aa_config());
  load(k, {ProfileBuilder("A").file("/etc/**", aa::kMayRead | aa::kMayWrite),
           ProfileBuilder("B").file("/etc/hostname", aa::kMayRead)});
  BOOST_TEST(apparmor_label_file_perms(k, "A", "/etc/hostname", false).effective() ==
             (aa::kMayRead | aa::kMayWrite));
  BOOST_TEST(apparmor_label_file_perms(k, "A//&B", "/etc/hostname", false).effective() ==
             aa::kMayRead);
  BOOST_TEST(apparmor_label_file_perms(k, "A//&B", "/etc/passwd", false).effective() == 0u);
  BOOST_TEST(
      (apparmor_label_file_perms(k, "unconfined", "/x", false).effective() & aa::kMayWrite) != 0u);
  BOOST_CHECK_THROW(apparmor_label_file_perms(k, "nosuch", "/x", false), ApparmorError);
}

BOOST_AUTO_TEST_CASE(so_peersec_shows_the_readers_view_without_eacces) {
  Kernel k(aa_config());
  load(k, {ProfileBuilder("hostp").network(AF_UNIX)});
  load(k, {ProfileBuilder("cup").network(AF_UNIX)}, "c1");
  Task& t = spawn(k, k.init_task());
  set_label(k, t, "hostp//&:c1:cup");
  int fds[2] = {-1, -1};
  BOOST_TEST_REQUIRE(sys_socketpair(t, AF_UNIX, SOCK_STREAM, 0, fds).ok());
  set_label(k, t, "hostp");
  int host_fds[2] = {-1, -1};
  BOOST_TEST_REQUIRE(sys_socketpair(t, AF_UNIX, SOCK_STREAM, 0, host_fds).ok());
  Task& inside = lsmsim::testing::spawn(t);  // fork: the descriptors are shared
  set_label(k, inside, ":c1:");
  set_label(k, t, "unconfined");
  BOOST_TEST(sys_getsockopt_peersec(t, fds[0], 4096).data == "hostp//&:c1:cup (enforce)");
  BOOST_TEST(sys_getsockopt_peersec(inside, fds[0], 4096).data == "cup (enforce)");
  // A peer entirely outside the reader's namespace: "unconfined", not an error.
  BOOST_TEST(sys_getsockopt_peersec(inside, host_fds[0], 4096).data == "unconfined");
}

// apparmor_label_to_secctx(): the root view for every caller, no mode (the display sysctl is
// off); apparmor_secctx_to_secid(): root-relative, nothing created.
BOOST_AUTO_TEST_CASE(secctx_is_root_relative_and_creates_nothing) {
  Kernel k(aa_config());
  load(k, {ProfileBuilder("A"), ProfileBuilder("B")});
  load(k, {ProfileBuilder("P")}, "c1");
  Task& c = spawn(k, k.init_task());
  set_label(k, c, ":c1:P");
  Kernel::CurrentScope scope(k, c);
  LsmProp prop;
  BOOST_TEST(security_secctx_to_secid(k.lsm(), "P", prop) == -ENOENT);  // not root's
  BOOST_TEST(security_secctx_to_secid(k.lsm(), ":c1:P", prop) == 0);
  std::string ctx;
  BOOST_TEST(security_lsmprop_to_secctx(k.lsm(), prop, ctx) == 0);
  BOOST_TEST(ctx == ":c1:P");
  // A stack nothing has made yet does not exist.
  BOOST_TEST(security_secctx_to_secid(k.lsm(), "A//&B", prop) == -ENOENT);
  Task& t = spawn(k, k.init_task());
  set_label(k, t, "A//&B");
  BOOST_TEST(security_secctx_to_secid(k.lsm(), "B//&A", prop) == 0);
  BOOST_TEST(security_lsmprop_to_secctx(k.lsm(), prop, ctx) == 0);
  BOOST_TEST(ctx == "A//&B");
}

BOOST_AUTO_TEST_SUITE_END()
