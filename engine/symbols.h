// Symbolic constants a scenario may spell by name (CLONE_*, O_*, MS_*, SIG*, PR_*, ...), with the
// kernel's (uapi) values, and the reverse direction used to render a call the way strace does.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lsmsim::engine {

struct Symbol {
  std::string_view name;
  unsigned long value;
};

// One family of constants. `aliases` are extra spellings accepted on input (e.g. "user" for
// CLONE_NEWUSER, "make-rslave" for MS_REC|MS_SLAVE); rendering uses only `names`.
struct SymbolTable {
  std::string_view what;  // "clone flag", "signal", ... (for error messages)
  std::vector<Symbol> names;
  std::vector<Symbol> aliases;
  bool is_bitmask = false;

  std::optional<unsigned long> lookup(std::string_view name) const;
  // "CLONE_NEWUSER|CLONE_NEWNET"; "0" for an empty mask; leftover bits in hex.
  std::string render(unsigned long value) const;
  // Every accepted spelling, for "expected one of ..." messages.
  std::string spellings() const;
};

const SymbolTable& clone_flags();
const SymbolTable& open_flags();
const SymbolTable& mount_flags();
const SymbolTable& umount_flags();
const SymbolTable& xattr_flags();
const SymbolTable& signals();
const SymbolTable& prctl_options();
const SymbolTable& ptrace_requests();
const SymbolTable& socket_families();
const SymbolTable& socket_types();
const SymbolTable& socket_options();
const SymbolTable& ns_types();  // setns nstype: 0 or one CLONE_NEW* flag
// The LSM syscalls' constants (include/uapi/linux/lsm.h).
const SymbolTable& lsm_attrs();
const SymbolTable& lsm_ids();
const SymbolTable& lsm_flags();

// "SIGTERM" for 15, "SIG<n>" otherwise.
std::string signal_name(int sig);

}  // namespace lsmsim::engine
