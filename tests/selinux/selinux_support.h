// Helpers for the SELinux kernel tests: a small MLS policy (checked with checkpolicy -M),
// a file_contexts for it, kernels with it loaded and the tree labelled, confined tasks.
#pragma once

#include <stdexcept>

#include <boost/test/unit_test.hpp>

#include <fcntl.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "lsms/selinux/policy/services.h"
#include "lsms/selinux/selinux.h"
#include "lsms/selinux/selinux_lsm.h"
#include "model/kernel.h"
#include "model/syscalls/fs.h"
#include "tests/support/task_helpers.h"

namespace lsmsim::testing {

inline const std::string kTestPolicy = R"(
class security
class process
class process2
class file
class dir
class lnk_file
class sock_file
class chr_file
class blk_file
class fifo_file
class filesystem
class capability
class capability2
class cap_userns
class cap2_userns
class unix_stream_socket
class unix_dgram_socket
class key

sid kernel
sid security
sid unlabeled
sid fs
sid file

common file { ioctl read write create getattr setattr lock relabelfrom relabelto append map unlink link rename execute quotaon mounton audit_access open execmod watch }
common socket { ioctl read write create getattr setattr lock relabelfrom relabelto append map bind connect listen accept getopt setopt shutdown recvfrom sendto name_bind }
common cap { chown dac_override dac_read_search fowner fsetid kill setgid setuid setpcap linux_immutable net_bind_service net_broadcast net_admin net_raw ipc_lock ipc_owner sys_module sys_rawio sys_chroot sys_ptrace sys_pacct sys_admin sys_boot sys_nice sys_resource sys_time sys_tty_config mknod lease audit_write audit_control setfcap }
common cap2 { mac_override mac_admin syslog wake_alarm block_suspend audit_read perfmon bpf checkpoint_restore }

class security { compute_av compute_create compute_member check_context load_policy compute_relabel compute_user setenforce setbool setsecparam setcheckreqprot read_policy validate_trans unshare }
class process { fork transition sigchld sigkill sigstop signull signal ptrace getsched setsched getsession getpgid setpgid getcap setcap share getattr setexec setfscreate noatsecure siginh setrlimit rlimitinh dyntransition setcurrent execmem execstack execheap setkeycreate setsockcreate getrlimit }
class process2 { nnp_transition nosuid_transition }
class file inherits file { execute_no_trans entrypoint }
class dir inherits file { add_name remove_name reparent search rmdir }
class lnk_file inherits file
class sock_file inherits file
class chr_file inherits file
class blk_file inherits file
class fifo_file inherits file
class filesystem { mount remount unmount getattr relabelfrom relabelto associate quotamod quotaget watch }
class capability inherits cap
class capability2 inherits cap2
class cap_userns inherits cap
class cap2_userns inherits cap2
class unix_stream_socket inherits socket { connectto }
class unix_dgram_socket inherits socket
class key { view read write search link setattr create }

sensitivity s0;
sensitivity s1;
dominance { s0 s1 }
category c0;
category c1;
category c2;
category c3;
level s0:c0.c3;
level s1:c0.c3;

mlsconstrain file { read } ((l1 dom l2) or (t1 == mlstrusted));
mlsconstrain file { write append } ((l1 eq l2) or (t1 == mlstrusted));

policycap open_perms;

attribute domain;
attribute file_type;
attribute mlstrusted;

type kernel_t, domain, mlstrusted;
type user_t, domain;
type app_t, domain;
type lax_t, domain;
type security_t;
type fs_t;
type unlabeled_t, file_type;
type file_t, file_type;
type root_t, file_type;
type bin_t, file_type;
type etc_t, file_type;
type shadow_t, file_type;
type tmp_t, file_type;
type user_tmp_t, file_type;
type special_t, file_type;
type secret_t, file_type;
type app_exec_t, file_type;
type lax_exec_t, file_type;
type plain_exec_t, file_type;
type proc_t, file_type;
type sysfs_t, file_type;
type selinuxfs_t, file_type;
type tmpfs_t, file_type;

permissive lax_t;

bool user_read_tmp false;

allow kernel_t self:capability *;
allow kernel_t self:capability2 *;
allow kernel_t self:cap_userns *;
allow kernel_t self:cap2_userns *;
allow kernel_t domain:process *;
allow kernel_t self:process2 *;
allow kernel_t domain:file read;
allow kernel_t file_type:{ file dir lnk_file sock_file chr_file blk_file fifo_file } *;
allow kernel_t security_t:security *;
allow kernel_t domain:unix_stream_socket *;
allow kernel_t domain:unix_dgram_socket *;
allow kernel_t self:key *;
allow kernel_t fs_t:filesystem *;
allow file_type { fs_t tmpfs_t }:filesystem associate;
allow domain proc_t:dir { search getattr read open };
allow domain proc_t:file { read write open getattr };
allow domain proc_t:lnk_file { read getattr };
# /proc/PID files carry their task's label (selinux_task_to_inode): every domain may use its
# own (refpolicy's domain.te), the kernel everyone's (ps_process_pattern).
allow domain self:dir { search getattr read open };
allow domain self:file { read write open getattr };
allow domain self:lnk_file { read getattr };
allow kernel_t domain:dir { search getattr read open };
allow kernel_t domain:file { open getattr };
allow kernel_t domain:lnk_file { read getattr };

allow domain { root_t bin_t etc_t tmp_t sysfs_t selinuxfs_t }:dir { search getattr read open };
allow domain selinuxfs_t:file { read write open getattr };
allow user_t { bin_t etc_t }:file { read open getattr execute execute_no_trans map };
allow user_t tmp_t:dir { add_name write remove_name };
allow user_t user_tmp_t:file { create read write open getattr setattr unlink append relabelfrom };
allow user_t special_t:file { create relabelto read write open getattr };
allow user_t self:process { fork setexec setfscreate getattr signal sigchld };
allow user_t domain:process signull;
allow user_t self:capability { setuid setgid };
allow user_t self:unix_stream_socket { create bind listen accept connect connectto };
allow user_t plain_exec_t:file { read open getattr execute };
allow user_t security_t:security unshare;
allow user_t app_exec_t:file { read open getattr execute };
allow user_t app_t:process transition;
allow app_t self:process getattr;
allow app_t app_exec_t:file { entrypoint read open getattr execute };
type_transition user_t app_exec_t:process app_t;
type_transition user_t tmp_t:file user_tmp_t;
type_transition user_t tmp_t:file special_t "special";
allow user_t lax_exec_t:file { read open getattr execute };
allow user_t lax_t:process transition;
allow lax_t lax_exec_t:file entrypoint;
type_transition user_t lax_exec_t:process lax_t;
dontaudit user_t secret_t:file getattr;

if (user_read_tmp) {
  allow user_t tmp_t:file { read open getattr };
}

role system_r;
role system_r types { kernel_t domain };
role user_r;
role user_r types { user_t app_t lax_t };
role staff_r;
role staff_r types { app_t };
allow system_r { user_r staff_r };

user system_u roles { system_r object_r } level s0 range s0 - s1:c0.c3;
user user_u roles { user_r staff_r object_r } level s0 range s0 - s0:c0.c3;

constrain process transition ((u1 == u2) or (t1 == mlstrusted));

sid kernel system_u:system_r:kernel_t:s0
sid security system_u:object_r:security_t:s0
sid unlabeled system_u:object_r:unlabeled_t:s0
sid fs system_u:object_r:fs_t:s0
sid file system_u:object_r:file_t:s0

fs_use_xattr ext4 system_u:object_r:fs_t:s0;
fs_use_trans tmpfs system_u:object_r:tmpfs_t:s0;
genfscon proc / system_u:object_r:proc_t:s0
genfscon sysfs / system_u:object_r:sysfs_t:s0
genfscon selinuxfs / system_u:object_r:selinuxfs_t:s0
)";

inline const std::string kTestFileContexts = R"(
/		-d	system_u:object_r:root_t:s0
/bin(/.*)?		system_u:object_r:bin_t:s0
/sbin(/.*)?		system_u:object_r:bin_t:s0
/usr(/.*)?		system_u:object_r:bin_t:s0
/usr/bin/id	--	system_u:object_r:app_exec_t:s0
/usr/bin/env	--	system_u:object_r:lax_exec_t:s0
/usr/bin/nsenter	--	system_u:object_r:plain_exec_t:s0
/etc(/.*)?		system_u:object_r:etc_t:s0
/etc/shadow	--	system_u:object_r:shadow_t:s0
/tmp		-d	system_u:object_r:tmp_t:s0
/home(/.*)?	<<none>>
)";

inline const std::string kUserCtx = "user_u:user_r:user_t:s0";
inline const std::string kKernelCtx = "system_u:system_r:kernel_t:s0";

// A file under the test's temporary directory holding `text`.
inline std::string write_temp(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "lsmsim_selinux_tests";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

// kTestPolicy with `text` inserted after the line `after` (e.g. a policycap or an allow rule).
inline std::string test_policy_with(const std::string& after, const std::string& text,
                                    std::string policy = kTestPolicy) {
  const std::size_t at = policy.find(after);
  if (at == std::string::npos) throw std::logic_error("test_policy_with: no '" + after + "'");
  policy.insert(at + after.size(), "\n" + text);
  return policy;
}

// A kernel with SELinux first, the test policy loaded in the init namespace, the tree
// labelled by setfiles, and enforcing unless told otherwise.
struct SelinuxKernel {
  Kernel k;
  explicit SelinuxKernel(bool enforcing = true, const std::string& policy = kTestPolicy) {
    selinux_load_policy(k, policy, "test_policy.conf");
    selinux_setfiles(k, write_temp("file_contexts", kTestFileContexts), "/");
    selinux_set_enforcing(k, enforcing);
  }
  Task& init() { return k.init_task(); }
  SelinuxLsm& lsm() { return *selinux_lsm(k); }
};

inline std::string self_context(Task& t) {
  SysResult r = read_file(t, "/proc/self/attr/current");
  return r.ok() ? r.data.substr(0, r.data.find('\0')) : "<errno " + std::to_string(r.err) + ">";
}

inline std::string context_of(Task& viewer, const Task& target) {
  SysResult r = read_file(viewer, "/proc/" + std::to_string(target.pid) + "/attr/current");
  return r.ok() ? r.data.substr(0, r.data.find('\0')) : "<errno " + std::to_string(r.err) + ">";
}

// A child of init moved to `ctx` through /proc/self/attr/current (dyntransition).
inline Task& confined(SelinuxKernel& sk, const std::string& ctx = kUserCtx) {
  Task& t = spawn(sk.init());
  SysResult w = write_file(t, "/proc/self/attr/current", ctx);
  BOOST_TEST_REQUIRE(w.ok(), "setcon " << ctx << ": " << describe(w));
  return t;
}

inline std::string xattr_label(Task& t, const std::string& path) {
  SysResult r = sys_getxattr(t, path, "security.selinux");
  return r.ok() ? r.data.substr(0, r.data.find('\0')) : "<errno " + std::to_string(r.err) + ">";
}

// True if the call succeeded; otherwise the test log says why.
inline bool ok(const SysResult& r) {
  if (!r.ok()) BOOST_TEST_MESSAGE("failed: " << describe(r));
  return r.ok();
}
inline std::string reason(const SysResult& r) {
  return r.denial ? r.denial->reason : "";
}
inline std::string level(const SysResult& r) {
  return r.denial ? r.denial->ns_level : "";
}

// The inode number of `path` (for the exact AVC record text).
inline std::uint64_t ino_of(Task& t, const std::string& path) {
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(t, path, st).ok());
  return st.ino;
}

}  // namespace lsmsim::testing
