// Mediation by every confined profile of a label (fn_for_each_confined): files, capabilities,
// signals (both sides), ptrace, sockets, mounts, user namespaces; complain mode; the audit
// records of the denying profiles (audit.md §3.4).
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/socket.h>

#include <cerrno>
#include <csignal>

#include "lsms/apparmor/policy/profile_parser.h"
#include "model/capable.h"
#include "model/syscalls/net.h"
#include "model/syscalls/ns.h"
#include "model/syscalls/process.h"
#include "tests/apparmor/apparmor_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

std::size_t records(Kernel& k) {
  return apparmor_audit_records(k).size();
}

std::string pid_comm(const Task& t) {
  return "pid=" + std::to_string(t.pid) + " comm=\"" + t.comm + "\"";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(apparmor_mediation)

BOOST_AUTO_TEST_CASE(file_open_allow_deny_and_records) {
  Kernel k(aa_config());
  load_text(k,
            "/usr/sbin/cupsd {\n  /etc/hostname r,\n  deny /etc/shadow r,\n"
            "  audit /etc/group r,\n}\n");
  Task& t = confined(k, "/usr/sbin/cupsd");
  BOOST_TEST(read_file(t, "/etc/hostname").ok());
  const std::size_t n = records(k);
  BOOST_TEST(read_file(t, "/etc/passwd").err == EACCES);
  BOOST_TEST_REQUIRE(records(k) == n + 1);
  BOOST_TEST(last_record(k) ==
             "apparmor=\"DENIED\" operation=\"open\" class=\"file\" profile=\"/usr/sbin/cupsd\" "
             "name=\"/etc/passwd\" " +
                 pid_comm(t) + " requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0");
  // deny rules are quiet: refused without a record.
  BOOST_TEST(read_file(t, "/etc/shadow").err == EACCES);
  BOOST_TEST(records(k) == n + 1);
  // audit rules log allowed accesses.
  BOOST_TEST(read_file(t, "/etc/group").ok());
  BOOST_TEST(last_record(k).find("apparmor=\"AUDIT\" operation=\"open\"") == 0u);
  // Read-write with only r allowed: a denial reports only the denied bits (aa_audit_file).
  BOOST_TEST(sys_open(t, "/etc/hostname", O_RDWR).err == EACCES);
  BOOST_TEST(last_record(k).find("requested_mask=\"w\" denied_mask=\"w\"") != std::string::npos);
  BOOST_TEST(last_record(k).find("\"wr\"") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(path_hooks_create_delete_and_attributes) {
  Kernel k(aa_config());
  load_text(k, "profile p {\n  /tmp/ r,\n  /tmp/ok/ w,\n  /tmp/ok/** rw,\n  /tmp/ro/** r,\n}\n");
  Task& root = k.init_task();
  BOOST_TEST(sys_mkdir(root, "/tmp/ro", 0755).ok());
  BOOST_TEST(write_file(root, "/tmp/ro/f", "x").ok());
  Task& t = confined(k, "p");
  // mkdir names the directory with a trailing '/' (PATH_IS_DIR) and asks create ("c").
  BOOST_TEST(sys_mkdir(t, "/tmp/ok", 0755).ok());
  BOOST_TEST(sys_mkdir(t, "/tmp/no", 0755).err == EACCES);
  BOOST_TEST(last_record(k) ==
             "apparmor=\"DENIED\" operation=\"mkdir\" class=\"file\" "
             "profile=\"p\" name=\"/tmp/no/\" " +
                 pid_comm(t) + " requested_mask=\"c\" denied_mask=\"c\" fsuid=0 ouid=0");
  // A new file through open(O_CREAT) is a mknod, then the open asks w and c.
  BOOST_TEST(sys_open(t, "/tmp/ok/f", O_CREAT | O_WRONLY, 0644).ok());
  BOOST_TEST(sys_open(t, "/tmp/ro/g", O_CREAT | O_WRONLY, 0644).err == EACCES);
  BOOST_TEST(last_record(k).find("operation=\"mknod\" class=\"file\" profile=\"p\" "
                                 "name=\"/tmp/ro/g\"") != std::string::npos);
  BOOST_TEST(sys_symlink(t, "/etc", "/tmp/ok/l").ok());
  // Deletion asks "d"; chmod and chown show as "w".
  BOOST_TEST(sys_unlink(t, "/tmp/ro/f").err == EACCES);
  BOOST_TEST(last_record(k).find("operation=\"unlink\"") != std::string::npos);
  BOOST_TEST(last_record(k).find("requested_mask=\"d\" denied_mask=\"d\"") != std::string::npos);
  BOOST_TEST(sys_chmod(t, "/tmp/ro/f", 0600).err == EACCES);
  BOOST_TEST(last_record(k).find("operation=\"chmod\"") != std::string::npos);
  BOOST_TEST(last_record(k).find("requested_mask=\"w\" denied_mask=\"w\"") != std::string::npos);
  BOOST_TEST(sys_chown(t, "/tmp/ro/f", 1000, 1000).err == EACCES);
  BOOST_TEST(sys_chmod(t, "/tmp/ok/f", 0600).ok());
  BOOST_TEST(sys_unlink(t, "/tmp/ok/f").ok());
  BOOST_TEST(sys_rmdir(t, "/tmp/ro").err == EACCES);
  BOOST_TEST(last_record(k).find("operation=\"rmdir\" class=\"file\" profile=\"p\" "
                                 "name=\"/tmp/ro/\"") != std::string::npos);
  // AppArmor decides before DAC: an unprivileged task denied by the profile sees no DAC check.
  Task& u = spawn(k, k.init_task(), 1000, 1000);
  set_label(k, u, "p");
  BOOST_TEST(sys_mkdir(u, "/tmp/ro/x", 0755).err == EACCES);
  BOOST_TEST(last_record(k).find("name=\"/tmp/ro/x/\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(owner_rules_need_the_fsuid_to_own_the_file) {
  Kernel k(aa_config());
  load_text(k, "profile o {\n  owner /home/user/** rw,\n  owner /home/user/ r,\n}\n");
  Task& t = spawn(k, k.init_task(), 1000, 1000);
  set_label(k, t, "o");
  BOOST_TEST(sys_open(t, "/home/user/f", O_CREAT | O_WRONLY, 0644).ok());
  Task& other = spawn(k, k.init_task());
  set_label(k, other, "o");
  BOOST_TEST(read_file(other, "/home/user/f").err == EACCES);  // root does not own it
  BOOST_TEST(last_record(k).find("fsuid=0 ouid=1000") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(stacks_are_the_intersection_and_only_deniers_log) {
  Kernel k(aa_config());
  load_text(k, "profile A { /etc/** r, }\nprofile B { /etc/hostname r, }\n");
  Task& t = confined(k, "A//&B");
  BOOST_TEST(read_file(t, "/etc/hostname").ok());
  const std::size_t n = records(k);
  BOOST_TEST(read_file(t, "/etc/passwd").err == EACCES);
  BOOST_TEST_REQUIRE(records(k) == n + 1);  // B denies, A allows: one record, B's
  BOOST_TEST(last_record(k).find("profile=\"B\"") != std::string::npos);
  // An unconfined component allows everything; a complain one allows and logs ALLOWED.
  load_text(k, "profile C flags=(complain) { }\n");
  Task& u = confined(k, "A//&C//&unconfined");
  BOOST_TEST(read_file(u, "/etc/passwd").ok());
  BOOST_TEST(last_record(k).find("apparmor=\"ALLOWED\" operation=\"open\" class=\"file\" "
                                 "profile=\"C\"") == 0u);
  // A profile of a child namespace prints its namespace.
  load_text(k, "profile P { }\n", "c1");
  Task& c = confined(k, ":c1:P");
  BOOST_TEST(read_file(c, "/etc/hostname").err == EACCES);
  BOOST_TEST(last_record(k).find("class=\"file\" namespace=\"root//c1\" profile=\"P\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(capabilities) {
  Kernel k(aa_config());
  load_text(k, "profile c { capability net_admin, deny capability sys_admin, }\n");
  Task& t = confined(k, "c");
  Kernel::CurrentScope scope(k, t);
  BOOST_TEST(ns_capable(t, *k.init_user_ns(), CAP_NET_ADMIN));
  const std::size_t n = records(k);
  BOOST_TEST(!ns_capable(t, *k.init_user_ns(), CAP_SYS_ADMIN));  // deny: quiet
  BOOST_TEST(records(k) == n);
  BOOST_TEST(!ns_capable(t, *k.init_user_ns(), CAP_SYS_PTRACE));
  BOOST_TEST(last_record(k) ==
             "apparmor=\"DENIED\" operation=\"capable\" class=\"cap\" "
             "profile=\"c\" " +
                 pid_comm(t) + " capability=19  capname=\"sys_ptrace\"");
  // noaudit checks are refused silently.
  BOOST_TEST(!ns_capable_noaudit(t, *k.init_user_ns(), CAP_SYS_PTRACE));
  BOOST_TEST(records(k) == n + 1);
}

BOOST_AUTO_TEST_CASE(signals_both_sides_and_namespaces) {
  Kernel k(aa_config());
  load_text(k,
            "profile sender { signal send, }\n"
            "profile receiver { signal receive peer=sender, }\n"
            "profile deaf { }\n"
            "profile mute { signal receive, }\n");
  Task& s = confined(k, "sender");
  Task& r = confined(k, "receiver");
  Task& d = confined(k, "deaf");
  Task& m = confined(k, "mute");
  BOOST_TEST(sys_kill(s, r.pid, SIGTERM).ok());
  // The receiver's side: deaf has no receive rule.
  BOOST_TEST(sys_kill(s, d.pid, SIGTERM).err == EACCES);
  BOOST_TEST(last_record(k) ==
             "apparmor=\"DENIED\" operation=\"signal\" class=\"signal\" "
             "profile=\"deaf\" " +
                 pid_comm(s) +
                 " requested_mask=\"receive\" denied_mask=\"receive\" "
                 "signal=term peer=\"sender\"");
  // The sender's side: mute may receive but not send.
  // xcheck(): both sides are checked and logged; the last record is the receiver's.
  const std::size_t before = records(k);
  BOOST_TEST(sys_kill(m, r.pid, SIGHUP).err == EACCES);
  BOOST_TEST_REQUIRE(records(k) == before + 2);
  const auto& log = apparmor_audit_records(k);
  BOOST_TEST(log[log.size() - 2].find("profile=\"mute\"") != std::string::npos);
  BOOST_TEST(log[log.size() - 2].find("requested_mask=\"send\" denied_mask=\"send\" "
                                      "signal=hup peer=\"receiver\"") != std::string::npos);
  BOOST_TEST(last_record(k).find("profile=\"receiver\"") != std::string::npos);
  BOOST_TEST(last_record(k).find("requested_mask=\"receive\" denied_mask=\"receive\" "
                                 "signal=hup peer=\"mute\"") != std::string::npos);
  // Unconfined senders are checked only on the receiver's side.
  BOOST_TEST(sys_kill(k.init_task(), r.pid, SIGTERM).err == EACCES);
  BOOST_TEST(sys_kill(k.init_task(), m.pid, SIGTERM).ok());
  // A container namespace's profile does not see host labels (label_compound_match skips
  // components outside its namespace): it allows signals to them; inside, it mediates.
  load_text(k, "profile cp { }\n", "c1");
  Task& c = confined(k, ":c1:cp");
  Task& c2 = confined(k, ":c1:cp");
  Task& host = spawn(k, k.init_task());
  BOOST_TEST(sys_kill(c, host.pid, SIGTERM).ok());
  BOOST_TEST(sys_kill(c, c2.pid, SIGTERM).err == EACCES);
}

BOOST_AUTO_TEST_CASE(ptrace_tracer_and_tracee) {
  Kernel k(aa_config());
  load_text(k,
            "profile tracer { ptrace trace peer=tracee, ptrace trace peer=closed, }\n"
            "profile tracee { ptrace tracedby peer=tracer, }\n"
            "profile closed { }\n");
  Task& tr = confined(k, "tracer");
  Task& te = confined(k, "tracee");
  Task& cl = confined(k, "closed");
  BOOST_TEST(sys_ptrace_attach(tr, te.pid).ok());
  BOOST_TEST(sys_ptrace_attach(tr, cl.pid).err == EACCES);  // closed has no tracedby
  BOOST_TEST(last_record(k).find("operation=\"ptrace\" class=\"ptrace\" profile=\"closed\"") !=
             std::string::npos);
  BOOST_TEST(last_record(k).find("requested_mask=\"tracedby\" denied_mask=\"tracedby\" "
                                 "peer=\"tracer\"") != std::string::npos);
  Task& tr2 = confined(k, "tracee");
  BOOST_TEST(sys_ptrace_attach(tr2, spawn(k, k.init_task()).pid).err == EACCES);
  BOOST_TEST(last_record(k).find("requested_mask=\"trace\" denied_mask=\"trace\" "
                                 "peer=\"unconfined\"") != std::string::npos);
  // An unconfined tracer skips the tracee's tracedby check.
  BOOST_TEST(sys_ptrace_attach(k.init_task(), cl.pid).ok());
}

BOOST_AUTO_TEST_CASE(sockets_mounts_and_user_namespaces) {
  Kernel k(aa_config());
  load_text(k,
            "profile net { network unix stream, capability sys_admin, mount fstype=tmpfs -> /mnt/,"
            " userns, }\n"
            "profile nonet { deny userns, }\n");
  Task& t = confined(k, "net");
  // (lsmsim models AF_UNIX stream sockets only.)
  BOOST_TEST(sys_socket(t, AF_UNIX, SOCK_STREAM, 0).ok());
  Task& n = confined(k, "nonet");
  BOOST_TEST(sys_socket(n, AF_UNIX, SOCK_STREAM, 0).err == EACCES);
  BOOST_TEST(last_record(k) ==
             "apparmor=\"DENIED\" operation=\"create\" class=\"net\" "
             "profile=\"nonet\" " +
                 pid_comm(n) +
                 " family=\"unix\" sock_type=\"stream\" protocol=0 "
                 "requested_mask=\"create\" denied_mask=\"create\"");
  BOOST_TEST(sys_mount(t, "none", "/mnt", "tmpfs", 0).ok());
  BOOST_TEST(sys_mount(t, "none", "/tmp", "tmpfs", 0).err == EACCES);
  BOOST_TEST(last_record(k).find("operation=\"mount\" class=\"mount\" info=\"failed mntpnt "
                                 "match\" error=-13 profile=\"net\" name=\"/tmp/\"") !=
             std::string::npos);
  BOOST_TEST(sys_unshare(t, CLONE_NEWUSER).ok());
  BOOST_TEST(sys_unshare(n, CLONE_NEWUSER).err == EACCES);
  BOOST_TEST(last_record(k).find("operation=\"userns_create\" class=\"namespace\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(complain_and_kill_modes) {
  Kernel k(aa_config());
  load_text(k, "profile c flags=(complain) { }\nprofile kl flags=(kill) { }\n");
  Task& c = confined(k, "c");
  BOOST_TEST(sys_socket(c, AF_UNIX, SOCK_STREAM, 0).ok());
  BOOST_TEST(last_record(k).find("apparmor=\"ALLOWED\" operation=\"create\"") == 0u);
  Task& kl = confined(k, "kl");
  BOOST_TEST(sys_socket(kl, AF_UNIX, SOCK_STREAM, 0).err == EACCES);
  BOOST_TEST(last_record(k).find("apparmor=\"KILLED\"") == 0u);
  // aa_audit sent SIGKILL: the task died with it once the syscall returned; its parent
  // reaps the signal status.
  BOOST_TEST(!kl.alive());
  BOOST_TEST(kl.exit_code == SIGKILL);
  int status = 0;
  BOOST_TEST(sys_wait4(k.init_task(), kl.pid, &status).ok());
  BOOST_TEST(status == SIGKILL);
  // An allowed access of a kill-mode profile does nothing to the task.
  load_text(k, "profile kl2 flags=(kill) { network unix, }\n");
  Task& kl2 = confined(k, "kl2");
  BOOST_TEST(sys_socket(kl2, AF_UNIX, SOCK_STREAM, 0).ok());
  BOOST_TEST(kl2.alive());
  BOOST_TEST(sys_socket(kl2, AF_INET, SOCK_STREAM, 0).err == EACCES);
  BOOST_TEST(!kl2.alive());
}

// aa_profile_af_perm() matches {family, type}: `tcp` stands for inet stream sockets, whatever
// protocol number the caller passes.
BOOST_AUTO_TEST_CASE(network_protocol_names_match_the_socket_type) {
  Kernel k(aa_config());
  load_text(k, "profile n { network inet tcp, }\n");
  Task& t = confined(k, "n");
  const std::size_t n = records(k);
  // Allowed by AppArmor; lsmsim then refuses the unmodelled family.
  BOOST_TEST(sys_socket(t, AF_INET, SOCK_STREAM, 0).err == EAFNOSUPPORT);
  BOOST_TEST(sys_socket(t, AF_INET, SOCK_STREAM, 6).err == EAFNOSUPPORT);
  BOOST_TEST(records(k) == n);
  BOOST_TEST(sys_socket(t, AF_INET, SOCK_DGRAM, 0).err == EACCES);
  BOOST_TEST(last_record(k).find("sock_type=\"dgram\" protocol=0") != std::string::npos);
  // audit_net_cb: the kernel's name tables, "unknown(N)" for their holes.
  BOOST_TEST(sys_socket(t, 12, SOCK_STREAM, 0).err == EACCES);
  BOOST_TEST(last_record(k).find("family=\"decnet\" sock_type=\"stream\"") != std::string::npos);
  BOOST_TEST(sys_socket(t, AF_INET, 7, 0).err == EACCES);
  BOOST_TEST(last_record(k).find("family=\"inet\" sock_type=\"unknown(7)\"") !=
             std::string::npos);
}

// aa_check_perms(): quieted denials are refused without a record before complain mode could
// allow them; other complain denials are allowed and logged.
BOOST_AUTO_TEST_CASE(complain_mode_deny_rules_refuse_silently) {
  Kernel k(aa_config());
  load_text(k,
            "profile c flags=(complain) { deny /etc/shadow r, deny capability sys_admin, "
            "deny signal send peer=d, }\nprofile d { signal, }\n");
  Task& t = confined(k, "c");
  Task& d = confined(k, "d");
  const std::size_t n = records(k);
  BOOST_TEST(read_file(t, "/etc/shadow").err == EACCES);
  {
    Kernel::CurrentScope scope(k, t);
    BOOST_TEST(!ns_capable(t, *k.init_user_ns(), CAP_SYS_ADMIN));
  }
  BOOST_TEST(sys_kill(t, d.pid, SIGTERM).err == EACCES);
  BOOST_TEST(records(k) == n);
  BOOST_TEST(read_file(t, "/etc/passwd").ok());
  BOOST_TEST_REQUIRE(records(k) == n + 1);
  BOOST_TEST(last_record(k).find("apparmor=\"ALLOWED\" operation=\"open\"") == 0u);
}

// `user` mode only sets the prompt bits, which nothing upstream consumes: it enforces.
BOOST_AUTO_TEST_CASE(user_mode_enforces) {
  Kernel k(aa_config());
  // (apparmor_parser 3.0.8 refuses flags=(user): the mode comes from newer policy.)
  load(k, {ProfileBuilder("u").mode(aa::ProfileMode::user)});
  Task& t = confined(k, "u");
  BOOST_TEST(read_file(t, "/etc/passwd").err == EACCES);
  BOOST_TEST(last_record(k).find("apparmor=\"DENIED\" operation=\"open\"") == 0u);
}

// aa_audit_file(): a denial logs the denied bits minus the quieted ones.
BOOST_AUTO_TEST_CASE(file_records_drop_quieted_bits) {
  Kernel k(aa_config());
  load_text(k, "profile f { deny /etc/hostname w, }\n");
  Task& t = confined(k, "f");
  BOOST_TEST(sys_open(t, "/etc/hostname", O_RDWR).err == EACCES);
  BOOST_TEST(last_record(k).find("requested_mask=\"r\" denied_mask=\"r\"") != std::string::npos);
  const std::size_t n = records(k);
  BOOST_TEST(sys_open(t, "/etc/hostname", O_WRONLY).err == EACCES);
  BOOST_TEST(records(k) == n);
}

// Signal 0 is mediated as "exists" (sig_names.h); deny signal/ptrace rules are quiet.
BOOST_AUTO_TEST_CASE(signal_exists_and_quiet_deny_rules) {
  Kernel k(aa_config());
  load_text(k,
            "profile a { signal send set=(exists) peer=b, signal send set=(hup), "
            "deny ptrace trace peer=b, }\n"
            "profile b { signal receive, ptrace tracedby, }\n");
  Task& a = confined(k, "a");
  Task& b = confined(k, "b");
  Task& b2 = confined(k, "b");
  BOOST_TEST(sys_kill(a, b.pid, 0).ok());
  BOOST_TEST(sys_kill(b, a.pid, 0).err == EACCES);  // a has no receive rule
  BOOST_TEST(last_record(k).find("signal=exists peer=\"b\"") != std::string::npos);
  BOOST_TEST(sys_kill(a, b2.pid, SIGHUP).ok());
  BOOST_TEST(sys_kill(a, b2.pid, SIGTERM).err == EACCES);  // set=(exists) is not term
  const std::size_t n = records(k);
  BOOST_TEST(sys_ptrace_attach(a, b.pid).err == EACCES);
  BOOST_TEST(records(k) == n);
}

// audit_caps(): a repeated capability record of the same profile is not logged again (until
// another profile logs); a kill-mode denial is KILLED even when the rule is quiet.
BOOST_AUTO_TEST_CASE(capability_records_dedup_and_kill_before_quiet) {
  Kernel k(aa_config());
  load_text(k,
            "profile c1 { }\nprofile c2 { }\n"
            "profile kq flags=(kill) { deny capability sys_admin, }\n");
  Task& a = confined(k, "c1");
  Task& b = confined(k, "c2");
  const std::size_t n = records(k);
  {
    Kernel::CurrentScope scope(k, a);
    BOOST_TEST(!ns_capable(a, *k.init_user_ns(), CAP_SYS_PTRACE));
    BOOST_TEST(!ns_capable(a, *k.init_user_ns(), CAP_SYS_PTRACE));
  }
  BOOST_TEST(records(k) == n + 1);
  {
    Kernel::CurrentScope scope(k, b);
    BOOST_TEST(!ns_capable(b, *k.init_user_ns(), CAP_SYS_PTRACE));
  }
  {
    Kernel::CurrentScope scope(k, a);
    BOOST_TEST(!ns_capable(a, *k.init_user_ns(), CAP_SYS_PTRACE));
  }
  BOOST_TEST(records(k) == n + 3);
  Task& kq = confined(k, "kq");
  {
    Kernel::CurrentScope scope(k, kq);
    BOOST_TEST(!ns_capable(kq, *k.init_user_ns(), CAP_SYS_ADMIN));
  }
  BOOST_TEST(last_record(k).find("apparmor=\"KILLED\" operation=\"capable\"") == 0u);
}

// dump_common_audit_data(): pid= is the thread group id of current, not the thread's id.
BOOST_AUTO_TEST_CASE(records_name_the_thread_group) {
  Kernel k(aa_config());
  load_text(k, "profile t { }\n");
  Task& leader = confined(k, "t");
  const SysResult r = sys_clone(leader, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD);
  BOOST_TEST_REQUIRE(r.ok());
  Task* thread = k.find_task(static_cast<Pid>(r.ret));
  BOOST_TEST_REQUIRE(thread != nullptr);
  BOOST_TEST(thread->pid != leader.pid);
  BOOST_TEST(read_file(*thread, "/etc/passwd").err == EACCES);
  BOOST_TEST(last_record(k).find(" pid=" + std::to_string(leader.pid) + " ") !=
             std::string::npos);
}

// audit_signal_cb: the peer is printed with FLAGS_NONE, its components in the profile's own
// namespace only.
BOOST_AUTO_TEST_CASE(signal_peer_shows_own_namespace_components_only) {
  Kernel k(aa_config());
  load_text(k, "profile s { }\nprofile A { signal, }\n");
  load_text(k, "profile P { signal, }\n", "c1");
  Task& s = confined(k, "s");
  Task& t = confined(k, "A//&:c1:P");
  BOOST_TEST(sys_kill(s, t.pid, SIGTERM).err == EACCES);
  BOOST_TEST(last_record(k).find("signal=term peer=\"A\"") != std::string::npos);
}

// apparmor_sb_mount(): remounts are tried first, propagation changes and moves are mediated
// (denied without a rule); every record is operation="mount" with the failing stage's info.
BOOST_AUTO_TEST_CASE(mount_propagation_moves_and_remounts) {
  Kernel k(aa_config());
  load_text(k,
            "profile m { capability sys_admin, mount options=(private) -> /mnt/, "
            "mount fstype=tmpfs -> /mnt/, }\n");
  Task& t = confined(k, "m");
  BOOST_TEST(sys_mount(t, "none", "/mnt", "tmpfs", 0).ok());
  BOOST_TEST(sys_mount(t, "", "/mnt", "", MS_PRIVATE).err != EACCES);
  BOOST_TEST(sys_mount(t, "", "/mnt", "", MS_SHARED).err == EACCES);
  BOOST_TEST(last_record(k).find("operation=\"mount\" class=\"mount\" info=\"failed flags "
                                 "match\"") != std::string::npos);
  BOOST_TEST(last_record(k).find("flags=\"rw, shared\"") != std::string::npos);
  BOOST_TEST(sys_mount(t, "/mnt", "/tmp", "", MS_MOVE).err == EACCES);
  BOOST_TEST(last_record(k).find("info=\"failed mntpnt match\"") != std::string::npos);
  BOOST_TEST(sys_mount(t, "", "/mnt", "", MS_REMOUNT | MS_RDONLY).err == EACCES);
  BOOST_TEST(last_record(k).find("operation=\"mount\"") != std::string::npos);
  BOOST_TEST(last_record(k).find("flags=\"ro, remount\"") != std::string::npos);
}

// mnt_rule::gen_flag_rules(): a bare `mount,` (and a mount rule whose options name remount)
// also allows remounts; a rule with a source or an fstype does not.
BOOST_AUTO_TEST_CASE(bare_mount_rule_allows_remount) {
  Kernel k(aa_config());
  load_text(k,
            "profile any { capability sys_admin, mount, }\n"
            "profile typed { capability sys_admin, mount fstype=tmpfs, }\n"
            "profile opt { capability sys_admin, mount fstype=tmpfs -> /mnt/, "
            "mount options=(remount, ro) -> /mnt/, }\n");
  Task& any = confined(k, "any");
  BOOST_TEST(sys_mount(any, "none", "/mnt", "tmpfs", 0).ok());
  BOOST_TEST(sys_mount(any, "", "/mnt", "", MS_REMOUNT | MS_RDONLY).ok());
  BOOST_TEST(sys_mount(any, "", "/mnt", "", MS_REMOUNT | MS_BIND | MS_RDONLY).ok());
  Task& typed = confined(k, "typed");
  BOOST_TEST(sys_mount(typed, "", "/mnt", "", MS_REMOUNT | MS_RDONLY).err == EACCES);
  Task& opt = confined(k, "opt");
  BOOST_TEST(sys_mount(opt, "", "/mnt", "", MS_REMOUNT | MS_RDONLY).ok());
  BOOST_TEST(sys_mount(opt, "", "/mnt", "", MS_REMOUNT).err == EACCES);
}

BOOST_AUTO_TEST_SUITE_END()
