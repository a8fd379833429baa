// Helpers for the AppArmor kernel tests: compiled profiles built by hand (a small builder
// over aa::Profile), kernels with AppArmor, tasks and their labels.
#pragma once

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "lsms/apparmor/apparmor.h"
#include "lsms/apparmor/apparmor_lsm.h"
#include "lsms/apparmor/policy/profile.h"
#include "lsms/apparmor/policy/profile_parser.h"
#include "model/kernel.h"
#include "model/syscalls/fs.h"
#include "tests/support/task_factory.h"

namespace lsmsim::testing {

inline KernelConfig aa_config(std::string lsm = "apparmor", bool stacking = false) {
  KernelConfig c;
  c.lsm.lsm = std::move(lsm);
  c.lsm.stacking = stacking;
  return c;
}

inline aa::ExecMode xmode(aa::ExecType t, std::string target = {},
                          aa::ExecType fallback = aa::ExecType::none, bool scrub = false) {
  aa::ExecMode m;
  m.type = t;
  m.target = std::move(target);
  m.fallback = fallback;
  m.scrub = scrub;
  return m;
}

// A profile under construction: rules are collected, then build() compiles the file rules.
class ProfileBuilder {
 public:
  explicit ProfileBuilder(std::string name, std::string ns = {})
      : p_(std::make_shared<aa::Profile>()) {
    p_->name = name;
    p_->ns = std::move(ns);
    if (!name.empty() && name.front() == '/') p_->attachment.emplace(name);
  }
  ProfileBuilder& attach(const std::string& glob) {
    p_->attachment.emplace(glob);
    return *this;
  }
  ProfileBuilder& mode(aa::ProfileMode m) {
    p_->mode = m;
    return *this;
  }
  ProfileBuilder& hat() {
    p_->is_hat = true;
    return *this;
  }
  ProfileBuilder& file(const std::string& glob, std::uint32_t perms, aa::ExecMode x = {},
                       bool owner = false) {
    aa::FileRuleSpec r;
    r.glob = glob;
    r.perms = perms;
    r.exec = std::move(x);
    r.owner = owner;
    r.rule_index = files_.size();
    files_.push_back(std::move(r));
    return *this;
  }
  ProfileBuilder& deny_file(const std::string& glob, std::uint32_t perms, bool audit = false) {
    aa::FileRuleSpec r;
    r.glob = glob;
    r.perms = perms;
    r.deny = true;
    r.audit = audit;
    r.rule_index = files_.size();
    files_.push_back(std::move(r));
    return *this;
  }
  ProfileBuilder& cap(int c) {
    p_->caps.allow |= std::uint64_t{1} << c;
    return *this;
  }
  ProfileBuilder& signal(std::uint32_t perms, const std::string& peer = {}, bool deny = false) {
    aa::SignalRule r;
    r.perms = perms;
    if (!peer.empty()) r.peer.emplace(peer);
    r.deny = deny;
    p_->signal.push_back(std::move(r));
    return *this;
  }
  ProfileBuilder& ptrace(std::uint32_t perms, const std::string& peer = {}) {
    aa::PtraceRule r;
    r.perms = perms;
    if (!peer.empty()) r.peer.emplace(peer);
    p_->ptrace.push_back(std::move(r));
    return *this;
  }
  ProfileBuilder& network(int family, int type = -1) {
    aa::NetworkRule r;
    r.family = family;
    r.type = type;
    p_->network.push_back(r);
    return *this;
  }
  ProfileBuilder& mount(std::vector<std::string> fstypes, const std::string& mountpoint) {
    aa::MountRule r;
    r.fstypes = std::move(fstypes);
    r.mountpoint.emplace(mountpoint);
    p_->mount.push_back(std::move(r));
    return *this;
  }
  ProfileBuilder& change_profile(const std::string& target, bool stack_only = false,
                                 const std::string& exec = {}) {
    p_->change_profile.push_back(
        aa::ChangeProfileRule{exec.empty() ? std::nullopt : std::optional<aa::Glob>(aa::Glob(exec)),
                              aa::Glob(target),
                              stack_only,
                              false,
                              false,
                              {}});
    return *this;
  }
  ProfileBuilder& userns(bool allow = true) {
    (allow ? p_->userns_create : p_->userns_deny) = true;
    return *this;
  }
  ProfileBuilder& child(ProfileBuilder c) {
    children_.push_back(std::move(c));
    return *this;
  }
  std::unique_ptr<aa::Profile> build() {
    p_->file = aa::FileMatcher(files_);
    for (auto& c : children_) {
      if (c.p_->name.rfind(p_->name + "//", 0) != 0) c.p_->name = p_->name + "//" + c.p_->name;
      p_->children.push_back(c.build());
    }
    return std::make_unique<aa::Profile>(std::move(*p_));
  }

 private:
  // Shared, so builders can sit in initializer lists (copies of one builder are one profile).
  std::shared_ptr<aa::Profile> p_;
  std::vector<aa::FileRuleSpec> files_;
  std::vector<ProfileBuilder> children_;
};

inline void load(Kernel& k, std::vector<ProfileBuilder> ps, const std::string& ns = {},
                 Task* as = nullptr, bool replace = true) {
  std::vector<std::unique_ptr<aa::Profile>> v;
  for (auto& p : ps) v.push_back(p.build());
  apparmor_load(k, std::move(v), ns, as, replace);
}

// Errno of a load by `as` (0 on success).
inline int load_err(Kernel& k, std::vector<ProfileBuilder> ps, const std::string& ns, Task* as,
                    bool replace = true) {
  try {
    load(k, std::move(ps), ns, as, replace);
    return 0;
  } catch (const ApparmorError& e) {
    return e.err();
  }
}

// Puts `t` in the label `text` (parsed in the root namespace) directly, as a test fixture.
inline void set_label(Kernel& k, Task& t, const std::string& text) {
  ApparmorLsm& me = *apparmor_lsm(k);
  std::vector<AaComponent> vec;
  const int rc = aa_label_parse(me.label(me.unconfined), text, false, vec);
  BOOST_TEST_REQUIRE(rc == 0, "label " << text << " does not parse: " << rc);
  int err = 0;
  auto c = k.prepare_creds(*t.cred, err);
  me.cred_label(*c) = me.intern(std::move(vec));
  k.commit_creds(t, c);
}

// Loads profile text (as .replace does) into `ns` ("" = root), unchecked.
inline void load_text(Kernel& k, const std::string& text, const std::string& ns = {}) {
  aa::ProfileParseOptions o;
  o.filename = "test";
  o.ns = ns;
  apparmor_load_profiles(k, text, o);
}

// A fresh task forked from init, put in `label`.
inline Task& confined(Kernel& k, const std::string& label) {
  Task& t = spawn(k, k.init_task());
  set_label(k, t, label);
  return t;
}

// /proc/self/attr/apparmor/current without its newline, or "<errno N>".
inline std::string aa_current(Task& reader, const std::string& pid = "self") {
  SysResult r = read_file(reader, "/proc/" + pid + "/attr/apparmor/current");
  if (!r.ok()) return "<errno " + std::to_string(r.err) + ">";
  std::string s = r.data;
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

inline std::string last_record(Kernel& k) {
  auto r = apparmor_audit_records(k);
  return r.empty() ? std::string() : r.back();
}

}  // namespace lsmsim::testing
