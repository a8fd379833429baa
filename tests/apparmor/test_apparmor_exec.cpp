// Exec transitions (domain.c apparmor_bprm_creds_for_exec, profile_transition, x_to_label,
// find_attach), change_profile / stack / change_onexec and change_hat through attr files.
#include <cerrno>
#include <fstream>
#include <iterator>

#include "lsms/apparmor/policy/profile_parser.h"
#include "model/binprm.h"
#include "model/syscalls/exec.h"
#include "tests/apparmor/apparmor_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

void load_text(Kernel& k, const std::string& text, const std::string& ns = {}) {
  aa::ProfileParseOptions o;
  o.filename = "test";
  o.ns = ns;
  apparmor_load_profiles(k, text, o);
}

Task& confined(Kernel& k, const std::string& label) {
  Task& t = spawn(k, k.init_task());
  set_label(k, t, label);
  return t;
}

// exec `path` in a fresh task with `label`; the resulting label (root view) or "<errno N>".
std::string exec_as(Kernel& k, const std::string& label, const std::string& path) {
  Task& t = confined(k, label);
  SysResult r = sys_execve(t, path);
  if (!r.ok()) return "<errno " + std::to_string(r.err) + ">";
  return apparmor_task_label(k, t);
}

const std::string kShell =
    "/bin/sh {\n"
    "  /bin/cat ix,\n"
    "  /usr/bin/id px,\n"
    "  /bin/ls cx -> lsc,\n"
    "  /usr/bin/env Ux,\n"
    "  /bin/true pix,\n"
    "  /bin/mount cx,\n"
    "  /usr/bin/unshare px -> other,\n"
    "  profile lsc { }\n"
    "  profile /bin/mount { }\n"
    "}\n"
    "/usr/bin/id { }\n"
    "profile other { }\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(apparmor_exec)

BOOST_AUTO_TEST_CASE(exec_modes) {
  Kernel k(aa_config());
  load_text(k, kShell);
  BOOST_TEST(exec_as(k, "/bin/sh", "/bin/cat") == "/bin/sh (enforce)");
  BOOST_TEST(exec_as(k, "/bin/sh", "/usr/bin/id") == "/usr/bin/id (enforce)");
  BOOST_TEST(exec_as(k, "/bin/sh", "/bin/ls") == "/bin/sh//lsc (enforce)");
  BOOST_TEST(exec_as(k, "/bin/sh", "/bin/mount") == "/bin/sh///bin/mount (enforce)");
  BOOST_TEST(exec_as(k, "/bin/sh", "/usr/bin/env") == "unconfined");
  BOOST_TEST(exec_as(k, "/bin/sh", "/bin/true") == "/bin/sh (enforce)");  // ix fallback
  BOOST_TEST(exec_as(k, "/bin/sh", "/usr/bin/unshare") == "other (enforce)");
  // No x permission: EACCES and a record.
  BOOST_TEST(exec_as(k, "/bin/sh", "/bin/false") == "<errno 13>");
  BOOST_TEST(last_record(k).find("apparmor=\"DENIED\" operation=\"exec\" class=\"file\" "
                                 "profile=\"/bin/sh\" name=\"/bin/false\"") == 0u);
  BOOST_TEST(last_record(k).find("requested_mask=\"x\" denied_mask=\"x\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(px_without_a_profile_fails_and_scrubbing_sets_secureexec) {
  Kernel k(aa_config());
  load_text(k,
            "/bin/sh {\n  /bin/cat px,\n  /usr/bin/env Px -> /usr/bin/id,\n}\n/usr/bin/id { }\n");
  BOOST_TEST(exec_as(k, "/bin/sh", "/bin/cat") == "<errno 13>");
  BOOST_TEST(last_record(k).find("info=\"profile transition not found\"") != std::string::npos);
  Task& t = confined(k, "/bin/sh");
  BOOST_TEST(sys_execve(t, "/usr/bin/env").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "/usr/bin/id (enforce)");
}

// find_attach ranks by xmatch_len, not the literal prefix: "/usr/{bin,sbin}/en*" (11) beats
// "/usr/bin/*" (10) though its literal prefix is shorter; equal lengths conflict and the
// unconfined task stays unconfined ("conflicting profile attachments").
BOOST_AUTO_TEST_CASE(attachments_rank_by_xmatch_len) {
  BOOST_TEST(aa::Glob("/usr/bin/*").min_match_length() == 10u);
  BOOST_TEST(aa::Glob("/usr/{bin,sbin}/en*").min_match_length() == 11u);
  BOOST_TEST(aa::Glob("/usr/bin/?*").min_match_length() == 10u);
  Kernel k(aa_config());
  load_text(k, "profile any /usr/bin/* { }\nprofile alt /usr/{bin,sbin}/en* { }\n");
  BOOST_TEST(exec_as(k, "unconfined", "/usr/bin/env") == "alt (enforce)");
  BOOST_TEST(exec_as(k, "unconfined", "/usr/bin/id") == "any (enforce)");
  load_text(k, "profile q /usr/bin/?* { }\n/usr/bin/id { }\n");
  BOOST_TEST(exec_as(k, "unconfined", "/usr/bin/env") == "alt (enforce)");  // 11 > 10
  // A literal name wins over the globs.
  BOOST_TEST(exec_as(k, "unconfined", "/usr/bin/id") == "/usr/bin/id (enforce)");
  apparmor_remove_profile(k, "alt");
  BOOST_TEST(exec_as(k, "unconfined", "/usr/bin/env") == "unconfined");  // any vs q: conflict
  // A confined px finds the same conflict: no transition, the exec is refused.
  load_text(k, "profile sh { /usr/bin/env px, }\n");
  BOOST_TEST(exec_as(k, "sh", "/usr/bin/env") == "<errno 13>");
  BOOST_TEST(last_record(k).find("info=\"conflicting profile attachments\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unconfined_finds_attachments_longest_match) {
  Kernel k(aa_config());
  load_text(k, "profile any /usr/bin/* { }\nprofile idish /usr/bin/id* { }\n/bin/cat { }\n");
  BOOST_TEST(exec_as(k, "unconfined", "/usr/bin/id") == "idish (enforce)");
  BOOST_TEST(exec_as(k, "unconfined", "/usr/bin/env") == "any (enforce)");
  BOOST_TEST(exec_as(k, "unconfined", "/bin/cat") == "/bin/cat (enforce)");
  BOOST_TEST(exec_as(k, "unconfined", "/bin/ls") == "unconfined");
  // A namespace's unconfined finds the attachments of its own namespace only.
  load_text(k, "/bin/ls { }\n", "c1");
  BOOST_TEST(exec_as(k, ":c1:", "/bin/ls") == ":c1:/bin/ls (enforce)");
  BOOST_TEST(exec_as(k, ":c1:", "/bin/cat") == ":c1:unconfined");
  // Stacked with a host profile: each component transitions on its own, results merged.
  load_text(k, "profile host { /bin/ls ix, /bin/cat ix, }\n");
  BOOST_TEST(exec_as(k, "host//&:c1:", "/bin/ls") == "host//&:c1:/bin/ls (enforce)");
}

BOOST_AUTO_TEST_CASE(stacked_transitions_merge) {
  Kernel k(aa_config());
  load_text(k,
            "profile A { /bin/cat ix, /bin/ls ix, }\n"
            "profile B { /bin/cat px -> C, /bin/ls ix, }\n"
            "profile C { }\n");
  BOOST_TEST(exec_as(k, "A//&B", "/bin/cat") == "A//&C (enforce)");
  BOOST_TEST(exec_as(k, "A//&B", "/bin/ls") == "A//&B (enforce)");
  // One component without x permission refuses the exec.
  BOOST_TEST(exec_as(k, "A//&B", "/bin/true") == "<errno 13>");
}

BOOST_AUTO_TEST_CASE(no_new_privs_allows_only_stacking) {
  Kernel k(aa_config());
  load_text(k, "profile A { /bin/cat px -> C, /bin/ls pix -> &C, }\nprofile C { }\n");
  Task& t = confined(k, "A");
  {
    int err = 0;
    auto c = k.prepare_creds(*t.cred, err);
    c->no_new_privs = true;
    k.commit_creds(t, c);
  }
  BOOST_TEST(sys_execve(t, "/bin/cat").err == EPERM);
  BOOST_TEST(last_record(k).find("info=\"no new privs\"") != std::string::npos);
  BOOST_TEST(sys_execve(t, "/bin/ls").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "A//&C (enforce)");
}

BOOST_AUTO_TEST_CASE(change_profile_and_stack) {
  Kernel k(aa_config());
  load_text(k,
            "profile cp {\n  /proc/** rw,\n  change_profile -> target,\n"
            "  change_profile -> &stk,\n}\n"
            "profile target { /proc/** rw, }\nprofile stk { /proc/** rw, }\nprofile other { }\n");
  const std::string cur = "/proc/self/attr/current";
  Task& t = confined(k, "cp");
  BOOST_TEST(write_file(t, cur, "changeprofile other").err == EACCES);
  BOOST_TEST(last_record(k).find("apparmor=\"DENIED\" operation=\"change_profile\" "
                                 "class=\"file\" profile=\"cp\" name=\"other\"") == 0u);
  BOOST_TEST(last_record(k).find("target=\"other\"") != std::string::npos);
  BOOST_TEST(write_file(t, cur, "changeprofile nosuch").err == ENOENT);
  BOOST_TEST(last_record(k).find("info=\"label not found\" error=-2 profile=\"cp\"") !=
             std::string::npos);
  BOOST_TEST(write_file(t, cur, "stack target").err == EACCES);  // only `-> &stk` stacks
  BOOST_TEST(write_file(t, cur, "stack stk").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "cp//&stk (enforce)");
  Task& u = confined(k, "cp");
  BOOST_TEST(write_file(u, cur, "changeprofile target").ok());
  BOOST_TEST(apparmor_task_label(k, u) == "target (enforce)");
  // Unconfined may change to anything that exists; "&" stacks on the current label.
  Task& w = confined(k, "unconfined");
  BOOST_TEST(write_file(w, cur, "changeprofile &other").ok());
  BOOST_TEST(apparmor_task_label(k, w) == "other//&unconfined (enforce)");
  // attr/exec: the change happens at the next exec.
  Task& x = confined(k, "unconfined");
  BOOST_TEST(write_file(x, "/proc/self/attr/exec", "exec target").ok());
  BOOST_TEST(apparmor_task_label(k, x) == "unconfined");
  BOOST_TEST(sys_execve(x, "/bin/true").ok());
  BOOST_TEST(apparmor_task_label(k, x) == "target (enforce)");
}

BOOST_AUTO_TEST_CASE(change_hat_needs_a_real_hat) {
  Kernel k(aa_config());
  load_text(k,
            "profile h {\n  /proc/** rw,\n  ^sub { /proc/** rw, }\n"
            "  profile notahat { }\n}\n");
  const std::string cur = "/proc/self/attr/current";
  Task& t = confined(k, "h");
  BOOST_TEST(write_file(t, cur, "changehat 5^nosuch").err == ENOENT);
  BOOST_TEST(write_file(t, cur, "changehat 5^notahat").err == EPERM);
  BOOST_TEST(write_file(t, cur, "changehat 5^sub").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "h//sub (enforce)");
  BOOST_TEST(write_file(t, cur, "changehat 6^").err == EACCES);  // wrong token
  BOOST_TEST(write_file(t, cur, "changehat 5^").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "h (enforce)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(apparmor_debian_profiles)

// A complain profile without x permission for the program: the exec goes on in the learning
// profile `parent//null-<program>` (aa_new_learning_profile), complain mode, no rules; the
// record is ALLOWED with the null- target. Enforce mode refuses.
BOOST_AUTO_TEST_CASE(complain_exec_without_x_enters_a_learning_profile) {
  Kernel k(aa_config());
  load_text(k, "profile learner flags=(complain) { /etc/hostname r, }\nprofile strict { }\n");
  Task& t = confined(k, "learner");
  BOOST_TEST_REQUIRE(sys_execve(t, "/usr/bin/id").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "learner//null-/usr/bin/id (complain)");
  BOOST_TEST(last_record(k).find("apparmor=\"ALLOWED\" operation=\"exec\" class=\"file\" "
                                 "profile=\"learner\" name=\"/usr/bin/id\"") == 0u);
  BOOST_TEST(last_record(k).find("target=\"learner//null-/usr/bin/id\"") != std::string::npos);
  // A child of the profile: listed, reused by the next exec, gone with its parent.
  const std::vector<std::string> listed = {
      "learner (complain)", "learner//null-/usr/bin/id (complain)", "strict (enforce)"};
  BOOST_TEST(apparmor_profile_list(k) == listed);
  BOOST_TEST(exec_as(k, "learner", "/usr/bin/id") == "learner//null-/usr/bin/id (complain)");
  // No rules: what the parent allowed is now only logged.
  BOOST_TEST(read_file(t, "/etc/hostname").ok());
  BOOST_TEST(last_record(k).find("apparmor=\"ALLOWED\" operation=\"open\" class=\"file\" "
                                 "profile=\"learner//null-/usr/bin/id\"") == 0u);
  BOOST_TEST(exec_as(k, "strict", "/usr/bin/id") == "<errno 13>");
  apparmor_remove_profile(k, "learner");
  BOOST_TEST(apparmor_profile_list(k) == std::vector<std::string>{"strict (enforce)"});
}

// /etc/apparmor.d/bin.ping (apparmor-profiles): its attachment glob, complain mode, the
// abstractions it includes; a task that execs ping gets the profile and its decisions.
BOOST_AUTO_TEST_CASE(bin_ping_attaches_and_complains) {
  Kernel k(aa_config());
  aa::ProfileParseOptions o;
  o.filename = "/etc/apparmor.d/bin.ping";
  o.base_dir = "/etc/apparmor.d";
  std::ifstream in(o.filename);
  BOOST_TEST_REQUIRE(in.good());
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  apparmor_load_profiles(k, text, o);
  BOOST_TEST(apparmor_profile_list(k) == std::vector<std::string>{"ping (complain)"});
  Task& root = k.init_task();
  BOOST_TEST_REQUIRE(write_file(root, "/bin/ping",
                                std::string("\x7f"
                                            "ELF ping"))
                         .ok());
  BOOST_TEST_REQUIRE(sys_chmod(root, "/bin/ping", 0755).ok());
  Task& t = confined(k, "unconfined");
  BOOST_TEST_REQUIRE(sys_execve(t, "/bin/ping").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "ping (complain)");
  // Allowed by the profile: no record. Outside it: allowed, logged ALLOWED.
  const std::size_t n = apparmor_audit_records(k).size();
  BOOST_TEST(read_file(t, "/etc/passwd").ok());  // abstractions/nameservice
  BOOST_TEST(apparmor_audit_records(k).size() == n);
  BOOST_TEST(read_file(t, "/etc/shadow").ok());
  BOOST_TEST(last_record(k).find("apparmor=\"ALLOWED\" operation=\"open\" class=\"file\" "
                                 "profile=\"ping\" name=\"/etc/shadow\"") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
