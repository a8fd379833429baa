// A compiled AppArmor profile: what the profile language (profile_parser.h) produces and the
// kernel side (lsms/apparmor/) mediates with. One struct per rule family, in the order of
// apparmor.d(5). Names are the profile's hname inside its policy namespace ("parent//child").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lsms/apparmor/policy/file_matcher.h"
#include "lsms/apparmor/policy/glob.h"

namespace lsmsim::aa {

// Profile modes (security/apparmor/include/policy.h enum profile_mode; `user` is newer
// kernels' prompt mode, parsed but treated as complain).
enum class ProfileMode : std::uint8_t { enforce, complain, kill, unconfined, user };
const char* profile_mode_name(ProfileMode m);  // "enforce", "complain", ...

// Where a rule came from: errors and warnings name it, audit explanations cite it.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

// `capability a b,` with its qualifiers, as four masks over capability numbers.
struct CapabilityRules {
  std::uint64_t allow = 0, deny = 0, audit = 0, quiet = 0;
};

// `network [family] [type] [protocol],` (apparmor.d(5) "Network Rules"). -1 is "any".
struct NetworkRule {
  int family = -1;    // AF_* number
  int type = -1;      // SOCK_* number
  int protocol = -1;  // IPPROTO_* number
  bool deny = false, audit = false;
  SourcePos pos;
};

// `signal (send receive) set=(hup term) peer=LABEL,`.
enum SignalPerm : std::uint32_t { kSignalSend = 1, kSignalReceive = 2 };
struct SignalRule {
  std::uint32_t perms = kSignalSend | kSignalReceive;
  std::uint64_t signals = ~std::uint64_t{0};  // bit n-1 for signal n (1..64); all by default
  bool exists = true;                         // signal 0, set=(exists): kill(pid, 0)
  std::optional<Glob> peer;                   // a label glob; any peer when absent
  bool deny = false, audit = false;
  SourcePos pos;
};

// `ptrace (read trace readby tracedby) peer=LABEL,`.
enum PtracePerm : std::uint32_t {
  kPtraceRead = 1,
  kPtraceTrace = 2,
  kPtraceReadby = 4,
  kPtraceTracedby = 8,
};
struct PtraceRule {
  std::uint32_t perms = kPtraceRead | kPtraceTrace | kPtraceReadby | kPtraceTracedby;
  std::optional<Glob> peer;
  bool deny = false, audit = false;
  SourcePos pos;
};

// `unix (send receive connect ...) type=stream addr=@name peer=(label=L),` (basic subset).
enum UnixPerm : std::uint32_t {
  kUnixCreate = 1 << 0,
  kUnixBind = 1 << 1,
  kUnixListen = 1 << 2,
  kUnixAccept = 1 << 3,
  kUnixConnect = 1 << 4,
  kUnixSend = 1 << 5,
  kUnixReceive = 1 << 6,
  kUnixGetattr = 1 << 7,
  kUnixSetattr = 1 << 8,
  kUnixGetopt = 1 << 9,
  kUnixSetopt = 1 << 10,
  kUnixShutdown = 1 << 11,
  kUnixAll = (1 << 12) - 1,
};
struct UnixRule {
  std::uint32_t perms = kUnixAll;
  int type = -1;                  // SOCK_* or any
  std::optional<Glob> addr;       // the socket's address ("@abstract" or a path)
  std::optional<Glob> peer_label;
  std::optional<Glob> peer_addr;
  bool deny = false, audit = false;
  SourcePos pos;
};

// `mount [options] [fstype=...] [source] [-> mountpoint],`, `remount`, `umount`,
// `pivot_root` (basic subset: fstype list, options that must all be allowed, globs).
enum class MountKind : std::uint8_t { mount, remount, umount, pivot_root };
struct MountRule {
  MountKind kind = MountKind::mount;
  std::vector<std::string> fstypes;         // empty: any
  std::vector<std::string> options;         // empty: any; e.g. "ro", "bind", "rw"
  std::optional<Glob> source;               // any when absent
  std::optional<Glob> mountpoint;           // any when absent
  bool deny = false, audit = false;
  SourcePos pos;
};

// `change_profile [exec-cond] -> target,`; the target may start with '&' (stack only).
struct ChangeProfileRule {
  std::optional<Glob> exec;  // exec-time change_profile: the program it applies to
  Glob target;               // a label glob (`php-fpm//*`, `&A`, `:ns:*`)
  bool stack_only = false;   // the target was written `&name`
  bool deny = false, audit = false;
  SourcePos pos;
};

struct Profile {
  std::string name;  // hname in its namespace: "/usr/sbin/cupsd", "php-fpm//child"
  std::string ns;    // the policy namespace named in the profile (":ns:name"), "" for none
  // The attachment: the glob after the name, or the name itself when it starts with '/'.
  std::optional<Glob> attachment;
  ProfileMode mode = ProfileMode::enforce;
  bool is_hat = false;              // `^hat` or `hat name`
  bool attach_disconnected = false;
  bool audit_all = false;           // flags=(audit)
  bool userns_create = false;       // the `userns,` (or `userns create,`) rule
  bool userns_deny = false;         // `deny userns,`

  FileMatcher file;
  CapabilityRules caps;
  std::vector<NetworkRule> network;
  bool network_all = false;         // bare `network,`
  std::vector<SignalRule> signal;
  std::vector<PtraceRule> ptrace;
  std::vector<UnixRule> unix_rules;
  std::vector<MountRule> mount;
  std::vector<ChangeProfileRule> change_profile;

  std::vector<std::unique_ptr<Profile>> children;  // child profiles and hats
  SourcePos pos;
};

}  // namespace lsmsim::aa
