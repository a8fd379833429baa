// Per-level verdicts (LsmModule::note_level) as the trace and `lsmsim explain` see them: a
// SELinux child namespace level against the init level, AppArmor stacked label components,
// capabilities' user namespaces, nested hook calls keeping their own notes, and nothing noted
// when the kernel does not trace.
#include <boost/test/unit_test.hpp>
#include <cerrno>

#include "engine/explain.h"
#include "engine/session.h"
#include "model/kernel.h"
#include "model/lsm/lsm_framework.h"
#include "model/syscalls/process.h"

using namespace lsmsim;
using namespace lsmsim::engine;

namespace {

std::string scenario(const std::string& rel) {
  return std::string(LSMSIM_SOURCE_DIR) + "/" + rel;
}

Explanation explain(const std::string& rel, int step) {
  auto session = ScenarioSession::from_file(scenario(rel));
  return explain_step(*session, step);
}

// The call whose answer decided the syscall (the last call an LSM ended with a denial).
const ExplainCall& deciding_call(const Explanation& e) {
  const ExplainCall* found = nullptr;
  for (const ExplainCall& c : e.calls)
    if (c.rc < 0 && !c.decided_by.empty()) found = &c;
  BOOST_TEST_REQUIRE(found != nullptr);
  return *found;
}

const ExplainLsm& lsm_in(const ExplainCall& c, const std::string& name) {
  for (const ExplainLsm& l : c.lsms)
    if (l.lsm == name) return l;
  BOOST_FAIL("no LSM " + name + " in the call");
  return c.lsms.front();
}

constexpr const char* kNspawn = "scenarios/flagship/08_selinux_namespace_nspawn.yaml";
constexpr const char* kStacked = "scenarios/apparmor/stacked_exec.yaml";

}  // namespace

BOOST_AUTO_TEST_SUITE(level_notes)

// Step 18: the child namespace's policy allows init_t to read shadow_t, the host's policy
// denies nspawn_t: the child level is checked first and allows, the init level denies.
BOOST_AUTO_TEST_CASE(selinux_denial_at_the_init_level_after_the_child_allowed) {
  const Explanation e = explain(kNspawn, 18);
  BOOST_TEST(e.err == EACCES);
  BOOST_TEST(e.denied_by == "selinux");
  BOOST_TEST(e.denied_level == "init");
  const ExplainLsm& se = lsm_in(deciding_call(e), "selinux");
  BOOST_TEST_REQUIRE(se.levels.size() == 2u);
  BOOST_TEST(se.levels[0].level != "init");
  BOOST_TEST(se.levels[0].rc == 0);
  BOOST_TEST(se.levels[0].subject == "system_u:system_r:init_t:s0");
  BOOST_TEST(se.levels[1].level == "init");
  BOOST_TEST(se.levels[1].rc == -EACCES);
  BOOST_TEST(se.levels[1].subject == "system_u:system_r:nspawn_t:s0");
  BOOST_TEST(se.levels[1].reason.find("tcontext=system_u:object_r:shadow_t:s0") !=
             std::string::npos);
  BOOST_TEST(se.ns_level == "init");
}

// Step 23: the guest's enforcing policy denies its daemon at the child level; the walk stops
// there (selinux_cred_has_perm returns the first refusal), so the init level is not noted.
BOOST_AUTO_TEST_CASE(selinux_denial_at_the_child_level_stops_the_walk) {
  const Explanation e = explain(kNspawn, 23);
  BOOST_TEST(e.err == EACCES);
  BOOST_TEST(e.denied_level != "init");
  BOOST_TEST(!e.denied_level.empty());
  const ExplainLsm& se = lsm_in(deciding_call(e), "selinux");
  BOOST_TEST_REQUIRE(se.levels.size() == 1u);
  BOOST_TEST(se.levels[0].level == e.denied_level);
  BOOST_TEST(se.levels[0].rc == -EACCES);
  BOOST_TEST(se.levels[0].subject == "system_u:system_r:guest_daemon_t:s0");
}

// An allowed access under a permissive host (step 24: host setenforce 0): the host level
// logs and allows; the note says it was permissive, not that a rule allowed it.
BOOST_AUTO_TEST_CASE(selinux_permissive_level_is_noted_as_only_logging) {
  const Explanation e = explain(kNspawn, 24);
  BOOST_TEST(e.err == 0);
  bool permissive_note = false;
  for (const ExplainCall& c : e.calls)
    for (const ExplainLsm& l : c.lsms)
      for (const LevelRecord& lv : l.levels)
        if (lv.level == "init" && lv.rc == 0 && lv.reason.find("permissive") != std::string::npos)
          permissive_note = true;
  BOOST_TEST(permissive_note);
}

// Stacked AppArmor label idprof//&shell: every confined profile is asked (fn_for_each_
// confined), so both components are noted, idprof refusing and shell allowing.
BOOST_AUTO_TEST_CASE(apparmor_stacked_label_components) {
  const Explanation e = explain(kStacked, 8);
  BOOST_TEST(e.err == EACCES);
  BOOST_TEST(e.denied_by == "apparmor");
  const ExplainLsm& aa = lsm_in(deciding_call(e), "apparmor");
  BOOST_TEST_REQUIRE(aa.levels.size() == 2u);
  std::map<std::string, int> verdicts;
  for (const LevelRecord& lv : aa.levels) verdicts[lv.subject] = lv.rc;
  BOOST_TEST(verdicts.at("idprof") == -EACCES);
  BOOST_TEST(verdicts.at("shell") == 0);
  BOOST_TEST(aa.levels[0].level == "root");
}

// The first stacked denial (step 5, jail//&shell reading /etc/hostname): jail denies.
BOOST_AUTO_TEST_CASE(apparmor_stack_names_the_denying_component) {
  const Explanation e = explain(kStacked, 5);
  const ExplainLsm& aa = lsm_in(deciding_call(e), "apparmor");
  int denied = 0;
  for (const LevelRecord& lv : aa.levels)
    if (lv.rc < 0) {
      ++denied;
      BOOST_TEST(lv.subject == "jail");
    }
  BOOST_TEST(denied == 1);
}

// capset's callback asks capable (a nested hook call): the capability notes belong to the
// capable event, not to capset's.
BOOST_AUTO_TEST_CASE(nested_hook_calls_keep_their_own_notes) {
  Kernel k(KernelConfig{});
  k.lsm().set_tracing(true);
  Task& init = k.init_task();
  CapSet none;
  BOOST_TEST_REQUIRE(sys_capset(init, none, none, none).ok());
  bool capable_noted = false, capset_seen = false;
  const std::uint16_t cap_index = k.lsm().find("capability")->index();
  for (const HookTraceEvent& ev : k.lsm().trace()) {
    if (ev.lsm != cap_index) continue;
    if (ev.hook == Hook::capable) {
      BOOST_TEST_REQUIRE(ev.levels.size() == 1u);
      BOOST_TEST(ev.levels[0].reason.find("cap_setpcap granted") != std::string::npos);
      capable_noted = true;
    } else if (ev.hook == Hook::capset) {
      BOOST_TEST(ev.levels.empty(), "capset's own event got the nested capable note");
      capset_seen = true;
    }
  }
  BOOST_TEST(capset_seen);
  BOOST_TEST(capable_noted);
}

BOOST_AUTO_TEST_CASE(nothing_is_noted_without_tracing) {
  Kernel k(KernelConfig{});
  LsmModule* cap = k.lsm().find("capability");
  BOOST_TEST_REQUIRE(cap != nullptr);
  BOOST_TEST(!cap->noting_levels());
  cap->note_level("init", "", 0, "ignored");
  k.lsm().set_tracing(true);
  BOOST_TEST(cap->noting_levels());
  BOOST_TEST(k.lsm().trace_mark() == 0u);  // the note made while off was dropped
  cap->note_level("init", "", 0, "kept");
  BOOST_TEST(k.lsm().trace_mark() == 1u);
  k.lsm().clear_trace();
  BOOST_TEST(k.lsm().trace_mark() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
