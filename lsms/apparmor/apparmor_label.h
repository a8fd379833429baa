// AppArmor label text: what a profile name may look like, how a label prints
// (aa_label_snxprint with its mode), and the commands written to attr/current and attr/exec
// (security/apparmor/lsm.c do_setattr, procattr.c aa_setprocattr_changehat).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lsmsim {

// A label as given to change_profile/stack: "name", "parent//hat", ":ns:name",
// ":ns://name", stacks "A//&B"; no whitespace or control characters.
bool aa_label_name_valid(std::string_view label);

// The label a printed context names ("name (mode)" -> "name").
std::string aa_label_unprint(std::string_view text);

// A write to attr/current or attr/exec, split as do_setattr() does: the buffer up to its
// first NUL, trimmed, then "command args". False (-EINVAL) without a non-empty argument.
struct AaCommand {
  std::string command;
  std::string args;
  std::size_t args_offset = 0;  // where args start in the buffer (changehat reads past NULs)
};
bool aa_parse_command(const std::string& buf, AaCommand& out);

// The argument of changehat/permhat, "TOKEN^hat1\0hat2...": false (-EINVAL) without '^'.
// `raw` is everything after the command, NULs included.
struct AaChangeHat {
  std::uint64_t token = 0;
  std::vector<std::string> hats;  // empty: return from the hat
};
bool aa_parse_changehat(std::string_view raw, AaChangeHat& out);

}  // namespace lsmsim
