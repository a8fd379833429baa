// procfs: the root (tasks of the instance's pid namespace and "self"), /proc/PID/*.
#include "model/vfs/procfs.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>

#include "lsms/capability/commoncap.h"
#include "model/audit/audit_contid.h"
#include "model/audit/audit_loginuid.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/lsm/lsm_uapi.h"
#include "model/lsm/security.h"
#include "model/syscalls/ns.h"
#include "model/vfs/fd_table.h"
#include "model/vfs/inode.h"
#include "model/vfs/inode_ops.h"
#include "model/vfs/mount.h"
#include "model/vfs/mountinfo.h"
#include "model/vfs/proc_access.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

PidNamespace& proc_pid_ns(const SuperBlock& sb) {
  return *std::static_pointer_cast<ProcFsInfo>(sb.fs_info)->pid_ns;
}

namespace {

constexpr std::size_t kPageSize = 4096;

// The task a /proc/PID inode stands for, by its kernel-wide pid; null once reaped.
Task* task_of(Kernel& k, Pid gpid) {
  return k.find_task(gpid);
}

// proc_pid_make_inode(): owned by the task's euid/egid (task_dump_owner, always dumpable
// here), labelled by the LSMs through security_task_to_inode.
std::shared_ptr<Inode> pid_inode(SuperBlock& sb, Task& task, unsigned mode,
                                 std::shared_ptr<InodeOps> ops) {
  Vfs& vfs = task.kernel.vfs();
  auto inode = vfs.new_inode(sb, mode, task.real_cred->euid, task.real_cred->egid);
  inode->ops = std::move(ops);
  security_task_to_inode(task.kernel.lsm(), task, *inode);
  return inode;
}

// ---- /proc/PID/status (fs/proc/array.c proc_pid_status) ----

std::string status_text(Task& t, Task& reader, const PidNamespace& ns, const UserNamespace& uns) {
  Kernel& k = t.kernel;
  const Cred& c = *t.real_cred;
  std::string s;
  char buf[64];
  s += "Name:\t" + t.comm + "\n";
  std::snprintf(buf, sizeof buf, "Umask:\t%#04o\n", t.umask);
  s += buf;
  const char* state = t.state == TaskState::zombie ? "Z (zombie)"
                      : t.state == TaskState::dead ? "X (dead)"
                      : &t == &reader              ? "R (running)"
                                                   : "S (sleeping)";
  s += std::string("State:\t") + state + "\n";
  Task* leader = k.find_task(t.tgid);
  if (leader == nullptr) leader = &t;
  auto nr = [&](const Task* x) { return x == nullptr ? 0 : x->pid_in(ns); };
  s += "Tgid:\t" + std::to_string(nr(leader)) + "\n";
  s += "Ngid:\t0\n";
  s += "Pid:\t" + std::to_string(nr(&t)) + "\n";
  s += "PPid:\t" + std::to_string(t.parent != nullptr ? nr(k.find_task(t.parent->tgid)) : 0) + "\n";
  s += "TracerPid:\t" +
       std::to_string(t.ptracer != nullptr ? nr(k.find_task(t.ptracer->tgid)) : 0) + "\n";
  auto u = [&](Uid id) { return std::to_string(from_kuid_munged(uns, id)); };
  auto g = [&](Gid id) { return std::to_string(from_kgid_munged(uns, id)); };
  s += "Uid:\t" + u(c.uid) + "\t" + u(c.euid) + "\t" + u(c.suid) + "\t" + u(c.fsuid) + "\n";
  s += "Gid:\t" + g(c.gid) + "\t" + g(c.egid) + "\t" + g(c.sgid) + "\t" + g(c.fsgid) + "\n";
  int fdsize = 64;  // NR_OPEN_DEFAULT, doubled until every open descriptor fits
  if (t.files != nullptr && !t.files->fds.empty())
    while (fdsize <= t.files->fds.rbegin()->first) fdsize *= 2;
  s += "FDSize:\t" + std::to_string(fdsize) + "\n";
  s += "Groups:\t";
  for (Gid gr : c.groups) s += g(gr) + " ";
  s += "\n";
  auto ns_line = [&](const char* name, const Task& x) {
    std::string l = std::string(name) + ":";
    for (std::size_t lvl = static_cast<std::size_t>(ns.level); lvl < x.pids.size(); ++lvl)
      l += "\t" + std::to_string(x.pids[lvl].nr);
    return l + "\n";
  };
  s += ns_line("NStgid", *leader);
  s += ns_line("NSpid", t);
  s += "Kthread:\t0\n";
  s += "CapInh:\t" + capset_hex(c.cap_inheritable) + "\n";
  s += "CapPrm:\t" + capset_hex(c.cap_permitted) + "\n";
  s += "CapEff:\t" + capset_hex(c.cap_effective) + "\n";
  s += "CapBnd:\t" + capset_hex(c.cap_bset) + "\n";
  s += "CapAmb:\t" + capset_hex(c.cap_ambient) + "\n";
  s += std::string("NoNewPrivs:\t") + (c.no_new_privs ? "1" : "0") + "\n";
  s += "Seccomp:\t0\n";
  return s;
}

// ---- /proc/PID/ns/<type> ----

std::shared_ptr<Namespace> task_ns(Task& t, const std::string& name) {
  const NsProxy& p = t.nsproxy;
  if (name == "user") return t.real_cred->user_ns;
  if (name == "pid") return t.alive() ? t.pids.back().ns : nullptr;
  if (name == "pid_for_children") return p.pid_for_children;
  if (name == "mnt") return p.mnt;
  if (name == "uts") return p.uts;
  if (name == "ipc") return p.ipc;
  if (name == "net") return p.net;
  if (name == "cgroup") return p.cgroup;
  if (name == "time") return p.time;
  if (name == "time_for_children") return p.time_for_children;
  return nullptr;
}

const char* const kNsNames[] = {
    "cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children",
    "user",   "uts"};

struct NsLinkOps : InodeOps {
  NsLinkOps(Pid p, std::string n) : gpid(p), name(std::move(n)) {}
  Pid gpid;
  std::string name;
  // proc_ns_get_link()/proc_ns_readlink(): PTRACE_MODE_READ_FSCREDS over the task.
  int get_link(Inode& link, Task& reader, LinkTarget& out) override {
    Kernel& k = link.sb->kernel;
    Task* t = task_of(k, gpid);
    if (t == nullptr) return -ENOENT;
    if (proc_ptrace_may_access(reader, *t, PTRACE_MODE_READ | PTRACE_MODE_FSCREDS) != 0)
      return -EACCES;
    std::shared_ptr<Namespace> ns = task_ns(*t, name);
    if (ns == nullptr) return -ENOENT;
    out.text = ns->link_text();
    out.jump_mnt = k.vfs().nsfs_mount();
    out.jump_inode = k.vfs().nsfs_inode(ns);
    return 0;
  }
};

struct NsDirOps : InodeOps {
  explicit NsDirOps(Pid p) : gpid(p) {}
  Pid gpid;
  std::shared_ptr<Inode> lookup(Inode& dir, const std::string& name, Task&) override {
    Task* t = task_of(dir.sb->kernel, gpid);
    if (t == nullptr) return nullptr;
    for (const char* n : kNsNames)
      if (name == n)
        return pid_inode(*dir.sb, *t, S_IFLNK_ | 0777, std::make_shared<NsLinkOps>(gpid, name));
    return nullptr;
  }
  std::vector<std::string> list(Inode&, Task&) override {
    return std::vector<std::string>(std::begin(kNsNames), std::end(kNsNames));
  }
};

// ---- /proc/PID/attr ----

struct AttrFile {
  const char* name;
  unsigned mode;
};
constexpr AttrFile kLegacyAttrs[] = {{"current", 0666},  {"prev", 0444},      {"exec", 0666},
                                     {"fscreate", 0666}, {"keycreate", 0666}, {"sockcreate", 0666}};

// proc_pid_attr_operations (fs/proc/base.c). Opening never fails; it remembers the target's
// mm when the opener may ptrace-read it (__mem_open with PTRACE_MODE_READ_FSCREDS; one's
// own mm always). Reading asks the LSM (who may read is the LSM's business: SELinux checks
// process:getattr, AppArmor the namespace view). Writing follows proc_pid_attr_write:
// EPERM unless the writer opened the file with its own mm, EACCES for another task (a
// thread sharing the mm), EBUSY with overridden creds, at most a page, EINVAL past offset 0.
struct AttrFileOps : InodeOps {
  AttrFileOps(Pid p, std::uint64_t id, std::string n) : gpid(p), lsmid(id), name(std::move(n)) {}
  Pid gpid;
  std::uint64_t lsmid;
  std::string name;

  int open(File& f, Task& opener) override {
    f.private_data = nullptr;
    Task* t = task_of(f.kernel, gpid);
    if (t == nullptr || t->mm == nullptr) return 0;
    if (t->mm == opener.mm ||
        proc_ptrace_may_access(opener, *t, PTRACE_MODE_READ | PTRACE_MODE_FSCREDS) == 0)
      f.private_data = t->mm;
    (void)f.kernel.lsm().take_denial();  // a refused ptrace check does not fail the open
    return 0;
  }
  int read(File& f, Task&, std::string& out) override {
    Kernel& k = f.kernel;
    Task* t = task_of(k, gpid);
    if (t == nullptr) return -ESRCH;
    std::string value;
    const int rc = security_getprocattr(k.lsm(), *t, lsmid, name, value);
    if (rc < 0) return rc;
    out = value.substr(0, static_cast<std::size_t>(rc));
    return 0;
  }
  long write(File& f, Task& writer, const std::string& data) override {
    Kernel& k = f.kernel;
    if (f.private_data != writer.mm) return -EPERM;  // only the opener may write
    Task* t = task_of(k, gpid);
    if (t == nullptr) return -ESRCH;
    if (t != &writer) return -EACCES;                    // only one's own attributes
    if (writer.cred != writer.real_cred) return -EBUSY;  // overridden credentials
    const std::string buf = data.size() > kPageSize ? data.substr(0, kPageSize) : data;
    if (f.pos != 0) return -EINVAL;  // no partial writes
    return security_setprocattr(k.lsm(), lsmid, name, buf);
  }
};

std::shared_ptr<InodeOps> attr_file_ops(Pid gpid, std::uint64_t lsmid, std::string name) {
  return std::make_shared<AttrFileOps>(gpid, lsmid, std::move(name));
}

struct AttrDirOps : InodeOps {
  AttrDirOps(Pid p, std::uint64_t id, std::vector<AttrFile> f, bool legacy)
      : gpid(p), lsmid(id), files(std::move(f)), with_subdirs(legacy) {}
  Pid gpid;
  std::uint64_t lsmid;
  std::vector<AttrFile> files;
  bool with_subdirs;

  // The per-LSM subdirectories: the kernel's smack/ and apparmor/ (compiled in, shown even
  // when the LSM is inactive), plus one for each active LSM lsmsim knows only by its probe.
  static std::vector<std::pair<std::string, std::pair<std::uint64_t, std::vector<AttrFile>>>>
  subdirs(Kernel& k) {
    std::vector<std::pair<std::string, std::pair<std::uint64_t, std::vector<AttrFile>>>> out;
    out.push_back({"smack", {LSM_ID_SMACK, {{"current", 0666}}}});
    out.push_back(
        {"apparmor", {LSM_ID_APPARMOR, {{"current", 0666}, {"prev", 0444}, {"exec", 0666}}}});
    for (const auto& m : k.lsm().active()) {
      if (m->id() < 1000 || k.lsm().hook_count(Hook::getprocattr) == 0) continue;
      out.push_back(
          {std::string(m->name()),
           {m->id(), std::vector<AttrFile>(std::begin(kLegacyAttrs), std::end(kLegacyAttrs))}});
    }
    return out;
  }

  // The stacking series adds interface_lsm (0666) to the legacy directory; an LSM may add
  // files with operations of its own (LsmModule::proc_attr_files).
  std::vector<AttrFile> all_files(Kernel& k) const {
    std::vector<AttrFile> out = files;
    if (with_subdirs && k.lsm().interface_lsm_enabled()) out.push_back({"interface_lsm", 0666});
    if (with_subdirs)
      for (const auto& m : k.lsm().active())
        for (const LsmModule::ProcAttrFile& f : m->proc_attr_files())
          out.push_back({f.name, f.mode});
    return out;
  }

  std::shared_ptr<Inode> lookup(Inode& dir, const std::string& name, Task&) override {
    Task* t = task_of(dir.sb->kernel, gpid);
    if (t == nullptr) return nullptr;
    if (with_subdirs)
      for (const auto& m : dir.sb->kernel.lsm().active())
        for (const LsmModule::ProcAttrFile& f : m->proc_attr_files())
          if (name == f.name)
            return pid_inode(*dir.sb, *t, S_IFREG_ | f.mode, m->proc_attr_ops(name, gpid));
    for (const AttrFile& f : all_files(dir.sb->kernel))
      if (name == f.name)
        return pid_inode(*dir.sb, *t, S_IFREG_ | f.mode, attr_file_ops(gpid, lsmid, name));
    if (with_subdirs)
      for (auto& [sub, spec] : subdirs(dir.sb->kernel))
        if (name == sub)
          return pid_inode(*dir.sb, *t, S_IFDIR_ | 0555,
                           std::make_shared<AttrDirOps>(gpid, spec.first, spec.second, false));
    return nullptr;
  }
  std::vector<std::string> list(Inode& dir, Task&) override {
    std::vector<std::string> out;
    for (const AttrFile& f : all_files(dir.sb->kernel)) out.push_back(f.name);
    if (with_subdirs)
      for (auto& [sub, spec] : subdirs(dir.sb->kernel)) out.push_back(sub);
    return out;
  }
};

// ---- /proc/PID ----

std::shared_ptr<InodeOps> seq(SeqFileOps::Show show, SeqFileOps::Store store = nullptr) {
  return std::make_shared<SeqFileOps>(std::move(show), std::move(store));
}

const char* const kPidEntries[] = {"attr",      "audit_capcontainerid", "audit_containerid",
                                   "comm",      "gid_map",              "loginuid",
                                   "mountinfo", "mounts",               "ns",
                                   "sessionid", "setgroups",            "status",
                                   "uid_map"};

// kstrtou64(s, 10): optional '+', decimal digits, one optional trailing newline; EINVAL for
// anything else, ERANGE on overflow.
int parse_kstrtou64(const std::string& data, std::uint64_t& out) {
  std::size_t i = 0, end = data.size();
  if (end > 0 && data[end - 1] == '\n') --end;
  if (i < end && data[i] == '+') ++i;
  if (i == end) return EINVAL;
  std::uint64_t v = 0;
  for (; i < end; ++i) {
    if (data[i] < '0' || data[i] > '9') return EINVAL;
    const auto d = static_cast<std::uint64_t>(data[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return ERANGE;
    v = v * 10 + d;
  }
  out = v;
  return 0;
}

// ghak90 v11 proc_contid_write/proc_capcontid_write: no partial writes, decimal, the whole
// count on success. `apply` is audit_set_contid or audit_set_capcontid.
template <typename Apply>
std::shared_ptr<InodeOps> audit_id_file(Kernel& k, Pid g, bool cap) {
  return seq(
      [&k, g, cap](File&, Task& reader, std::string& out) -> int {
        Task* task = task_of(k, g);
        if (task == nullptr) return -ESRCH;
        if (!k.audit().contids().may_read(reader)) return -EPERM;
        if (cap) {
          out = task->audit.capcontid ? "1" : "0";
        } else {
          out = std::to_string(task->audit.contid != nullptr ? task->audit.contid->id
                                                             : kAuditContidUnset);
        }
        return 0;
      },
      [&k, g](File& f, Task& writer, const std::string& data) -> long {
        Task* task = task_of(k, g);
        if (task == nullptr) return -ESRCH;
        if (f.pos != 0) return -EINVAL;
        std::uint64_t v = 0;
        if (const int e = parse_kstrtou64(data, v); e != 0) return -e;
        const int rc = Apply{}(k, writer, *task, v);
        return rc != 0 ? -rc : static_cast<long>(data.size());
      });
}

struct SetContid {
  int operator()(Kernel& k, Task& w, Task& t, std::uint64_t v) const {
    return k.audit().contids().set(w, t, v);
  }
};
struct SetCapContid {
  int operator()(Kernel& k, Task& w, Task& t, std::uint64_t v) const {
    if (v > UINT32_MAX) return ERANGE;  // kstrtou32
    return k.audit().contids().set_capcontid(w, t, static_cast<std::uint32_t>(v));
  }
};

struct PidDirOps : InodeOps {
  explicit PidDirOps(Pid p) : gpid(p) {}
  Pid gpid;

  std::shared_ptr<Inode> lookup(Inode& dir, const std::string& name, Task&) override {
    Kernel& k = dir.sb->kernel;
    Task* t = task_of(k, gpid);
    if (t == nullptr) return nullptr;
    SuperBlock& sb = *dir.sb;
    const Pid g = gpid;
    auto with_task = [&k, g](auto fn) {
      return [&k, g, fn](File& f, Task& reader, std::string& out) -> int {
        Task* task = task_of(k, g);
        if (task == nullptr) return -ESRCH;
        return fn(f, reader, *task, out);
      };
    };
    auto map_store = [&k, g](IdMapKind kind) {
      return [&k, g, kind](File& f, Task& writer, const std::string& data) -> long {
        Task* task = task_of(k, g);
        if (task == nullptr) return -ESRCH;
        SysResult r = write_id_map(writer, *task, kind, data);
        if (!r.ok()) {
          f.seq_buf.clear();
          return -r.err;
        }
        return r.ret;
      };
    };
    auto map_show = [with_task](IdMapKind kind) {
      return with_task([kind](File&, Task& reader, Task& task, std::string& out) {
        out = read_id_map(reader, task, kind);
        return 0;
      });
    };
    if (name == "status")
      return pid_inode(sb, *t, S_IFREG_ | 0444,
                       seq(with_task([&sb](File& f, Task& reader, Task& task, std::string& out) {
                         out = status_text(task, reader, proc_pid_ns(sb), *f.f_cred->user_ns);
                         return 0;
                       })));
    if (name == "comm")
      return pid_inode(sb, *t, S_IFREG_ | 0644,
                       seq(with_task([](File&, Task&, Task& task, std::string& out) {
                             out = task.comm + "\n";
                             return 0;
                           }),
                           [&k, g](File&, Task& writer, const std::string& data) -> long {
                             Task* task = task_of(k, g);
                             if (task == nullptr) return -ESRCH;
                             if (task->tgid != writer.tgid) return -EINVAL;  // same_thread_group
                             task->comm = data.substr(0, 15);                // TASK_COMM_LEN - 1
                             return static_cast<long>(data.size());
                           }));
    if (name == "uid_map")
      return pid_inode(sb, *t, S_IFREG_ | 0644,
                       seq(map_show(IdMapKind::uid), map_store(IdMapKind::uid)));
    if (name == "gid_map")
      return pid_inode(sb, *t, S_IFREG_ | 0644,
                       seq(map_show(IdMapKind::gid), map_store(IdMapKind::gid)));
    if (name == "setgroups")
      return pid_inode(sb, *t, S_IFREG_ | 0644,
                       seq(with_task([](File&, Task&, Task& task, std::string& out) {
                             out = read_setgroups(task);
                             return 0;
                           }),
                           [&k, g](File&, Task& writer, const std::string& data) -> long {
                             Task* task = task_of(k, g);
                             if (task == nullptr) return -ESRCH;
                             SysResult r = write_setgroups(writer, *task, data);
                             return r.ok() ? r.ret : -r.err;
                           }));
    if (name == "mounts")
      return pid_inode(sb, *t, S_IFREG_ | 0444,
                       seq(with_task([](File&, Task&, Task& task, std::string& out) {
                         out = show_mounts(task);
                         return 0;
                       })));
    if (name == "mountinfo")
      return pid_inode(sb, *t, S_IFREG_ | 0444,
                       seq(with_task([](File&, Task&, Task& task, std::string& out) {
                         out = show_mountinfo(task);
                         return 0;
                       })));
    // fs/proc/base.c: loginuid S_IWUSR|S_IRUGO, sessionid S_IRUGO (model/audit/audit_loginuid).
    if (name == "loginuid")
      return pid_inode(sb, *t, S_IFREG_ | 0644,
                       seq(with_task([](File& f, Task&, Task& task, std::string& out) {
                             out = audit_loginuid_show(task, *f.f_cred->user_ns);
                             return 0;
                           }),
                           [&k, g](File& f, Task& writer, const std::string& data) -> long {
                             Task* task = task_of(k, g);
                             if (task == nullptr) return -ESRCH;
                             return audit_loginuid_write(writer, *task, *f.f_cred->user_ns,
                                                         data);
                           }));
    if (name == "sessionid")
      return pid_inode(sb, *t, S_IFREG_ | 0444,
                       seq(with_task([](File&, Task&, Task& task, std::string& out) {
                         out = audit_sessionid_show(task);
                         return 0;
                       })));
    if (name == "ns") return pid_inode(sb, *t, S_IFDIR_ | 0511, std::make_shared<NsDirOps>(gpid));
    if (name == "audit_containerid")  // ghak90
      return pid_inode(sb, *t, S_IFREG_ | 0600, audit_id_file<SetContid>(k, g, false));
    if (name == "audit_capcontainerid")
      return pid_inode(sb, *t, S_IFREG_ | 0600, audit_id_file<SetCapContid>(k, g, true));
    if (name == "attr")
      return pid_inode(
          sb, *t, S_IFDIR_ | 0555,
          std::make_shared<AttrDirOps>(
              gpid, LSM_ID_UNDEF,
              std::vector<AttrFile>(std::begin(kLegacyAttrs), std::end(kLegacyAttrs)), true));
    return nullptr;
  }
  std::vector<std::string> list(Inode&, Task&) override {
    return std::vector<std::string>(std::begin(kPidEntries), std::end(kPidEntries));
  }
};

// /proc/self: the reader's thread group id in the instance's namespace.
struct SelfLinkOps : InodeOps {
  int get_link(Inode& link, Task& reader, LinkTarget& out) override {
    const Task* leader = reader.kernel.find_task(reader.tgid);
    const Pid nr = (leader != nullptr ? *leader : reader).pid_in(proc_pid_ns(*link.sb));
    if (nr == 0) return -ENOENT;
    out.text = std::to_string(nr);
    return 0;
  }
};

struct RootOps : InodeOps {
  std::shared_ptr<Inode> lookup(Inode& dir, const std::string& name, Task&) override {
    SuperBlock& sb = *dir.sb;
    if (name == "self") {
      auto l = sb.kernel.vfs().new_inode(sb, S_IFLNK_ | 0777);
      l->ops = std::make_shared<SelfLinkOps>();
      return l;
    }
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) return nullptr;
    if (name.size() > 9) return nullptr;
    PidNamespace& ns = proc_pid_ns(sb);
    Task* t = sb.kernel.find_task_in(ns, std::stoi(name));
    if (t == nullptr || t->pid != t->tgid) return nullptr;  // thread group leaders only
    return pid_inode(sb, *t, S_IFDIR_ | 0555, std::make_shared<PidDirOps>(t->pid));
  }
  std::vector<std::string> list(Inode& dir, Task&) override {
    std::vector<std::string> out{"self"};
    for (const auto& [nr, t] : proc_pid_ns(*dir.sb).pid_map)
      if (t->pid == t->tgid) out.push_back(std::to_string(nr));
    return out;
  }
};

int proc_fill_super(Vfs& vfs, SuperBlock& sb, Task& mounter, const std::string&) {
  auto info = std::make_shared<ProcFsInfo>();
  info->pid_ns = mounter.pids.back().ns;  // task_active_pid_ns(current)
  sb.fs_info = info;
  sb.pseudo = true;
  sb.root = vfs.new_inode(sb, S_IFDIR_ | 0555);
  sb.root->ops = std::make_shared<RootOps>();
  vfs.add_symlink(*sb.root, "mounts", "self/mounts");
  return 0;
}

}  // namespace

FsType proc_fs_type() {
  FsType t;
  t.name = "proc";
  t.userns_mount = true;
  t.userns_visible = true;
  t.context_user_ns = [](Task& mounter) { return mounter.pids.back().ns->owner; };
  t.fill = proc_fill_super;
  return t;
}

}  // namespace lsmsim
