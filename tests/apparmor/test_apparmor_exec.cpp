// Exec transitions (domain.c apparmor_bprm_creds_for_exec, profile_transition, x_to_label,
// find_attach), change_profile / stack / change_onexec and change_hat through attr files.
#include <fcntl.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <iterator>

#include "lsms/apparmor/policy/profile_parser.h"
#include "model/binprm.h"
#include "model/lsm/security.h"
#include "model/syscalls/exec.h"
#include "model/syscalls/syscall_util.h"
#include "model/vfs/inode.h"
#include "tests/apparmor/apparmor_support.h"
#include "tests/support/task_helpers.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

// exec `path` in a fresh task with `label`; the resulting label (root view) or "<errno N>".
std::string exec_as(Kernel& k, const std::string& label, const std::string& path) {
  Task& t = confined(k, label);
  SysResult r = sys_execve(t, path);
  if (!r.ok()) return "<errno " + std::to_string(r.err) + ">";
  return apparmor_task_label(k, t);
}

void set_nnp(Kernel& k, Task& t) {
  int err = 0;
  auto c = k.prepare_creds(*t.cred, err);
  c->no_new_privs = true;
  k.commit_creds(t, c);
}

// AT_SECURE after bprm_creds_for_exec for `path` run by `t` (the hook alone: nothing is
// committed, so AppArmor's exec state stays as it was).
bool exec_secure(Kernel& k, Task& t, const std::string& path) {
  Task& root = k.init_task();
  SysResult o = sys_open(root, path, O_RDONLY);
  BOOST_TEST_REQUIRE(o.ok());
  std::shared_ptr<File> f = task_files(root).fds.at(static_cast<int>(o.ret));
  SyscallScope scope(t);
  int err = 0;
  LinuxBinprm bprm;
  bprm.filename = path;
  bprm.cred = k.prepare_creds(*t.cred, err);
  bprm.inode = f->inode;
  bprm.file = f.get();
  const int rc = security_bprm_creds_for_exec(k.lsm(), bprm);
  BOOST_TEST_REQUIRE(rc == 0);
  return bprm.secureexec;
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
  BOOST_TEST(write_file(t, cur, "changehat 5^").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "h (enforce)");
}

// do_setattr(): an unknown command is EINVAL with a setprocattr record naming the attribute;
// change_profile records keep the leading '&' (auditname); a name that is no label is just
// not found (ENOENT, one record per profile of the caller's namespace); the no_new_privs
// refusal is not logged.
BOOST_AUTO_TEST_CASE(setprocattr_records_and_names) {
  Kernel k(aa_config());
  load_text(k,
            "profile cp {\n  /proc/** rw,\n  change_profile -> target,\n}\n"
            "profile target { }\nprofile other { }\n");
  Task& t = confined(k, "cp");
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "bogus x").err == EINVAL);
  BOOST_TEST(last_record(k).find("apparmor=\"DENIED\" operation=\"setprocattr\" "
                                 "info=\"current\" error=-22 profile=\"cp\"") == 0u);
  BOOST_TEST(write_file(t, "/proc/self/attr/exec", "changeprofile x").err == EINVAL);
  BOOST_TEST(last_record(k).find("info=\"exec\" error=-22") != std::string::npos);
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "changeprofile &other").err == EACCES);
  BOOST_TEST(last_record(k).find("operation=\"change_profile\" class=\"file\" profile=\"cp\" "
                                 "name=\"&other\"") != std::string::npos);
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "changeprofile a\tb").err == ENOENT);
  BOOST_TEST(last_record(k).find("info=\"label not found\"") != std::string::npos);
  Task& u = confined(k, "unconfined//&cp");
  BOOST_TEST(write_file(u, "/proc/self/attr/current", "changeprofile nosuch").err == ENOENT);
  const auto recs = apparmor_audit_records(k);
  BOOST_TEST(recs[recs.size() - 2].find("profile=\"cp\"") != std::string::npos);
  BOOST_TEST(recs.back().find("profile=\"unconfined\"") != std::string::npos);
  set_nnp(k, t);
  const std::size_t n = apparmor_audit_records(k).size();
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "changeprofile target").err == EPERM);
  BOOST_TEST(apparmor_audit_records(k).size() == n);
}

// aa_change_hat(): probing hats; ECHILD without hats; a single missing name is not logged,
// several are; permhat tests without the token; a wrong token kills (aa_restore_previous_label
// -EACCES -> "failed token match", KILLED); entering a hat drops a pending onexec.
BOOST_AUTO_TEST_CASE(change_hat_probing_tokens_and_onexec) {
  Kernel k(aa_config());
  load_text(k,
            "profile h {\n  /proc/** rw,\n  change_profile -> other,\n"
            "  ^sub { /proc/** rw, }\n  ^sub2 { /proc/** rw, }\n}\n"
            "profile nohats { /proc/** rw, }\nprofile other { }\n");
  const std::string cur = "/proc/self/attr/current";
  Task& n = confined(k, "nohats");
  BOOST_TEST(write_file(n, cur, "changehat 5^sub").err == ECHILD);
  Task& t = confined(k, "h");
  const std::size_t records = apparmor_audit_records(k).size();
  BOOST_TEST(write_file(t, cur, "changehat 5^nosuch").err == ENOENT);
  BOOST_TEST(apparmor_audit_records(k).size() == records);  // one name: a silent probe
  BOOST_TEST(write_file(t, cur, std::string("changehat 5^nosuch\0sub", 22)).ok());  // first found
  BOOST_TEST(apparmor_task_label(k, t) == "h//sub (enforce)");
  BOOST_TEST(write_file(t, cur, "permhat 9^sub2").ok());    // a test: the token is not checked
  BOOST_TEST(write_file(t, cur, "changehat 5^sub2").ok());  // sibling hat, same token
  BOOST_TEST(apparmor_task_label(k, t) == "h//sub2 (enforce)");
  BOOST_TEST(write_file(t, cur, "changehat 5^").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "h (enforce)");
  BOOST_TEST(write_file(t, cur, std::string("changehat 5^a\0b", 15)).err == ENOENT);  // logged
  BOOST_TEST(last_record(k).find("operation=\"change_hat\" class=\"file\" info=\"hat not "
                                 "found\" error=-2 profile=\"h\"") != std::string::npos);
  // A pending onexec does not survive entering a hat.
  BOOST_TEST(write_file(t, "/proc/self/attr/exec", "exec other").ok());
  BOOST_TEST(write_file(t, cur, "changehat 7^sub").ok());
  BOOST_TEST(read_file(t, "/proc/self/attr/exec").err == EINVAL);
  // Returning with the wrong token kills the task.
  BOOST_TEST(write_file(t, cur, "changehat 6^").err == EACCES);
  BOOST_TEST(last_record(k).find("apparmor=\"KILLED\" operation=\"change_hat\"") == 0u);
  BOOST_TEST(last_record(k).find("info=\"failed token match\"") != std::string::npos);
  BOOST_TEST(t.exit_code == SIGKILL);
}

// no_new_privs applies to change_hat too (aa_change_hat: the hat must keep ctx->nnp's
// confinement), entering and returning; the refusal is not logged.
BOOST_AUTO_TEST_CASE(change_hat_under_no_new_privs) {
  Kernel k(aa_config());
  load_text(k, "profile h {\n  /proc/** rw,\n  ^sub { /proc/** rw, }\n}\n");
  Task& t = confined(k, "h");
  set_nnp(k, t);
  const std::size_t records = apparmor_audit_records(k).size();
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "changehat 5^sub").err == EPERM);
  BOOST_TEST(apparmor_audit_records(k).size() == records);
  BOOST_TEST(apparmor_task_label(k, t) == "h (enforce)");
  // In a hat before no_new_privs: returning drops the hat's confinement, refused.
  Task& u = confined(k, "h");
  BOOST_TEST(write_file(u, "/proc/self/attr/current", "changehat 5^sub").ok());
  set_nnp(k, u);
  BOOST_TEST(write_file(u, "/proc/self/attr/current", "changehat 5^").err == EPERM);
  BOOST_TEST(apparmor_task_label(k, u) == "h//sub (enforce)");
}

// attr/exec "stack X" keeps the bare target (read back as X) and stacks it at exec on the
// task's own profiles (handle_onexec with stack: aa_label_merge(profile, onexec)), matched
// by `-> &X` rules as "&X".
BOOST_AUTO_TEST_CASE(stack_on_exec_through_attr_exec) {
  Kernel k(aa_config());
  load_text(k,
            "profile A {\n  /proc/** rw,\n  /bin/cat ix,\n  change_profile -> &B,\n}\n"
            "profile B { /proc/** rw, }\n");
  Task& t = confined(k, "A");
  BOOST_TEST(write_file(t, "/proc/self/attr/exec", "stack B").ok());
  BOOST_TEST(read_file(t, "/proc/self/attr/exec").data == "B (enforce)\n");
  BOOST_TEST(sys_execve(t, "/bin/cat").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "A//&B (enforce)");
  BOOST_TEST(read_file(t, "/proc/self/attr/exec").err == EINVAL);  // consumed by the exec
  Task& u = confined(k, "A");
  BOOST_TEST(write_file(u, "/proc/self/attr/exec", "exec B").err == EACCES);  // `&B` only stacks
}

// Exec-conditional change_profile rules (`change_profile /bin/ls -> C`) allow the attr write
// (the parser's bare-target entry) and are checked against the program at exec
// (profile_onexec); `deny change_profile` rules count at exec too.
BOOST_AUTO_TEST_CASE(exec_conditional_change_profile) {
  Kernel k(aa_config());
  load_text(k,
            "profile A {\n  /proc/** rw,\n  change_profile /bin/ls -> C,\n"
            "  change_profile /usr/bin/* -> D,\n}\n"
            "profile C { }\nprofile D { }\n");
  Task& t = confined(k, "A");
  BOOST_TEST(write_file(t, "/proc/self/attr/exec", "exec C").ok());
  BOOST_TEST(sys_execve(t, "/bin/ls").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "C (enforce)");
  Task& u = confined(k, "A");
  BOOST_TEST(write_file(u, "/proc/self/attr/exec", "exec C").ok());
  BOOST_TEST(sys_execve(u, "/bin/cat").err == EACCES);
  BOOST_TEST(last_record(k).find("apparmor=\"DENIED\" operation=\"exec\" class=\"file\" "
                                 "info=\"no change_onexec valid for executable\" error=-13 "
                                 "profile=\"A\" name=\"/bin/cat\"") == 0u);
  Task& w = confined(k, "A");
  BOOST_TEST(write_file(w, "/proc/self/attr/exec", "exec D").ok());
  // A replacement adds a deny rule for one program: checked at exec.
  load_text(k,
            "profile A {\n  /proc/** rw,\n  change_profile /bin/ls -> C,\n"
            "  change_profile /usr/bin/* -> D,\n  deny change_profile /usr/bin/env -> D,\n}\n");
  BOOST_TEST(sys_execve(w, "/usr/bin/env").err == EACCES);
  BOOST_TEST(sys_execve(w, "/usr/bin/id").ok());
  BOOST_TEST(apparmor_task_label(k, w) == "D (enforce)");
  // attr/current: the exec-conditional rule allows an immediate change as well.
  Task& x = confined(k, "A");
  BOOST_TEST(write_file(x, "/proc/self/attr/current", "changeprofile C").ok());
  BOOST_TEST(apparmor_task_label(k, x) == "C (enforce)");
}

// An onexec inside a stack (LXD: host profile //& a container namespace): only the profiles
// of the task's own namespace check it and become the target; the host profile takes its own
// exec transition (fn_label_build_in_ns), so it needs x permission, not a change_profile rule.
BOOST_AUTO_TEST_CASE(onexec_inside_a_stack_asks_the_tasks_namespace) {
  Kernel k(aa_config());
  load_text(k,
            "profile host {\n  /proc/** rw,\n  /usr/bin/id Px -> host-id,\n  /bin/cat ix,\n}\n"
            "profile host-id { }\n");
  load_text(k, "profile cupsd { }\n", "c1");
  Task& t = confined(k, "host//&:c1:unconfined");
  BOOST_TEST(write_file(t, "/proc/self/attr/exec", "exec cupsd").ok());
  BOOST_TEST(sys_execve(t, "/usr/bin/id").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "host-id//&:c1:cupsd (enforce)");
  // The host profile's exec rules still apply.
  Task& u = confined(k, "host//&:c1:unconfined");
  BOOST_TEST(write_file(u, "/proc/self/attr/exec", "exec cupsd").ok());
  BOOST_TEST(sys_execve(u, "/bin/ls").err == EACCES);
  BOOST_TEST(last_record(k).find("profile=\"host\" name=\"/bin/ls\"") != std::string::npos);
}

// AT_SECURE: an allowed change_onexec scrubs (profile_onexec, no `unsafe`); an ix fallback
// (Pix without the profile) stays in the profile and does not; Px does.
BOOST_AUTO_TEST_CASE(secure_exec_for_onexec_and_ix_fallback) {
  Kernel k(aa_config());
  load_text(k,
            "profile S {\n  /proc/** rw,\n  /bin/true Pix,\n  /usr/bin/id Px,\n  /bin/cat ix,\n"
            "  change_profile -> T,\n}\nprofile T { }\n/usr/bin/id { }\n");
  Task& t = confined(k, "S");
  BOOST_TEST(!exec_secure(k, t, "/bin/true"));
  BOOST_TEST(last_record(k).find("info=\"ix fallback\"") == std::string::npos);
  BOOST_TEST(exec_secure(k, t, "/usr/bin/id"));
  BOOST_TEST(write_file(t, "/proc/self/attr/exec", "exec T").ok());
  BOOST_TEST(exec_secure(k, t, "/bin/cat"));
}

// ctx->nnp is the label no_new_privs was first seen under: after stacking B on A under it,
// an exec that keeps A but leaves B (B px -> C) is allowed; children inherit the reference.
BOOST_AUTO_TEST_CASE(no_new_privs_reference_is_the_first_label) {
  Kernel k(aa_config());
  load_text(k,
            "profile A {\n  /proc/** rw,\n  /bin/cat ix,\n  change_profile -> &B,\n}\n"
            "profile B { /proc/** rw, /bin/cat px -> C, }\nprofile C { }\n");
  Task& t = confined(k, "A");
  set_nnp(k, t);
  BOOST_TEST(write_file(t, "/proc/self/attr/current", "stack B").ok());  // nnp := A
  BOOST_TEST(apparmor_task_label(k, t) == "A//&B (enforce)");
  Task& c = spawn(t);  // fork(): the task context is copied
  BOOST_TEST(sys_execve(t, "/bin/cat").ok());
  BOOST_TEST(apparmor_task_label(k, t) == "A//&C (enforce)");
  BOOST_TEST(sys_execve(c, "/bin/cat").ok());
  BOOST_TEST(apparmor_task_label(k, c) == "A//&C (enforce)");
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
  // (The kernel's list order: newest first, children after their parent.)
  const std::vector<std::string> listed = {
      "strict (enforce)", "learner (complain)", "learner//null-/usr/bin/id (complain)"};
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
