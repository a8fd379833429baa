// The Smack namespace prototype (Havner/smack-namespace; Documentation/security/
// Smack-namespace.txt, security/smack/smack_ns.c): label maps per user namespace through
// /proc/PID/attr/label_map, mapped names inside, unmapped labels invisible.
#include <boost/test/unit_test.hpp>

#include <sys/socket.h>

#include "model/lsm/lsm_ctx.h"
#include "model/lsm/lsm_uapi.h"
#include "model/ns/namespaces.h"
#include "model/syscalls/lsm.h"
#include "model/syscalls/net.h"
#include "tests/lsm_syscalls/lsm_syscall_support.h"
#include "tests/smack/smack_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

// The document's example: three labels, three rules, a container task labelled label1 in its
// own user namespace (all capabilities there, none in the init namespace).
struct Container {
  explicit Container(Kernel& kernel) : k(kernel), me(smack_of(k)) {
    BOOST_TEST_REQUIRE(smack_load_rules(k,
                                        "label1 label2 rwx\nlabel1 label3 rwx\n"
                                        "label2 label3 rwx\n") == 0);
    Task& c = labelled_task(k, "label1");
    enter_user_ns(k, c, make_user_ns(k, c, 100000));
    task = &c;
  }
  std::string map_path() const { return "/proc/" + std::to_string(task->pid) + "/attr/label_map"; }
  std::uint32_t id(const char* label) const { return me.known.lookup(label); }
  int access(std::uint32_t object, int mode) {
    return smk_tskacc(me, *task->cred, object, mode, nullptr);
  }
  Kernel& k;
  SmackLsm& me;
  Task* task = nullptr;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(smack_namespace)

BOOST_AUTO_TEST_CASE(an_unmapped_namespace_sees_init_names) {
  Kernel k(smack_config());
  Container c(k);
  BOOST_TEST(read_file(*c.task, "/proc/self/attr/current").data == "label1");
  BOOST_TEST(read_file(k.init_task(), c.map_path()).data.empty());
  // Without a map the child namespace has no Smack privilege: no override.
  BOOST_TEST(c.access(c.id("label3"), MAY_READ) == 0);  // a rule
  BOOST_TEST(c.access(c.me.floor, MAY_WRITE) == -EACCES);
}

BOOST_AUTO_TEST_CASE(writing_and_reading_the_map) {
  Kernel k(smack_config());
  Container c(k);
  Task& init = k.init_task();
  BOOST_TEST(write_file(init, c.map_path(), "label1 mapped1\nlabel2 mapped2\n").ok());
  // smack_known_list order: the newest label first.
  BOOST_TEST(read_file(init, c.map_path()).data == "label2 -> mapped2\nlabel1 -> mapped1\n");
  BOOST_TEST(smack_label_map(k, *c.task) == read_file(init, c.map_path()).data);
  // From inside (walking "/", labelled "_", needs "_" mapped once the namespace is mapped).
  BOOST_TEST(smack_write_label_map(k, *c.task, "_ _", init) == 0);
  BOOST_TEST(read_file(*c.task, "/proc/self/attr/label_map").data ==
             "label2 -> mapped2\nlabel1 -> mapped1\n_ -> _\n");
  // Maps grow: a new line later is fine, and may import a new label.
  BOOST_TEST(smack_write_label_map(k, *c.task, "fresh f", init) == 0);
  BOOST_TEST(c.me.known.lookup("fresh") != 0u);
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(init, c.map_path(), st).ok());
  BOOST_TEST((st.mode & 07777) == 0666u);  // the prototype's fs/proc/base.c
  // The init namespace's own file stays empty.
  BOOST_TEST(read_file(init, "/proc/self/attr/label_map").data.empty());
}

BOOST_AUTO_TEST_CASE(map_write_errors) {
  Kernel k(smack_config());
  Container c(k);
  Task& init = k.init_task();
  BOOST_TEST(smack_write_label_map(k, init, "label1 x", init) == EBADR);  // the init namespace
  BOOST_TEST(smack_write_label_map(k, *c.task, "label1 mapped1", init) == 0);
  BOOST_TEST(smack_write_label_map(k, *c.task, "label1 other", init) == EEXIST);    // remap
  BOOST_TEST(smack_write_label_map(k, *c.task, "label2 mapped1", init) == EEXIST);  // not 1:1
  BOOST_TEST(smack_write_label_map(k, *c.task, "label2", init) == EINVAL);
  BOOST_TEST(smack_write_label_map(k, *c.task, "label2 a b", init) == EINVAL);  // trailing data
  BOOST_TEST(smack_write_label_map(k, *c.task, "", init) == EINVAL);
  BOOST_TEST(smack_write_label_map(k, *c.task, "-x y", init) == EINVAL);
  BOOST_TEST(smack_write_label_map(k, *c.task, "label2 m2\n\nlabel3 m3", init) == EINVAL);
  BOOST_TEST(smack_label_map(k, *c.task) == "label2 -> m2\nlabel1 -> mapped1\n");  // first stays
  BOOST_TEST(smack_write_label_map(k, *c.task, std::string(4096, 'a'), init) == EINVAL);
  // From inside: CAP_MAC_ADMIN in its own namespace is not enough.
  BOOST_TEST(smack_write_label_map(k, *c.task, "label3 m3", *c.task) == EPERM);
  // From a sibling namespace: neither the target's namespace nor its parent.
  Task& sib = spawn(k, init);
  enter_user_ns(k, sib, make_user_ns(k, sib, 200000));
  BOOST_TEST(smack_write_label_map(k, *c.task, "label3 m3", sib) == EPERM);
  // From the parent without CAP_MAC_ADMIN, or without a listed label under onlycap.
  Task& plain = spawn(k, init);
  drop_caps(k, plain);
  BOOST_TEST(smack_write_label_map(k, *c.task, "label3 m3", plain) == EPERM);
  Task& admin = labelled_task(k, "Admin");
  BOOST_TEST(smack_set_onlycap(k, {"Admin"}) == 0);
  BOOST_TEST(smack_write_label_map(k, *c.task, "label3 m3", init) == EPERM);
  BOOST_TEST(smack_write_label_map(k, *c.task, "label3 m3", admin) == 0);
  // Through /proc: the same checks (here: remap).
  BOOST_TEST(write_file(admin, c.map_path(), "label3 again").err == EEXIST);
}

BOOST_AUTO_TEST_CASE(inside_a_mapped_namespace) {
  Kernel k(smack_config());
  Container c(k);
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(
      smack_write_label_map(k, *c.task, "label1 mapped1\nlabel2 mapped2\n_ _", init) == 0);
  Task& t = *c.task;
  // Mapped names inside, init names outside, "?" for what the namespace does not map.
  BOOST_TEST(read_file(t, "/proc/self/attr/current").data == "mapped1");
  BOOST_TEST(read_file(init, "/proc/" + std::to_string(t.pid) + "/attr/current").data == "label1");
  BOOST_TEST(read_file(t, "/proc/1/attr/current").data == "_");  // mapped to itself
  Task& other = labelled_task(k, "label3");
  BOOST_TEST(smack_task_label(k, other, t) == "?");
  BOOST_TEST(smack_task_label(k, other, init) == "label3");
  // Only rules between mapped labels count; unmapped objects are denied outright.
  BOOST_TEST(c.access(c.id("label2"), MAY_WRITE) == 0);
  BOOST_TEST(c.access(c.id("label3"), MAY_READ) == -EACCES);
  BOOST_TEST(c.access(c.me.floor, MAY_READ) == 0);       // "_" mapped to "_": the floor
  BOOST_TEST(c.access(c.me.star, MAY_READ) == -EACCES);  // "*" is not mapped here
  // CAP_MAC_OVERRIDE in the (mapped) namespace: between mapped labels only.
  BOOST_TEST_REQUIRE(smack_load_rules(k, "label2 label1 r") == 0);
  Task& peer = labelled_task(k, "label2");
  int err = 0;
  auto cred = k.prepare_creds(*peer.cred, err);
  cred->user_ns = t.cred->user_ns;  // in the container, with every capability there
  k.commit_creds(peer, cred);
  BOOST_TEST(smk_tskacc(c.me, *peer.cred, c.id("label1"), MAY_WRITE, nullptr) == 0);
  // label2 -> label3 has a rule, but label3 is not mapped: denied, and no override.
  BOOST_TEST(smk_tskacc(c.me, *peer.cred, c.id("label3"), MAY_WRITE, nullptr) == -EACCES);
  drop_caps(k, peer);
  BOOST_TEST(smk_tskacc(c.me, *peer.cred, c.id("label1"), MAY_WRITE, nullptr) == -EACCES);
  BOOST_TEST(c.access(c.id("label3"), MAY_WRITE) == -EACCES);  // override never reaches it
}

// Every interface that hands a label to userspace shows the viewer's mapped name.
BOOST_AUTO_TEST_CASE(lsm_syscalls_and_so_peersec_show_mapped_names) {
  Kernel k(smack_config());
  Container c(k);
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(smack_write_label_map(k, *c.task, "label1 mapped1", init) == 0);
  Task& t = *c.task;
  UserMem m(256);
  UserWord size(256);
  BOOST_TEST_REQUIRE(sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, &size, 0).ok());
  const auto e = lsm_ctx_parse(m.bytes.data(), size.value());
  BOOST_TEST_REQUIRE(e.size() == 1u);
  BOOST_TEST(e[0].ctx == std::string("mapped1\0", 8));
  int fds[2];
  BOOST_TEST_REQUIRE(sys_socketpair(t, AF_UNIX, SOCK_STREAM, 0, fds).ok());
  BOOST_TEST(sys_getsockopt_peersec(t, fds[0], 64).data == std::string("mapped1\0", 8));
  // A socket created by init ("_", unmapped inside) is "?" to the container.
  int ifds[2];
  BOOST_TEST_REQUIRE(sys_socketpair(init, AF_UNIX, SOCK_STREAM, 0, ifds).ok());
  BOOST_TEST(sys_getsockopt_peersec(init, ifds[0], 64).data == std::string("_\0", 2));
}

BOOST_AUTO_TEST_CASE(labels_are_imported_by_their_mapped_names) {
  Kernel k(smack_config());
  Container c(k);
  Task& init = k.init_task();
  // "_" and "*" mapped to themselves: the path to smackfs and its files stay reachable.
  BOOST_TEST_REQUIRE(
      smack_write_label_map(k, *c.task, "label1 mapped1\nlabel2 mapped2\n_ _\n* *", init) == 0);
  Task& t = *c.task;
  std::uint32_t id = 0;
  BOOST_TEST(smk_import_entry(c.me, "mapped2", t, id) == 0);
  BOOST_TEST(id == c.id("label2"));
  BOOST_TEST(smk_import_entry(c.me, "label2", t, id) == -EBADR);  // the init name
  BOOST_TEST(smk_import_entry(c.me, "new", t, id) == -EBADR);     // nothing new inside
  BOOST_TEST(smk_import_entry(c.me, "-bad", t, id) == -EINVAL);
  // Setting its own label: CAP_MAC_ADMIN in its own mapped namespace, mapped names only.
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "label2").err == EBADR);
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "mapped2").ok());
  BOOST_TEST(read_file(t, "/proc/self/attr/current").data == "mapped2");
  BOOST_TEST(read_file(init, "/proc/" + std::to_string(t.pid) + "/attr/current").data == "label2");
  // access2 inside speaks mapped names too.
  BOOST_TEST(ask(t, "mapped1 mapped2 w") == "1");
  BOOST_TEST(ask(t, "label1 label2 w") == "0");
}

BOOST_AUTO_TEST_CASE(special_labels_are_what_the_map_makes_them) {
  // The document's example: "_" mapped to an ordinary name, an ordinary label mapped to "_".
  Kernel k(smack_config());
  SmackLsm& me = smack_of(k);
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(smack_load_rules(k, "floor_to_be label -\n") == 0);  // imports both
  Task& t = labelled_task(k, "label");
  enter_user_ns(k, t, make_user_ns(k, t, 100000));
  drop_caps(k, t);  // decisions only, no override
  const std::uint32_t ftb = me.known.lookup("floor_to_be");
  BOOST_TEST(smk_tskacc(me, *t.cred, ftb, MAY_READ, nullptr) == -EACCES);  // before: no rule
  BOOST_TEST(smk_tskacc(me, *t.cred, me.floor, MAY_READ, nullptr) == 0);   // the real floor
  BOOST_TEST_REQUIRE(
      smack_write_label_map(k, t, "_ ordinary_label\nfloor_to_be _\nlabel mapped", init) == 0);
  BOOST_TEST(smk_tskacc(me, *t.cred, ftb, MAY_READ, nullptr) == 0);  // the floor inside
  BOOST_TEST(smk_tskacc(me, *t.cred, ftb, MAY_WRITE, nullptr) == -EACCES);
  BOOST_TEST(smk_tskacc(me, *t.cred, me.floor, MAY_READ, nullptr) == -EACCES);  // ordinary now
  // Outside nothing changed.
  BOOST_TEST(smk_tskacc(me, *init.cred, ftb, MAY_WRITE, nullptr) == 0);  // init: CAP_MAC_OVERRIDE
  BOOST_TEST(smack_have_access(k, "label", "floor_to_be", "r") == false);
  // "_ _", "* *", "^ ^" are legal maps.
  Task& u = labelled_task(k, "label");
  enter_user_ns(k, u, make_user_ns(k, u, 300000));
  BOOST_TEST(smack_write_label_map(k, u, "_ _\n* *\n^ ^\nlabel label", init) == 0);
  drop_caps(k, u);
  BOOST_TEST(smk_tskacc(me, *u.cred, me.floor, MAY_READ, nullptr) == 0);
  BOOST_TEST(smk_tskacc(me, *u.cred, me.star, MAY_WRITE, nullptr) == 0);
}

BOOST_AUTO_TEST_CASE(nested_namespaces_inherit_the_nearest_map) {
  Kernel k(smack_config());
  Container c(k);
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(
      smack_write_label_map(k, *c.task, "label1 mapped1\nlabel2 mapped2\n_ _", init) == 0);
  Task& inner = spawn(k, *c.task);
  enter_user_ns(k, inner, make_user_ns(k, inner, 0, 1000));
  BOOST_TEST(read_file(inner, "/proc/self/attr/current").data == "mapped1");
  BOOST_TEST(smack_label_map(k, inner) == "label2 -> mapped2\nlabel1 -> mapped1\n_ -> _\n");
  BOOST_TEST(smk_tskacc(c.me, *inner.cred, c.id("label2"), MAY_WRITE, nullptr) == 0);  // rule
  // Append is beyond the rule: the container's own map gives it CAP_MAC_OVERRIDE, the nested
  // namespace, without a map of its own, does not.
  BOOST_TEST(c.access(c.id("label2"), MAY_APPEND) == 0);
  BOOST_TEST(smk_tskacc(c.me, *inner.cred, c.id("label2"), MAY_APPEND, nullptr) == -EACCES);
  // Only the init namespace fills maps: the container cannot map its child's.
  BOOST_TEST(smack_write_label_map(k, inner, "label1 x", *c.task) == EPERM);
}

// The prototype's smk_write_relabel_self(): CAP_MAC_ADMIN in the writer's own namespace (with
// a map of its own) is enough; the labels are mapped names.
BOOST_AUTO_TEST_CASE(relabel_self_with_the_namespaces_privilege) {
  Kernel k(smack_config());
  Container c(k);
  Task& init = k.init_task();
  Task& t = *c.task;
  BOOST_TEST(smk_write(t, "relabel-self", "label2") == EPERM);  // no map: no privilege there
  BOOST_TEST_REQUIRE(
      smack_write_label_map(k, t, "label1 mapped1\nlabel2 mapped2\n_ _\n* *", init) == 0);
  BOOST_TEST(smk_write(t, "relabel-self", "label2") == EBADR);  // an init name
  BOOST_TEST(smk_write(t, "relabel-self", "mapped2") == 0);
  BOOST_TEST(smk_read(t, "relabel-self") == "mapped2 ");
  BOOST_TEST(smk_read(init, "relabel-self").empty());
  BOOST_TEST(smk_write(t, "load2", "mapped1 mapped2 r") == EPERM);  // global files: init ns
}

// The prototype's smk_rule_show(): a reader inside a mapped namespace sees the rules between
// mapped labels, by their mapped names, and no other.
BOOST_AUTO_TEST_CASE(rules_read_inside_show_mapped_names_only) {
  Kernel k(smack_config());
  Container c(k);
  Task& init = k.init_task();
  Task& t = *c.task;
  BOOST_TEST_REQUIRE(
      smack_write_label_map(k, t, "label1 mapped1\nlabel2 mapped2\n_ _\n* *", init) == 0);
  BOOST_TEST(smk_read(t, "load2") == "mapped1 mapped2 rwx\n");
  const std::string all = smk_read(init, "load2");
  BOOST_TEST(all.find("label1 label2 rwx\n") != std::string::npos);
  BOOST_TEST(all.find("label2 label3 rwx\n") != std::string::npos);
  BOOST_TEST(smk_write(t, "load-self2", "mapped1 mapped2 r") == 0);
  BOOST_TEST(smk_read(t, "load-self2") == "mapped1 mapped2 r\n");
}

BOOST_AUTO_TEST_SUITE_END()
