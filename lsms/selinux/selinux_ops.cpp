// Policy load, booleans and unshare: shared by selinuxfs and the public API.
#include <cerrno>

#include "lsms/selinux/policy/policy_parser.h"
#include "lsms/selinux/selinux_lsm.h"
#include "model/kernel.h"

namespace lsmsim {

void selinux_ns_load_policy(SelinuxLsm&, SelinuxNamespace& ns, std::string_view text,
                            const std::string& filename) {
  sepolicy::PolicyParseOptions opts;
  opts.filename = filename;
  opts.mls = sepolicy::policy_conf_is_mls(text);
  sepolicy::Policydb db = sepolicy::parse_policy_conf(text, opts);
  auto next = std::make_unique<sepolicy::SecurityServer>(std::move(db));
  // security_preserve_bools(): a reload keeps the running value of every boolean the new
  // policy also declares (by name), not the new policy's default.
  if (ns.initialized())
    for (const auto& b : next->policy().booleans)
      if (const auto cur = ns.ss->boolean(b.name)) next->set_boolean(b.name, *cur);
  ns.install_policy(std::move(next));
}

void selinux_ns_commit_bools(SelinuxNamespace& ns) {
  if (!ns.initialized()) return;
  for (const auto& [name, value] : ns.pending_bools) ns.ss->set_boolean(name, value);
  ns.pending_bools.clear();
  ns.notify_policy_change();
}

int selinux_unshare(SelinuxLsm& me, Task& t) {
  Kernel& k = me.kernel();
  const SelinuxCredSecurity& old = me.cred_sec(*t.cred);
  SelinuxNamespace& cur = me.ns_of(*t.cred);
  if (cur.depth + 1 > me.maxnsdepth) {
    me.explain_denial(cur.name, "SELinux namespace depth limit reached (maxnsdepth " +
                                    std::to_string(me.maxnsdepth) + ")");
    return -ENOSPC;
  }
  if (me.ns_counter->live >= me.maxns) {
    me.explain_denial(
        cur.name, "SELinux namespace count limit reached (maxns " + std::to_string(me.maxns) + ")");
    return -ENOSPC;
  }
  int err = 0;
  std::shared_ptr<Cred> next = k.prepare_creds(*t.cred, err);
  if (next == nullptr) return -err;
  SelinuxCredSecurity& tsec = me.cred_sec(*next);
  auto level = std::make_shared<SelinuxCredLevel>();
  level->ns = old.ns != nullptr ? old.ns : me.init_ns;
  level->sid = old.sid;
  level->parent = old.parent_cred;
  tsec.parent_cred = std::move(level);
  tsec.ns = std::make_shared<SelinuxNamespace>(me, tsec.parent_cred->ns, me.ns_counter);
  // The child starts at the kernel initial SID, permissive, without a policy.
  tsec.sid = tsec.osid = me.kernel_sid;
  tsec.exec_sid = tsec.create_sid = tsec.keycreate_sid = tsec.sockcreate_sid = 0;
  k.commit_creds(t, std::move(next));
  return 0;
}

}  // namespace lsmsim
