#include "model/vfs/pnode.h"

#include <sys/mount.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/mount.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

namespace {

void erase_slave(Mount& master, Mount& s) { std::erase(master.slaves, &s); }

void set_master(Mount& m, Mount* master) {
  if (m.master == master) return;
  if (m.master != nullptr) erase_slave(*m.master, m);
  m.master = master;
  if (master != nullptr) master->slaves.push_back(&m);
}

// do_make_slave(): `m` leaves its peer group and becomes a slave of a peer (one with the same
// root if possible) or keeps its master; its own slaves move to that new master.
void do_make_slave(Vfs& vfs, Mount& m) {
  Mount* master = nullptr;
  if (m.shared()) {
    std::vector<Mount*> peers = vfs.peers_of(m);
    m.group_id = 0;
    if (!peers.empty()) {
      master = peers.front();
      for (Mount* p : peers)
        if (p->root == m.root) {
          master = p;
          break;
        }
    }
  }
  if (master == nullptr) master = m.master;
  std::vector<Mount*> slaves = std::move(m.slaves);
  m.slaves.clear();
  for (Mount* s : slaves) {
    s->master = master;
    if (master != nullptr) master->slaves.push_back(s);
  }
  set_master(m, master);
}

}  // namespace

bool path_visible_in(const Mount& m, const std::string& sb_path, std::string& rel) {
  if (m.root_path == "/") {
    rel = sb_path;
    return true;
  }
  if (sb_path == m.root_path) {
    rel = "/";
    return true;
  }
  if (sb_path.rfind(m.root_path + "/", 0) == 0) {
    rel = sb_path.substr(m.root_path.size());
    return true;
  }
  return false;
}

void change_mnt_propagation(Vfs& vfs, Mount& m, unsigned long type) {
  if (type == MS_SHARED) {
    if (m.group_id == 0) m.group_id = vfs.alloc_group_id();
    m.flags &= ~MNT_UNBINDABLE;
    return;
  }
  do_make_slave(vfs, m);
  if (type != MS_SLAVE) {
    set_master(m, nullptr);
    if (type == MS_UNBINDABLE)
      m.flags |= MNT_UNBINDABLE;
    else
      m.flags &= ~MNT_UNBINDABLE;
  }
}

std::shared_ptr<Mount> clone_mnt(Vfs& vfs, Mount& old, std::shared_ptr<Inode> root,
                                 std::string root_path, int flag) {
  auto m = vfs.new_mount(old.sb, std::move(root), std::move(root_path), old.devname);
  m->flags = old.flags;
  if ((flag & (CL_SLAVE | CL_MAKE_PRIVATE | CL_SHARED_TO_SLAVE)) == 0) m->group_id = old.group_id;
  if ((flag & CL_MAKE_SHARED) != 0 && m->group_id == 0) m->group_id = vfs.alloc_group_id();
  if ((flag & CL_SLAVE) != 0 || ((flag & CL_SHARED_TO_SLAVE) != 0 && old.shared())) {
    set_master(*m, &old);
  } else if ((flag & CL_MAKE_PRIVATE) == 0) {
    if (old.slave()) set_master(*m, old.master);
  }
  return m;
}

MountTree copy_tree(Vfs& vfs, Mount& src, std::shared_ptr<Inode> root, std::string root_path,
                    int flag) {
  MountTree out;
  std::string rel;  // where the new root is, seen from src's root
  if (!path_visible_in(src, root_path, rel)) rel = "/";
  out.push_back(clone_mnt(vfs, src, std::move(root), std::move(root_path), flag));
  if (src.ns == nullptr) return out;
  const MountTable& table = *src.ns->mounts;
  std::map<const Mount*, Mount*> copy_of{{&src, out.front().get()}};
  // Parents come before children in the table, so one pass in order sees every parent first.
  for (const auto& c : table.mounts) {
    if (c->parent == nullptr) continue;
    auto parent_copy = copy_of.find(c->parent);
    if (parent_copy == copy_of.end()) continue;
    std::string mp = c->mp_path;
    if (c->parent == &src) {
      if (rel != "/") {
        if (mp == rel) {
          mp = "/";
        } else if (mp.rfind(rel + "/", 0) == 0) {
          mp = mp.substr(rel.size());
        } else {
          continue;  // not below the copied directory
        }
      }
    }
    if (c->unbindable() && (flag & CL_COPY_UNBINDABLE) == 0) continue;
    auto q = clone_mnt(vfs, *c, c->root, c->root_path, flag);
    q->parent = parent_copy->second;
    q->mp_sb = c->mp_sb;
    q->mountpoint = c->mountpoint;
    q->mp_path = mp;
    copy_of[c.get()] = q.get();
    out.push_back(std::move(q));
  }
  return out;
}

void lock_mnt_tree(MountTree& tree) {
  for (auto& m : tree) m->flags |= MNT_LOCKED;
}

namespace {

void commit_tree(MountTree& tree, Mount& parent, std::shared_ptr<Inode> mp, std::string rel) {
  Mount& root = *tree.front();
  root.parent = &parent;
  root.mp_sb = parent.sb;
  root.mountpoint = std::move(mp);
  root.mp_path = std::move(rel);
  MountNamespace* ns = parent.ns;
  for (auto& m : tree) {
    m->ns = ns;
    ns->mounts->mounts.push_back(m);
  }
}

// Every mount of m's peer group, m first.
std::vector<Mount*> group_of(Vfs& vfs, Mount& m) {
  std::vector<Mount*> g{&m};
  for (Mount* p : vfs.peers_of(m))
    if (p->ns != nullptr) g.push_back(p);
  return g;
}

}  // namespace

void install_tree(MountNamespace& ns, MountTree& tree) {
  for (auto& m : tree) {
    m->ns = &ns;
    ns.mounts->mounts.push_back(m);
  }
  ns.mounts->root = tree.front();
}

void attach_recursive_mnt(Vfs& vfs, MountTree tree, Mount& dest, std::shared_ptr<Inode> mp,
                          const std::string& mp_sb_path) {
  // A tree mounted under a shared mount becomes shared (invent_group_ids).
  if (dest.shared())
    for (auto& m : tree)
      if (m->group_id == 0) m->group_id = vfs.alloc_group_id();
  const std::shared_ptr<UserNamespace> user_ns = dest.ns->owner;

  // propagate_mnt(): receivers are dest's peers, then each slave group below, level by
  // level; a peer receives a peer copy, a slave group's first member a slave copy.
  std::map<Mount*, Mount*> copy_at{{&dest, tree.front().get()}};
  std::vector<std::pair<Mount*, MountTree>> pending;
  auto give = [&](Mount& n, Mount& source, int type) {
    std::string rel;
    if (n.ns == nullptr || !path_visible_in(n, mp_sb_path, rel)) return;
    MountTree copy = copy_tree(vfs, source, source.root, source.root_path, type);
    // Mounts propagated into a namespace of another owner are locked there.
    if (n.ns->owner != user_ns) lock_mnt_tree(copy);
    copy.front()->mountpoint = mp;
    copy.front()->mp_path = rel;
    copy_at[&n] = copy.front().get();
    pending.emplace_back(&n, std::move(copy));
  };
  std::vector<Mount*> dest_group = group_of(vfs, dest);
  for (Mount* n : dest_group)
    if (n != &dest) give(*n, *tree.front(), CL_MAKE_SHARED);

  std::deque<Mount*> slave_queue;
  std::set<Mount*> seen(dest_group.begin(), dest_group.end());
  for (Mount* n : dest_group)
    for (Mount* s : n->slaves) slave_queue.push_back(s);
  while (!slave_queue.empty()) {
    Mount* s = slave_queue.front();
    slave_queue.pop_front();
    if (seen.count(s) != 0 || s->ns == nullptr) continue;
    std::vector<Mount*> group = group_of(vfs, *s);
    // The source is the copy its master's group received (or the original tree).
    Mount* source = tree.front().get();
    for (Mount* up = s->master; up != nullptr; up = up->master) {
      Mount* found = nullptr;
      for (Mount* g : group_of(vfs, *up))
        if (copy_at.count(g) != 0) found = copy_at[g];
      if (found != nullptr) {
        source = found;
        break;
      }
    }
    Mount* first = nullptr;
    for (Mount* n : group) {
      seen.insert(n);
      if (first == nullptr) {
        give(*n, *source, CL_SLAVE | (n->shared() ? CL_MAKE_SHARED : 0));
        if (copy_at.count(n) != 0) first = copy_at[n];
      } else {
        give(*n, *first, CL_MAKE_SHARED);
      }
      for (Mount* sub : n->slaves) slave_queue.push_back(sub);
    }
  }
  std::string rel;
  if (!path_visible_in(dest, mp_sb_path, rel)) rel = "/";
  commit_tree(tree, dest, mp, rel);
  for (auto& [n, copy] : pending) commit_tree(copy, *n, mp, copy.front()->mp_path);
}

namespace {

void detach_subtree(Vfs& vfs, Mount& m) {
  MountNamespace* ns = m.ns;
  if (ns == nullptr) return;
  for (Mount* c : ns->mounts->children(m)) detach_subtree(vfs, *c);
  std::shared_ptr<Mount> keep = ns->mounts->find(m);
  change_mnt_propagation(vfs, m, MS_PRIVATE);
  std::erase_if(ns->mounts->mounts, [&](const std::shared_ptr<Mount>& p) { return p.get() == &m; });
  m.ns = nullptr;
  m.parent = nullptr;
}

}  // namespace

void umount_tree(Vfs& vfs, Mount& m, bool propagate) {
  std::vector<Mount*> victims{&m};
  if (propagate && m.parent != nullptr && (m.parent->shared() || !m.parent->slaves.empty())) {
    // propagate_umount(): the same mountpoint at every receiver of the parent goes too,
    // if nothing is mounted below it there.
    std::deque<Mount*> todo;
    std::set<Mount*> seen;
    for (Mount* p : group_of(vfs, *m.parent)) todo.push_back(p);
    while (!todo.empty()) {
      Mount* r = todo.front();
      todo.pop_front();
      if (!seen.insert(r).second) continue;
      for (Mount* p : vfs.peers_of(*r)) todo.push_back(p);
      for (Mount* s : r->slaves) todo.push_back(s);
      if (r == m.parent || r->ns == nullptr) continue;
      Mount* child = r->ns->mounts->lookup(*r, *m.mountpoint);
      if (child != nullptr && child->sb == m.sb && r->ns->mounts->children(*child).empty())
        victims.push_back(child);
    }
  }
  for (Mount* v : victims) detach_subtree(vfs, *v);
}

}  // namespace lsmsim
