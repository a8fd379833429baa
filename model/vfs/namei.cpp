#include "model/vfs/namei.h"

#include <cerrno>

#include "model/kernel.h"
#include "model/lsm/security.h"
#include "model/vfs/inode.h"
#include "model/vfs/inode_ops.h"
#include "model/vfs/mount.h"

namespace lsmsim {

namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = i;
    while (j < path.size() && path[j] != '/') ++j;
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool same(const PathEntry& a, const PathEntry& b) {
  return a.mnt == b.mnt && a.inode == b.inode;
}

class Walker {
 public:
  Walker(Task& t, unsigned flags, PathStack root) : t_(t), flags_(flags), root_(std::move(root)) {}

  Verdict walk(PathStack& st, const std::string& path, bool follow_last) {
    if (!path.empty() && path[0] == '/') st = root_;
    const std::vector<std::string> comps = split(path);
    const bool trailing = !path.empty() && path.back() == '/';
    if (trailing) follow_last = true;
    for (std::size_t i = 0; i < comps.size(); ++i) {
      const bool last = i + 1 == comps.size();
      const std::string& c = comps[i];
      PathEntry& top = st.back();
      if (!top.inode->is_dir()) return Verdict::deny(ENOTDIR, "kernel", "not a directory");
      if ((flags_ & LOOKUP_NOPERM) == 0) {
        Verdict v = inode_permission(t_, *top.inode, MAY_EXEC);  // may_lookup()
        if (!v.ok()) return v;
      }
      if (c == ".") continue;
      if (c == "..") {
        // follow_dotdot(): never above the task's root, nor above the namespace root.
        if (!same(top, root_.back()) && st.size() > 1) st.pop_back();
        continue;
      }
      if (c.size() > NAME_MAX_)
        return Verdict::deny(ENAMETOOLONG, "kernel", "path component longer than NAME_MAX");
      std::shared_ptr<Inode> child = lookup_child(*top.inode, c, t_);
      if (child == nullptr) return Verdict::deny(ENOENT, "kernel", "no such entry: " + c);
      PathEntry e{top.mnt, std::move(child), c};
      follow_mounts(e);
      if (e.inode->is_lnk() && (!last || follow_last)) {
        Verdict v = follow_link(st, e);
        if (!v.ok()) return v;
        continue;
      }
      st.push_back(std::move(e));
    }
    if (trailing && !st.back().inode->is_dir())
      return Verdict::deny(ENOTDIR, "kernel", "not a directory");
    return Verdict::allow();
  }

 private:
  // pick_link(): the link budget, the follow_link hook, then the target from the link's dir.
  Verdict follow_link(PathStack& st, PathEntry& link) {
    if (++links_ > MAXSYMLINKS)
      return Verdict::deny(ELOOP, "kernel", "more than 40 symbolic links");
    if ((flags_ & LOOKUP_NOPERM) == 0) {
      const int rc = security_inode_follow_link(t_.kernel.lsm(), *link.inode);
      if (rc != 0) return Verdict::from_hook(t_, rc, "inode_follow_link");
    }
    LinkTarget target;
    if (link.inode->ops != nullptr) {
      const int rc = link.inode->ops->get_link(*link.inode, t_, target);
      if (rc < 0) return Verdict::deny(-rc, "kernel", "cannot follow " + link.name);
    } else {
      target.text = link.inode->symlink_target;
    }
    if (target.jump_inode != nullptr) {  // nd_jump_link(): a magic link
      st.push_back(PathEntry{target.jump_mnt, target.jump_inode, link.name});
      return Verdict::allow();
    }
    if (target.text.empty()) return Verdict::deny(ENOENT, "kernel", "empty symlink");
    return walk(st, target.text, true);
  }

  Task& t_;
  unsigned flags_;
  PathStack root_;
  int links_ = 0;
};

}  // namespace

std::shared_ptr<Inode> lookup_child(Inode& dir, const std::string& name, Task& t) {
  if (dir.ops != nullptr) {
    if (auto c = dir.ops->lookup(dir, name, t)) return c;
  }
  auto it = dir.entries.find(name);
  return it == dir.entries.end() ? nullptr : it->second;
}

void follow_mounts(PathEntry& e) {
  for (;;) {
    if (e.mnt == nullptr || e.mnt->ns == nullptr) return;
    Mount* m = e.mnt->ns->mounts->lookup(*e.mnt, *e.inode);
    if (m == nullptr) return;
    e.mnt = m->shared_from_this();
    e.inode = m->root;
  }
}

PathStack ns_root_stack(MountNamespace& ns) {
  PathEntry e{ns.mounts->root, ns.mounts->root->root, ""};
  return PathStack{e};
}

std::string stack_path(const PathStack& st) {
  std::string s;
  for (std::size_t i = 1; i < st.size(); ++i) s += "/" + st[i].name;
  return s.empty() ? "/" : s;
}

std::string path_in_mount(const PathStack& st) {
  std::string s;
  for (std::size_t i = st.size(); i-- > 1;) {
    if (st[i].mnt != st[i - 1].mnt) break;  // st[i] is the root of its mount
    s = "/" + st[i].name + s;
  }
  const Mount& m = *st.back().mnt;
  if (m.root_path != "/") s = m.root_path + s;
  return s.empty() ? "/" : s;
}

namespace {

PathStack resolve_internal(Task& t, const std::string& path, const PathStack& root) {
  Walker w(t, LOOKUP_FOLLOW | LOOKUP_NOPERM, root);
  PathStack st = root;
  if (!w.walk(st, path, true).ok() || !st.back().inode->is_dir()) return root;
  return st;
}

}  // namespace

PathStack task_root_stack(Task& t) {
  PathStack nsroot = ns_root_stack(*t.nsproxy.mnt);
  if (t.root == "/" || t.root.empty()) return nsroot;
  return resolve_internal(t, t.root, nsroot);
}

PathStack task_cwd_stack(Task& t) {
  PathStack nsroot = ns_root_stack(*t.nsproxy.mnt);
  return resolve_internal(t, t.cwd, nsroot);
}

namespace {

Verdict path_lookup_noaudit(Task& t, const std::string& path, unsigned flags, PathStack& out) {
  if (path.empty()) return Verdict::deny(ENOENT, "kernel", "empty path");
  if (path.size() >= PATH_MAX_) return Verdict::deny(ENAMETOOLONG, "kernel", "path too long");
  Walker w(t, flags, task_root_stack(t));
  out = path[0] == '/' ? PathStack{} : task_cwd_stack(t);
  if (out.empty()) out = task_root_stack(t);
  Verdict v = w.walk(out, path, (flags & LOOKUP_FOLLOW) != 0);
  if (!v.ok()) return v;
  if ((flags & LOOKUP_DIRECTORY) != 0 && !out.back().inode->is_dir())
    return Verdict::deny(ENOTDIR, "kernel", "not a directory");
  return v;
}

}  // namespace

Verdict path_lookup(Task& t, const std::string& path, unsigned flags, PathStack& out) {
  Verdict v = path_lookup_noaudit(t, path, flags, out);
  // audit_getname()/audit_inode(): the syscall's name for its PATH record (not for lsmsim's
  // internal walks).
  if ((flags & LOOKUP_NOPERM) == 0 && !path.empty()) {
    if (v.ok())
      t.kernel.audit().record_name(path, *out.back().inode, "NORMAL");
    else
      t.kernel.audit().record_unresolved(path);
  }
  return v;
}

Verdict path_parent(Task& t, const std::string& path, PathStack& parent, std::string& last,
                    bool& trailing_slash) {
  if (path.empty()) return Verdict::deny(ENOENT, "kernel", "empty path");
  if (path.size() >= PATH_MAX_) return Verdict::deny(ENAMETOOLONG, "kernel", "path too long");
  std::size_t end = path.size();
  while (end > 0 && path[end - 1] == '/') --end;
  trailing_slash = end < path.size();
  if (end == 0) {  // "/" or "///"
    last.clear();
    return path_lookup(t, "/", LOOKUP_FOLLOW, parent);
  }
  const std::size_t slash = path.rfind('/', end - 1);
  last = path.substr(slash == std::string::npos ? 0 : slash + 1,
                     end - (slash == std::string::npos ? 0 : slash + 1));
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  Verdict v = path_lookup_noaudit(t, dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, parent);
  // The parent's audit name is the path's directory part (audit_inode(..., AUDIT_INODE_PARENT)
  // with name_len; a bare name means the cwd).
  if (v.ok())
    t.kernel.audit().record_name(slash == std::string::npos ? t.cwd : dir, *parent.back().inode,
                                 "PARENT");
  else
    t.kernel.audit().record_unresolved(path);
  if (!v.ok()) return v;
  if (last.size() > NAME_MAX_)
    return Verdict::deny(ENAMETOOLONG, "kernel", "path component longer than NAME_MAX");
  return inode_permission(t, *parent.back().inode, MAY_EXEC);
}

}  // namespace lsmsim
