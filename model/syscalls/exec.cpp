// execve() (fs/exec.c bprm_execve, do_open_execat, search_binary_handler, begin_new_exec):
// the hooks run in the kernel's order since 5.8: bprm_creds_for_exec, bprm_check_security
// (in search_binary_handler), bprm_creds_from_file (in begin_new_exec), then
// bprm_committing_creds, commit_creds, bprm_committed_creds.
#include "model/syscalls/exec.h"

#include <fcntl.h>

#include <cerrno>

#include "model/binprm.h"
#include "model/capable.h"
#include "model/lsm/security.h"
#include "model/syscalls/syscall_util.h"
#include "model/vfs/inode.h"
#include "model/vfs/mount.h"

namespace lsmsim {

namespace {

// The binary formats lsmsim knows: ELF (by its magic) and "#!" scripts.
bool has_binfmt(const Inode& inode) {
  return inode.data.rfind(
             "\x7f"
             "ELF",
             0) == 0 ||
         inode.data.rfind("#!", 0) == 0;
}

// bprm_fill_uid(): set-user/group-ID bits, unless the mount is nosuid (or not ours), the task
// has no_new_privs, or the file's owner is not mapped in the new credentials' namespace.
void bprm_fill_uid(Task& t, LinuxBinprm& bprm, const File& file) {
  Cred& c = *bprm.cred;
  c.euid = t.cred->euid;
  c.egid = t.cred->egid;
  const Mount& m = *file.mnt;
  const Inode& inode = *file.inode;
  if ((m.flags & MNT_NOSUID) != 0 || m.ns != t.nsproxy.mnt.get()) return;
  if (!inode.sb->user_ns->is_ancestor_of(*t.cred->user_ns)) return;
  if (t.cred->no_new_privs) return;
  if ((inode.mode & (04000 | 02000)) == 0) return;
  if (!kuid_has_mapping(*c.user_ns, inode.uid) || !kgid_has_mapping(*c.user_ns, inode.gid)) return;
  if (inode.mode & 04000) c.euid = inode.uid;
  if ((inode.mode & (02000 | 0010)) == (02000 | 0010)) c.egid = inode.gid;
}

}  // namespace

SysResult sys_execve(Task& caller, const std::string& path,
                     const std::vector<std::string>& argv) {
  SyscallScope scope(caller, 59, {});
  return scope.leave([&]() -> SysResult {
    Kernel& k = caller.kernel;
    LsmFramework& lsm = k.lsm();
    // prepare_bprm_creds()
    int err = 0;
    std::shared_ptr<Cred> cred = k.prepare_creds(*caller.cred, err);
    if (cred == nullptr) return Verdict::from_hook(caller, -err, "cred_prepare").result();
    LinuxBinprm bprm;
    bprm.filename = path;
    bprm.cred = cred;
    // do_open_execat(): an open for MAY_EXEC; only regular files on exec-able mounts.
    Verdict v;
    std::shared_ptr<File> file = alloc_file(caller, v);
    if (file == nullptr) return v.result();
    PathStack st;
    v = path_lookup(caller, path, LOOKUP_FOLLOW, st);
    if (!v.ok()) return v.result();
    caller.in_execve = true;  // cleared at the end of bprm_execve (success or not)
    struct InExecve {
      Task& t;
      ~InExecve() { t.in_execve = false; }
    } in_execve{caller};
    file = open_path(caller, st, O_RDONLY, MAY_EXEC, std::move(file), v);
    if (file == nullptr) return v.result();
    if (!file->inode->is_reg() || (file->mnt->flags & MNT_NOEXEC) != 0)
      return kernel_error(EACCES, "not an executable regular file");
    bprm.inode = file->inode;
    bprm.file = file.get();

    int rc = security_bprm_creds_for_exec(lsm, bprm);
    if (rc != 0) return Verdict::from_hook(caller, rc, "bprm_creds_for_exec").result();
    // search_binary_handler()
    rc = security_bprm_check_security(lsm, bprm);
    if (rc != 0) return Verdict::from_hook(caller, rc, "bprm_check_security").result();
    if (!has_binfmt(*file->inode)) return kernel_error(ENOEXEC, "unknown executable format");
    // begin_new_exec() -> bprm_creds_from_file()
    bprm_fill_uid(caller, bprm, *file);
    rc = security_bprm_creds_from_file(lsm, bprm, *file);
    if (rc != 0) return Verdict::from_hook(caller, rc, "bprm_creds_from_file").result();
    bprm.point_of_no_return = true;

    // The new image: its name (kbasename, TASK_COMM_LEN - 1), exe, close-on-exec descriptors.
    const std::size_t slash = path.find_last_of('/');
    caller.comm = (slash == std::string::npos ? path : path.substr(slash + 1)).substr(0, 15);
    caller.exe = file->path;
    // /proc/PID/cmdline of the new image: argv NUL-separated (the path when none given).
    caller.cmdline.clear();
    for (std::size_t i = 0; i < argv.size(); ++i) {
      if (i != 0) caller.cmdline += '\0';
      caller.cmdline += argv[i];
    }
    if (argv.empty()) caller.cmdline = path;
    caller.mm = std::make_shared<MmStruct>();  // exec_mmap(): a new address space
    std::erase_if(task_files(caller).fds,
                  [](const auto& e) { return (e.second->flags & O_CLOEXEC) != 0; });
    security_bprm_committing_creds(lsm, bprm);
    k.commit_creds(caller, std::move(cred));
    security_bprm_committed_creds(lsm, bprm);
    return SysResult::success();
  }());
}

}  // namespace lsmsim
