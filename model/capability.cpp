#include "model/capability.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

namespace lsmsim {
namespace {

constexpr std::array<const char*, CAP_LAST_CAP + 1> kNames = {
    "chown",        "dac_override",    "dac_read_search", "fowner",       "fsetid",
    "kill",         "setgid",          "setuid",          "setpcap",      "linux_immutable",
    "net_bind_service", "net_broadcast", "net_admin",     "net_raw",      "ipc_lock",
    "ipc_owner",    "sys_module",      "sys_rawio",       "sys_chroot",   "sys_ptrace",
    "sys_pacct",    "sys_admin",       "sys_boot",        "sys_nice",     "sys_resource",
    "sys_time",     "sys_tty_config",  "mknod",           "lease",        "audit_write",
    "audit_control", "setfcap",        "mac_override",    "mac_admin",    "syslog",
    "wake_alarm",   "block_suspend",   "audit_read",      "perfmon",      "bpf",
    "checkpoint_restore"};

}  // namespace

std::string capability_name(int cap) {
  if (cap < 0 || cap > CAP_LAST_CAP) return "cap_" + std::to_string(cap);
  return std::string("cap_") + kNames[static_cast<std::size_t>(cap)];
}

std::optional<int> capability_from_name(const std::string& name) {
  std::string n = name;
  std::transform(n.begin(), n.end(), n.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (n.rfind("cap_", 0) == 0) n = n.substr(4);
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (n == kNames[i]) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::string capset_hex(CapSet set) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(set.bits()));
  return buf;
}

}  // namespace lsmsim
