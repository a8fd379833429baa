// SELinux edges of the transition graph against the policy itself: for every state and every
// program, the security server's type_transition result and allow rules predict whether the
// exec is an edge (and to which domain) or a refusal by SELinux.
#include <boost/test/unit_test.hpp>

#include <cerrno>

#include "analysis/transition_graph.h"
#include "engine/run_state.h"
#include "lsms/selinux/policy/services.h"
#include "lsms/selinux/selinux.h"
#include "tests/analysis/analysis_support.h"

namespace lsmsim {
namespace {

// The container of scenarios/analysis with SELinux alone (capability,selinux).
const char* kSelinuxOnly = R"(
name: selinux alone
boot:
  lsm: capability,selinux
  selinux: {policy: policies/two_tools.conf, file_contexts: policies/two_tools.file_contexts}
steps:
  - {as: init, open: /usr/bin/update, flags: [O_WRONLY, O_CREAT], mode: 0755, save: u}
  - {as: init, write: {fd: u, data: "\x7fELF update"}}
  - {as: init, close: u}
  - {as: init, setxattr: {path: /usr/bin/update, name: security.selinux, value: "system_u:object_r:update_exec_t:s0"}}
  - {as: init, open: /usr/sbin/admin, flags: [O_WRONLY, O_CREAT], mode: 0755, save: a}
  - {as: init, write: {fd: a, data: "\x7fELF admin"}}
  - {as: init, close: a}
  - {as: init, setxattr: {path: /usr/sbin/admin, name: security.selinux, value: "system_u:object_r:admin_exec_t:s0"}}
  - {as: init, fork: ctr}
  - {as: ctr, write: /proc/self/attr/exec, data: "system_u:system_r:container_t:s0"}
  - {as: ctr, exec: /sbin/init}
)";

bool has(const sepolicy::SecurityServer& ss, const sepolicy::Context& s, const sepolicy::Context& t,
         const char* cls, std::initializer_list<const char*> perms) {
  const std::uint16_t c = ss.class_value(cls);
  const sepolicy::AvDecision d = ss.compute_av(s, t, c);
  for (const char* p : perms)
    if ((d.allowed & ss.perm_bit(c, p)) == 0) return false;
  return true;
}

BOOST_AUTO_TEST_SUITE(analysis_selinux_edges)

BOOST_AUTO_TEST_CASE(every_exec_matches_type_transition_and_allow_rules) {
  auto s = testing::analysis_session(kSelinuxOnly);
  s->run_all();
  for (const auto& st : s->record().steps) BOOST_REQUIRE_MESSAGE(st.passed(), st.call);
  Kernel& k = s->kernel();
  const analysis::TransitionGraph g =
      analysis::explore_transitions(k, s->state().running_task("ctr"));
  const sepolicy::SecurityServer* ss = selinux_policy(k);
  BOOST_REQUIRE(ss != nullptr);
  BOOST_REQUIRE_EQUAL(g.lsms.size(), 1u);
  BOOST_REQUIRE_EQUAL(g.lsms[0], "selinux");

  auto ctx = [&](const std::string& text) {
    sepolicy::Context c;
    BOOST_REQUIRE_MESSAGE(ss->context_from_string(text, c) == 0, text);
    return c;
  };
  std::size_t checked = 0, transitions = 0;
  for (std::size_t from = 0; from < g.states.size(); ++from) {
    const sepolicy::Context sc = ctx(*g.states[from].label_of("selinux"));
    auto check = [&](const std::string& path, const std::string& fcon,
                     const analysis::TransitionEdge* edge,
                     const analysis::RefusedTransition* refused) {
      BOOST_TEST_CONTEXT(g.states[from].label_text() << " exec " << path << " (" << fcon << ")") {
        BOOST_REQUIRE(!fcon.empty());
        const sepolicy::Context fc = ctx(fcon);
        sepolicy::Context nc;
        BOOST_REQUIRE_EQUAL(ss->compute_create(sc, fc, ss->class_value("process"), "", nc), 0);
        const bool same = ss->context_to_string(nc) == ss->context_to_string(sc);
        bool allowed = has(*ss, sc, fc, "file", {"execute", "read", "open"});
        if (same)
          allowed = allowed && has(*ss, sc, fc, "file", {"execute_no_trans"});
        else
          allowed = allowed && has(*ss, sc, nc, "process", {"transition"}) &&
                    has(*ss, nc, fc, "file", {"entrypoint"});
        BOOST_CHECK_EQUAL(edge != nullptr, allowed);
        if (edge != nullptr) {
          BOOST_CHECK_EQUAL(*g.states[edge->to].label_of("selinux"), ss->context_to_string(nc));
          transitions += same ? 0 : 1;
        }
        if (refused != nullptr) {
          BOOST_REQUIRE(refused->denial.has_value());
          BOOST_CHECK_EQUAL(refused->denial->by, "selinux");
          BOOST_CHECK_EQUAL(refused->err, EACCES);
        }
        ++checked;
      }
    };
    for (const auto& e : g.edges)
      if (e.from == from) check(e.path, e.file_context, &e, nullptr);
    for (const auto& r : g.refused)
      if (r.from == from) check(r.path, r.file_context, nullptr, &r);
  }
  // Every program was tried from every state, and the two domain changes were found.
  BOOST_CHECK_EQUAL(checked, g.states.size() * g.programs.size());
  BOOST_CHECK_EQUAL(g.states.size(), 3u);  // container_t, update_t, admin_t
  BOOST_CHECK_EQUAL(transitions, 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lsmsim
