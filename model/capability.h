// POSIX capabilities: numbers and names as in include/uapi/linux/capability.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lsmsim {

enum Capability : int {
  CAP_CHOWN = 0,
  CAP_DAC_OVERRIDE = 1,
  CAP_DAC_READ_SEARCH = 2,
  CAP_FOWNER = 3,
  CAP_FSETID = 4,
  CAP_KILL = 5,
  CAP_SETGID = 6,
  CAP_SETUID = 7,
  CAP_SETPCAP = 8,
  CAP_LINUX_IMMUTABLE = 9,
  CAP_NET_BIND_SERVICE = 10,
  CAP_NET_BROADCAST = 11,
  CAP_NET_ADMIN = 12,
  CAP_NET_RAW = 13,
  CAP_IPC_LOCK = 14,
  CAP_IPC_OWNER = 15,
  CAP_SYS_MODULE = 16,
  CAP_SYS_RAWIO = 17,
  CAP_SYS_CHROOT = 18,
  CAP_SYS_PTRACE = 19,
  CAP_SYS_PACCT = 20,
  CAP_SYS_ADMIN = 21,
  CAP_SYS_BOOT = 22,
  CAP_SYS_NICE = 23,
  CAP_SYS_RESOURCE = 24,
  CAP_SYS_TIME = 25,
  CAP_SYS_TTY_CONFIG = 26,
  CAP_MKNOD = 27,
  CAP_LEASE = 28,
  CAP_AUDIT_WRITE = 29,
  CAP_AUDIT_CONTROL = 30,
  CAP_SETFCAP = 31,
  CAP_MAC_OVERRIDE = 32,
  CAP_MAC_ADMIN = 33,
  CAP_SYSLOG = 34,
  CAP_WAKE_ALARM = 35,
  CAP_BLOCK_SUSPEND = 36,
  CAP_AUDIT_READ = 37,
  CAP_PERFMON = 38,
  CAP_BPF = 39,
  CAP_CHECKPOINT_RESTORE = 40,
};
inline constexpr int CAP_LAST_CAP = CAP_CHECKPOINT_RESTORE;

// capable() option bits (include/linux/security.h).
inline constexpr unsigned CAP_OPT_NONE = 0;
inline constexpr unsigned CAP_OPT_NOAUDIT = 1u << 1;
inline constexpr unsigned CAP_OPT_INSETID = 1u << 2;

// A capability set (kernel_cap_t): one bit per capability.
class CapSet {
 public:
  constexpr CapSet() = default;
  static constexpr CapSet full() { return CapSet((std::uint64_t{1} << (CAP_LAST_CAP + 1)) - 1); }
  static constexpr CapSet of(std::uint64_t bits) { return CapSet(bits); }

  constexpr bool has(int cap) const { return (bits_ >> cap) & 1u; }
  constexpr void raise(int cap) { bits_ |= std::uint64_t{1} << cap; }
  constexpr void drop(int cap) { bits_ &= ~(std::uint64_t{1} << cap); }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr std::uint64_t bits() const { return bits_; }
  constexpr bool is_subset_of(CapSet other) const { return (bits_ & ~other.bits_) == 0; }
  constexpr CapSet operator&(CapSet o) const { return CapSet(bits_ & o.bits_); }
  constexpr CapSet operator|(CapSet o) const { return CapSet(bits_ | o.bits_); }
  constexpr bool operator==(const CapSet&) const = default;

 private:
  constexpr explicit CapSet(std::uint64_t bits) : bits_(bits) {}
  std::uint64_t bits_ = 0;
};

// "cap_sys_admin" for 21 (the spelling of capabilities(7) and libcap).
std::string capability_name(int cap);
// Accepts "cap_sys_admin", "CAP_SYS_ADMIN" or "sys_admin".
std::optional<int> capability_from_name(const std::string& name);
// The 16-hex-digit form /proc/PID/status prints for CapEff and friends.
std::string capset_hex(CapSet set);

}  // namespace lsmsim
