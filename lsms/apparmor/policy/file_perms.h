// File permissions as AppArmor computes them for one path: the permission bits of the
// parser's encoding (apparmor/apparmor:parser/immunix.h), the exec mode of an `x` rule, and
// the allow/deny/audit/quiet sets for the owner and for everyone else.
#pragma once

#include <cstdint>
#include <string>

namespace lsmsim::aa {

// The bits of a file rule's permissions, as apparmor_parser encodes them.
enum FilePermBit : std::uint32_t {
  kMayExec = 0x01,    // x (with an exec mode)
  kMayWrite = 0x02,   // w
  kMayRead = 0x04,    // r
  kMayAppend = 0x08,  // a
  kMayLink = 0x10,    // l
  kMayLock = 0x20,    // k
  kMayMmap = 0x40,    // m (AA_EXEC_MMAP)
};

// "wr..." in AppArmor's letter order (x w r a k m l, the kernel's bit order), "" for none: audit records'
// requested_mask/denied_mask spell masks this way.
std::string file_perms_letters(std::uint32_t perms);

// What an `x` permission does (apparmor.d(5) "Execute Modes").
enum class ExecType : std::uint8_t {
  none,        // no x permission
  inherit,     // ix: stay in the current profile
  profile,     // px/Px: the profile attached to the program (or `-> target`)
  child,       // cx/Cx: a child profile of the current one (or `-> target`)
  unconfined,  // ux/Ux: leave confinement
};

struct ExecMode {
  ExecType type = ExecType::none;
  // Uppercase Px/Cx/Ux: the environment is scrubbed (AT_SECURE). Lowercase: not.
  bool scrub = false;
  // pix/cix/pux/cux: what applies when the target profile does not exist
  // (none, inherit or unconfined).
  ExecType fallback = ExecType::none;
  // `-> name`: the named transition target (a profile name, `&name` to stack, or a
  // `:ns:name`), empty when the profile is found by attachment (px) or by the program's
  // name (cx).
  std::string target;

  bool operator==(const ExecMode&) const = default;
};

// The permissions one side (owner or other) gets for a path.
struct FilePerms {
  std::uint32_t allow = 0;  // union of the matching allow rules
  std::uint32_t deny = 0;   // union of the matching deny rules
  std::uint32_t audit = 0;  // allowed accesses to log anyway (`audit` rules)
  std::uint32_t quiet = 0;  // denied accesses not to log (`deny` rules without `audit`)
  ExecMode exec;            // meaningful when (allow & ~deny) has kMayExec

  std::uint32_t effective() const { return allow & ~deny; }
  bool operator==(const FilePerms&) const = default;
};

}  // namespace lsmsim::aa
