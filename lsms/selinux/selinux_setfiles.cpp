// setfiles(8): labels a tree from a file_contexts file through libselinux's selabel
// (selabel_open(SELABEL_CTX_FILE), selabel_lookup), writing security.selinux as
// lsetfilecon() does (the context with its NUL). Pseudo filesystems are skipped (no
// seclabel). libselinux itself validates every context (SELABEL_OPT_VALIDATE) through a
// SELINUX_CB_VALIDATE callback that asks the init namespace's policy, as setfiles -c does
// with a binary policy; a file_contexts with an invalid context is refused at selabel_open.
#include <selinux/label.h>
#include <selinux/selinux.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>

#include "lsms/selinux/selinux_lsm.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/namei.h"

namespace lsmsim {

namespace {

// libselinux's callbacks are process-global, so setfiles is serialized: the mutex is held from
// installing them to restoring them, and they reach the policy of the current call through
// these (written only under the mutex).
std::mutex g_setfiles_mutex;
const sepolicy::SecurityServer* g_validating_policy = nullptr;
std::string g_validate_messages;  // libselinux's log lines during the current call
std::string g_invalid_reason;     // why the policy refused the first invalid context

// SELINUX_CB_VALIDATE: 0 if the loaded policy accepts the context (security_check_context()
// against the simulated kernel's policy rather than the host's), -1 otherwise. Without a
// policy any context is accepted, as the kernel accepts any before load_policy.
int validate_context(char** ctx) {
  if (g_validating_policy == nullptr || ctx == nullptr || *ctx == nullptr) return 0;
  sepolicy::Context c;
  std::string why;
  if (g_validating_policy->context_from_string(*ctx, c, &why) == 0) return 0;
  if (g_invalid_reason.empty()) g_invalid_reason = why;
  errno = EINVAL;
  return -1;
}

// SELINUX_CB_LOG: libselinux names the file and line of a context that fails validation
// ("FILE: line N has invalid context CTX", libselinux 3.4).
__attribute__((format(printf, 2, 3))) int log_message(int type, const char* fmt, ...) {
  if (type != SELINUX_ERROR && type != SELINUX_WARNING) return 0;
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  g_validate_messages += buf;
  return 0;
}

// Installs the callbacks for one setfiles call and restores the previous ones after it.
class CallbackScope {
 public:
  explicit CallbackScope(const sepolicy::SecurityServer* policy)
      : lock_(g_setfiles_mutex),
        old_validate_(selinux_get_callback(SELINUX_CB_VALIDATE)),
        old_log_(selinux_get_callback(SELINUX_CB_LOG)) {
    g_validating_policy = policy;
    g_validate_messages.clear();
    g_invalid_reason.clear();
    selinux_callback cb;
    cb.func_validate = &validate_context;
    selinux_set_callback(SELINUX_CB_VALIDATE, cb);
    cb.func_log = &log_message;
    selinux_set_callback(SELINUX_CB_LOG, cb);
  }
  ~CallbackScope() {
    selinux_set_callback(SELINUX_CB_VALIDATE, old_validate_);
    selinux_set_callback(SELINUX_CB_LOG, old_log_);
    g_validating_policy = nullptr;
  }
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;

 private:
  std::lock_guard<std::mutex> lock_;
  selinux_callback old_validate_;
  selinux_callback old_log_;
};

// The first line libselinux logged, without its trailing newline, and the policy's reason.
std::string first_message() {
  std::string m = g_validate_messages.substr(0, g_validate_messages.find('\n'));
  if (!g_invalid_reason.empty()) m += " (" + g_invalid_reason + ")";
  return m;
}

struct Labeler {
  selabel_handle* h = nullptr;
  const std::string& file;
  SelinuxLsm& me;
  std::size_t count = 0;
  // Directories on the current path: a bind mount of an ancestor would loop forever (fts
  // reports such a directory as FTS_DC and setfiles skips it).
  std::set<const Inode*> on_path;

  void label(const PathEntry& e, const std::string& path) {
    Inode& inode = *e.inode;
    if (inode.is_dir() && !on_path.insert(&inode).second) return;
    char* con = nullptr;
    if (selabel_lookup(h, &con, path.c_str(), static_cast<int>(inode.mode & 0170000)) == 0) {
      const std::string ctx = con;  // validated by libselinux (validate_context)
      freecon(con);
      inode.xattrs["security.selinux"] = ctx + '\0';
      ++count;
    } else if (errno != ENOENT) {  // ENOENT: no entry or <<none>>
      const int err = errno;
      if (!g_validate_messages.empty())  // a context validated lazily, at its first lookup
        throw std::runtime_error(file + ": refused by libselinux: " + first_message());
      throw std::runtime_error(file + ": selabel_lookup(" + path + "): " + std::strerror(err));
    }
    if (!inode.is_dir() || inode.ops != nullptr) return;
    for (const auto& [name, child] : inode.entries) {
      PathEntry c{e.mnt, child, name};
      follow_mounts(c);
      if (c.inode->sb->pseudo) continue;
      label(c, (path == "/" ? "" : path) + "/" + name);
    }
    on_path.erase(&inode);
  }
};

}  // namespace

std::size_t selinux_setfiles(Kernel& k, const std::string& file_contexts, const std::string& root) {
  SelinuxLsm* me = selinux_lsm(k);
  if (me == nullptr) throw std::runtime_error("SELinux is not active in this kernel");
  CallbackScope callbacks(me->init_ns->initialized() ? me->init_ns->ss.get() : nullptr);
  selinux_opt opts[] = {{SELABEL_OPT_PATH, file_contexts.c_str()},
                        {SELABEL_OPT_VALIDATE, reinterpret_cast<const char*>(1)}};
  selabel_handle* h = selabel_open(SELABEL_CTX_FILE, opts, 2);
  if (h == nullptr) {
    const int err = errno;
    if (!g_validate_messages.empty())
      throw std::runtime_error(file_contexts + ": refused by libselinux: " + first_message());
    throw std::runtime_error(file_contexts +
                             ": cannot be read as file_contexts: " + std::strerror(err));
  }
  Task& init = k.init_task();
  PathStack st;
  Kernel::CurrentScope scope(k, init);
  if (!path_lookup(init, root, LOOKUP_FOLLOW | LOOKUP_NOPERM, st).ok()) {
    selabel_close(h);
    throw std::runtime_error(file_contexts + ": no such path to label: " + root);
  }
  Labeler l{h, file_contexts, *me, 0, {}};
  try {
    l.label(st.back(), stack_path(st));
  } catch (...) {
    selabel_close(h);
    throw;
  }
  selabel_close(h);
  return l.count;
}

}  // namespace lsmsim
