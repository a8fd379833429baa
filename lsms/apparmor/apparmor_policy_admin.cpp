// Who may view and manage AppArmor policy (security/apparmor/policy.c, v6.12:
// policy_ns_capable, aa_policy_view_capable, aa_policy_admin_capable, aa_may_manage_policy)
// and the policy operations behind apparmorfs and the public API: aa_replace_profiles,
// aa_remove_profiles, namespace creation (aa_prepare_ns, ns_mkdir_op).
#include <algorithm>
#include <cerrno>

#include "lsms/apparmor/apparmor_lsm.h"
#include "lsms/apparmor/apparmor_policy_ops.h"
#include "lsms/selinux/selinux_avc_record.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/ns/namespaces.h"

namespace lsmsim {

bool aa_policy_view_capable(ApparmorLsm& me, const Cred& cred, const AaNs* ns) {
  const UserNamespace& user_ns = *cred.user_ns;
  const AaNs& view_ns = aa_labels_ns(me.cred_aa_label(cred));
  // root in the caller's user namespace: euid or an effective group is its uid/gid 0.
  const Gid root_gid = make_kgid(user_ns, 0);
  const bool root_in_user_ns =
      cred.euid == make_kuid(user_ns, 0) || cred.egid == root_gid ||
      std::find(cred.groups.begin(), cred.groups.end(), root_gid) != cred.groups.end();
  if (ns == nullptr) ns = &view_ns;
  return root_in_user_ns && aa_ns_visible(view_ns, *ns) &&
         (&user_ns == me.kernel().init_user_ns().get() ||
          (me.unprivileged_userns_apparmor_policy != 0 && user_ns.level == view_ns.level));
}

bool aa_policy_admin_capable(ApparmorLsm& me, const Cred& cred, const AaNs* ns) {
  // policy_ns_capable(): cap_capable() in the cred's own user namespace (the effective set),
  // then AppArmor's own capability rules; no other LSM is asked.
  const bool capable = cred.cap_effective.has(CAP_MAC_ADMIN) &&
                       aa_capable(me, me.cred_aa_label(cred), CAP_MAC_ADMIN, true) == 0;
  return aa_policy_view_capable(me, cred, ns) && capable && !me.lock_policy;
}

namespace {

void audit_policy(ApparmorLsm& me, const AaLabel& subj, const char* op, const std::string& ns_name,
                  const std::string& name, const std::string& info, int error) {
  AaAuditData ad;
  ad.op = op;
  ad.info = info;
  ad.error = error;
  ad.name = name;
  if (!ns_name.empty()) ad.fields = " ns=" + audit_untrusted_string(ns_name);
  me.audit_label("STATUS", subj, ad);
}

const char* op_name(std::uint32_t mask) {
  if ((mask & kAaMayRemovePolicy) != 0) return "profile_remove";
  if ((mask & kAaMayReplacePolicy) != 0) return "profile_replace";
  return "profile_load";
}

void collect_names(const aa::Profile& p, const std::string& hname, std::vector<std::string>& out) {
  out.push_back(hname);
  for (const auto& c : p.children) {
    const std::string prefix = hname + "//";
    collect_names(*c, c->name.rfind(prefix, 0) == 0 ? c->name : prefix + c->name, out);
  }
}

}  // namespace

const AaLabel& aa_subject_label(ApparmorLsm& me, const Cred* cred) {
  return cred == nullptr ? me.label(me.unconfined) : me.cred_aa_label(*cred);
}

int aa_may_manage_policy(ApparmorLsm& me, const Cred* cred, const AaNs* ns, std::uint32_t mask) {
  if (cred == nullptr) return 0;  // the kernel itself (lsmsim's API without a task)
  const AaLabel& subj = me.cred_aa_label(*cred);
  if (me.lock_policy) {
    audit_policy(me, subj, op_name(mask), {}, {}, "policy_locked", -EACCES);
    return -EACCES;
  }
  if (!aa_policy_admin_capable(me, *cred, ns)) {
    audit_policy(me, subj, op_name(mask), {}, {}, "not policy admin", -EACCES);
    me.explain_denial("", "not an AppArmor policy admin for this namespace");
    return -EACCES;
  }
  return 0;
}

int aa_replace_profiles(ApparmorLsm& me, const Cred* cred, AaNs* policy_ns, std::string ns_name,
                        std::vector<std::unique_ptr<aa::Profile>> profiles, std::uint32_t mask,
                        std::string& info) {
  const AaLabel& subj = aa_subject_label(me, cred);
  if (const int rc = aa_may_manage_policy(me, cred, policy_ns, mask); rc != 0) {
    info = "not policy admin";
    return rc;
  }
  const char* op = op_name(mask);
  // Every profile of one load must name the same namespace.
  for (const auto& p : profiles) {
    if (p->ns.empty()) continue;
    if (ns_name.empty()) {
      ns_name = p->ns;
    } else if (p->ns != ns_name) {
      info = "policy load has mixed namespaces";
      audit_policy(me, subj, op, ns_name, p->name, info, -EACCES);
      return -EACCES;
    }
  }
  AaNs* ns = policy_ns != nullptr ? policy_ns : &aa_labels_ns(subj);
  if (!ns_name.empty()) {
    // aa_prepare_ns(): found or created below the caller's (or the file's) namespace.
    std::string_view rest = ns_name;
    while (!rest.empty()) {
      const std::size_t split = rest.find("//");
      const std::string_view part = rest.substr(0, split);
      if (part.empty() || part.find(':') != std::string_view::npos) {
        info = "failed to prepare namespace";
        return -EINVAL;
      }
      ns = ns->child(part);
      rest = split == std::string_view::npos ? std::string_view{} : rest.substr(split + 2);
    }
  }
  std::vector<std::string> names;
  for (const auto& p : profiles) collect_names(*p, p->name, names);
  std::vector<bool> existed;
  for (const std::string& n : names) existed.push_back(ns->profiles.count(n) != 0);
  const int rc =
      me.policy.replace(*ns, std::move(profiles), (mask & kAaMayReplacePolicy) == 0, info);
  if (rc != 0) {
    audit_policy(me, subj, op, ns_name, names.empty() ? std::string() : names.front(), info, rc);
    return rc;
  }
  for (std::size_t i = 0; i < names.size(); ++i)
    audit_policy(me, subj, existed[i] ? "profile_replace" : "profile_load", ns_name, names[i], {},
                 0);
  return 0;
}

int aa_remove_profiles(ApparmorLsm& me, const Cred* cred, AaNs* policy_ns, std::string_view fqname,
                       std::string& info) {
  const AaLabel& subj = aa_subject_label(me, cred);
  if (const int rc = aa_may_manage_policy(me, cred, policy_ns, kAaMayRemovePolicy); rc != 0) {
    info = "not policy admin";
    return rc;
  }
  while (!fqname.empty() && (fqname.back() == '\n' || fqname.back() == '\0'))
    fqname.remove_suffix(1);
  if (fqname.empty()) {
    info = "no profile specified";
    audit_policy(me, subj, "profile_remove", {}, {}, info, -ENOENT);
    return -ENOENT;
  }
  AaNs* ns = policy_ns != nullptr ? policy_ns : &aa_labels_ns(subj);
  std::string ns_name;
  std::string_view name = fqname;
  if (fqname.front() == ':') {  // aa_split_fqname()
    const std::size_t colon = fqname.find(':', 1);
    ns_name = std::string(fqname.substr(1, colon == std::string_view::npos ? colon : colon - 1));
    name = colon == std::string_view::npos ? std::string_view{} : fqname.substr(colon + 1);
    if (name.substr(0, 2) == "//") name.remove_prefix(2);
    ns = ns->find_ns(ns_name);
    if (ns == nullptr) {
      info = "namespace does not exist";
      audit_policy(me, subj, "profile_remove", ns_name, std::string(name), info, -ENOENT);
      return -ENOENT;
    }
  }
  if (name.empty()) {
    if (ns->parent == nullptr || ns == &aa_labels_ns(subj)) {
      info = "can not remove this namespace";
      return -EACCES;
    }
    me.remove_ns(*ns);
  } else if (me.remove_profile(*ns, name) != 0) {
    info = "profile does not exist";
    audit_policy(me, subj, "profile_remove", ns_name, std::string(name), info, -ENOENT);
    return -ENOENT;
  }
  audit_policy(me, subj, "profile_remove", ns_name, std::string(name), {}, 0);
  return 0;
}

int aa_mkdir_ns(ApparmorLsm& me, const Cred* cred, AaNs& parent, std::string_view name,
                AaNs** out) {
  if (cred != nullptr && !aa_policy_admin_capable(me, *cred, &parent)) return -EACCES;
  if (name.empty() || name.find(':') != std::string_view::npos ||
      name.find('/') != std::string_view::npos || name.front() == '.')
    return -EINVAL;
  if (parent.find_ns(name) != nullptr) return -EEXIST;
  AaNs* ns = parent.child(name);
  ++parent.revision;
  if (out != nullptr) *out = ns;
  return 0;
}

namespace {

void list_ns(const AaNs& view, const AaNs& ns, std::vector<std::string>& out) {
  std::vector<std::string> here;
  for (const auto& [hname, p] : ns.profiles) {
    AaLabel l;
    l.vec.push_back(AaComponent{const_cast<AaNs*>(&ns), hname});
    here.push_back(aa_label_print(view, l, kAaShowMode));
  }
  out.insert(out.end(), here.begin(), here.end());
  for (const auto& [n, c] : ns.children)
    if (!c->removed) list_ns(view, *c, out);
}

}  // namespace

std::vector<std::string> aa_profiles_lines(const AaNs& view) {
  std::vector<std::string> out;
  list_ns(view, view, out);
  return out;
}

}  // namespace lsmsim
