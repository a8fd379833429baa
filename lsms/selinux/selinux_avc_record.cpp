#include "lsms/selinux/selinux_avc_record.h"

#include "model/task.h"
#include "model/vfs/inode.h"

namespace lsmsim {

std::string format_avc_record(const SelinuxAvcRecord& r) {
  // avc_audit_pre_callback(): "avc:  %s " then " {" and " perm"... then " } for ".
  std::string s = "avc:  ";
  s += r.denied ? "denied" : "granted";
  s += "  {";
  for (const std::string& p : r.perms) s += " " + p;
  s += " } for ";
  // dump_common_audit_data(): " pid=%d comm=" then the type's fields.
  s += " pid=" + std::to_string(r.pid) + " comm=\"" + r.comm + "\"";
  s += r.fields;
  // avc_audit_post_callback()
  s += " scontext=" + r.scontext + " tcontext=" + r.tcontext + " tclass=" + r.tclass;
  if (r.denied) s += std::string(" permissive=") + (r.permissive ? "1" : "0");
  if (r.srawcon) s += " srawcon=" + audit_untrusted_string(*r.srawcon);
  if (r.trawcon) s += " trawcon=" + audit_untrusted_string(*r.trawcon);
  return s;
}

std::string audit_dev_name(const Inode& inode) {
  const std::string& src = inode.sb->source;
  if (src.rfind("/dev/", 0) == 0) return src.substr(5);
  return inode.sb->fs_type;
}

SelinuxAuditData audit_inode(const Inode& inode, const std::string& name) {
  SelinuxAuditData ad;
  if (!name.empty()) ad.fields += " name=\"" + name + "\"";
  ad.fields += " dev=\"" + audit_dev_name(inode) + "\" ino=" + std::to_string(inode.ino);
  return ad;
}

namespace {

bool find_name(const Inode& dir, const Inode& target, std::string& out) {
  for (const auto& [n, child] : dir.entries) {
    if (child.get() == &target) {
      out = n;
      return true;
    }
    if (child->is_dir() && find_name(*child, target, out)) return true;
  }
  return false;
}

}  // namespace

std::string inode_entry_name(const Inode& inode) {
  if (inode.sb->root.get() == &inode) return "/";
  std::string out;
  if (inode.sb->root != nullptr) find_name(*inode.sb->root, inode, out);
  return out;
}

SelinuxAuditData audit_inode(const Inode& inode) {
  SelinuxAuditData ad = audit_inode(inode, "");
  ad.name_of = &inode;
  return ad;
}

std::string audit_fields(const SelinuxAuditData& ad) {
  if (ad.name_of == nullptr) return ad.fields;
  const std::string n = inode_entry_name(*ad.name_of);
  return n.empty() ? ad.fields : " name=\"" + n + "\"" + ad.fields;
}

SelinuxAuditData audit_path(const Inode& inode, const std::string& path) {
  SelinuxAuditData ad;
  ad.fields = " path=\"" + path + "\" dev=\"" + audit_dev_name(inode) +
              "\" ino=" + std::to_string(inode.ino);
  return ad;
}

SelinuxAuditData audit_task(const Task& t) {
  return SelinuxAuditData{" opid=" + std::to_string(t.pid) + " ocomm=\"" + t.comm + "\""};
}

SelinuxAuditData audit_cap(int cap) {
  return SelinuxAuditData{" capability=" + std::to_string(cap) + " "};
}

}  // namespace lsmsim
