// The public SELinux API (selinux.h): what the engine and the bindings call directly.
#include <stdexcept>

#include "lsms/selinux/selinux_lsm.h"
#include "model/kernel.h"

namespace lsmsim {

namespace {

SelinuxLsm& require(Kernel& k) {
  SelinuxLsm* me = selinux_lsm(k);
  if (me == nullptr) throw std::runtime_error("SELinux is not active in this kernel");
  return *me;
}

SelinuxNamespace& ns_for(SelinuxLsm& me, Kernel& k, Task* task) {
  return me.ns_of(*(task != nullptr ? *task : k.init_task()).cred);
}

}  // namespace

SelinuxLsm* selinux_lsm(Kernel& k) {
  LsmModule* m = k.lsm().find("selinux");
  return m == nullptr ? nullptr : &selinux(*m);
}

void selinux_load_policy(Kernel& k, std::string_view policy_conf, const std::string& filename,
                         Task* task) {
  SelinuxLsm& me = require(k);
  selinux_ns_load_policy(me, ns_for(me, k, task), policy_conf, filename);
}

const sepolicy::SecurityServer* selinux_policy(Kernel& k, Task* task) {
  SelinuxLsm* me = selinux_lsm(k);
  return me == nullptr ? nullptr : ns_for(*me, k, task).ss.get();
}

void selinux_set_enforcing(Kernel& k, bool enforcing, Task* task) {
  SelinuxLsm& me = require(k);
  SelinuxNamespace& ns = ns_for(me, k, task);
  ns.set_enforcing(enforcing);
}

bool selinux_enforcing(Kernel& k, Task* task) {
  SelinuxLsm* me = selinux_lsm(k);
  return me != nullptr && ns_for(*me, k, task).enforcing;
}

bool selinux_set_boolean(Kernel& k, const std::string& name, bool value, Task* task) {
  SelinuxLsm& me = require(k);
  SelinuxNamespace& ns = ns_for(me, k, task);
  if (!ns.initialized() || !ns.ss->boolean(name)) return false;
  ns.pending_bools[name] = value;
  selinux_ns_commit_bools(ns);
  return true;
}

std::string selinux_avc_cache_stats(Kernel& k, Task* task) {
  SelinuxLsm& me = require(k);
  return ns_for(me, k, task).cache_stats();
}

const std::vector<std::string>& selinux_avc_records(Kernel& k) {
  return require(k).audit_log;
}

}  // namespace lsmsim
