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

// aa_replace_profiles()' fail path: the failing entry's record, then one per other entry of
// the atomic set ("valid" before it, "unchecked" after it); `existed` says which entries
// before the failing one had an old profile (op profile_replace), later ones were not looked
// up (profile_load).
void audit_failed_set(ApparmorLsm& me, const AaLabel& subj, const char* op,
                      const std::string& ns_name, const std::vector<std::string>& names,
                      std::size_t failed, const std::vector<bool>& existed,
                      const std::string& info, int error) {
  audit_policy(me, subj, op, ns_name, names[failed], info, error);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i == failed) continue;
    const bool old = i < existed.size() && existed[i];
    audit_policy(me, subj, old ? "profile_replace" : "profile_load", ns_name, names[i],
                 i < failed ? "valid profile in failed atomic policy load"
                            : "unchecked profile in failed atomic policy load",
                 error);
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
  // The load set's entries in unpack order (children after their parent).
  std::vector<std::string> names;
  std::vector<std::size_t> first_entry;  // each top-level profile's index in `names`
  for (const auto& p : profiles) {
    first_entry.push_back(names.size());
    collect_names(*p, p->name, names);
  }
  // Every profile of one load must name the same namespace; a profile naming one after a
  // profile naming none mixes them too (aa_replace_profiles counts the ns-less entries).
  std::size_t count = 0;
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    const aa::Profile& p = *profiles[i];
    if (!ns_name.empty()) {
      if (p.ns.empty() || p.ns == ns_name) continue;
    } else if (!p.ns.empty()) {
      if (count == 0) {
        ns_name = p.ns;
        continue;
      }
    } else {
      ++count;
      continue;
    }
    info = "policy load has mixed namespaces";
    audit_failed_set(me, subj, op, ns_name, names, first_entry[i], {}, info, -EACCES);
    return -EACCES;
  }
  AaNs* ns = policy_ns != nullptr ? policy_ns : &aa_labels_ns(subj);
  if (!ns_name.empty()) {
    // aa_prepare_ns(): one direct child, found or created, named literally (a "//" in the
    // name makes no levels: __aa_find_ns and __aa_create_ns take the whole name).
    if (ns_name.find(':') != std::string::npos) {
      info = "failed to prepare namespace";
      return -EINVAL;
    }
    ns = ns->child(ns_name);
  }
  // __lookup_replace(): an existing profile under .load fails the whole set.
  std::vector<bool> existed;
  for (std::size_t i = 0; i < names.size(); ++i) {
    existed.push_back(ns->profiles.count(names[i]) != 0);
    if (existed[i] && (mask & kAaMayReplacePolicy) == 0) {
      info = "profile can not be replaced";
      audit_failed_set(me, subj, "profile_replace", ns_name, names, i, existed, info, -EEXIST);
      return -EEXIST;
    }
  }
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
  // profile_remove() NUL-terminates the written bytes: the name ends at the first NUL, and a
  // trailing newline is part of it ("bar\n" names no profile).
  if (const std::size_t nul = fqname.find('\0'); nul != std::string_view::npos)
    fqname = fqname.substr(0, nul);
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
  // ns_mkdir_op(): aa_may_manage_policy(label, NULL, AA_MAY_LOAD_POLICY), which logs a
  // refusal ("not policy admin").
  if (const int rc = aa_may_manage_policy(me, cred, nullptr, kAaMayLoadPolicy); rc != 0)
    return rc;
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

// The `profiles` seq file walks the kernel's lists (p_next: next_profile, __next_ns): in a
// namespace its profiles newest first, each followed by its children (newest first); then
// its sub-namespaces, newest first, depth first.
void list_profiles(const AaNs& view, const AaNs& ns, std::string_view parent,
                   std::vector<std::string>& out) {
  std::vector<const AaProfile*> here;
  for (const auto& [hname, p] : ns.profiles) {
    std::string_view rest = hname;
    if (!parent.empty()) {
      if (rest.size() <= parent.size() + 2 || rest.substr(0, parent.size()) != parent ||
          rest.substr(parent.size(), 2) != "//")
        continue;
      rest.remove_prefix(parent.size() + 2);
    }
    if (rest.find("//") != std::string_view::npos) continue;
    here.push_back(p.get());
  }
  std::sort(here.begin(), here.end(),
            [](const AaProfile* a, const AaProfile* b) { return a->seq > b->seq; });
  for (const AaProfile* p : here) {
    AaLabel l;
    l.vec.push_back(AaComponent{const_cast<AaNs*>(&ns), p->hname});
    out.push_back(aa_label_print(view, l, kAaShowMode));
    list_profiles(view, ns, p->hname, out);
  }
}

void list_ns(const AaNs& view, const AaNs& ns, std::vector<std::string>& out) {
  list_profiles(view, ns, {}, out);
  std::vector<const AaNs*> subs;
  for (const auto& [n, c] : ns.children)
    if (!c->removed) subs.push_back(c.get());
  std::sort(subs.begin(), subs.end(), [](const AaNs* a, const AaNs* b) { return a->seq > b->seq; });
  for (const AaNs* c : subs) list_ns(view, *c, out);
}

}  // namespace

std::vector<std::string> aa_profiles_lines(const AaNs& view) {
  std::vector<std::string> out;
  list_ns(view, view, out);
  return out;
}

}  // namespace lsmsim
