// apparmor_parser as the oracle for path permissions: compile a profile with
// `apparmor_parser -Q -K -D dfa-states`, read the DFA blocks it prints on stderr
// (parser/libapparmor_re/hfa.cc DFA::dump) and walk a path through one of them
// (/work/shared/reference/oracles.md §3b). Test-only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lsms/apparmor/policy/file_perms.h"

namespace lsmsim::aa::testing {

// The accept columns of a DFA state: owner bits 0-13, other bits 14-27 (immunix.h).
struct DfaPerms {
  std::uint32_t allow = 0, deny = 0, audit = 0, quiet = 0;
  bool operator==(const DfaPerms&) const = default;
};

class DumpedDfa {
 public:
  // The permissions of the state `path` ends in (nothing if it falls off the DFA).
  DfaPerms walk(std::string_view path) const;
  std::size_t state_count() const { return states_.size(); }
  // An attachment (xmatch) DFA: every accepting state says AA_MAY_EXEC and nothing else
  // (parser_regex.c process_profile_name_xmatch); file DFAs never do (x carries a type).
  bool is_xmatch() const;

  // Every block of a `-D dfa-states` dump. Throws std::runtime_error on a line it cannot read.
  static std::vector<DumpedDfa> parse_dump(const std::string& text);

 private:
  struct State {
    DfaPerms perms;
    std::map<unsigned char, int> edges;
    int otherwise = -1;  // -1: every byte without an edge is dead
    std::vector<bool> excluded = std::vector<bool>(256, false);
  };
  int start_ = -1;
  std::map<int, State> states_;
};

struct ParserRun {
  int rc = -1;
  std::string output;  // stderr (and stdout) of the run
  std::vector<DumpedDfa> dfas;
  // The file DFAs in dump order: the profile's, then its children's and hats'.
  std::vector<const DumpedDfa*> file_dfas() const;
};

// Compiles `profile_text` (written to a temporary file); extra_args go before the file.
ParserRun run_apparmor_parser(const std::string& profile_text, const std::string& extra_args = "");
// The same for a file on disk.
ParserRun run_apparmor_parser_file(const std::string& path, const std::string& extra_args = "");

// One side of a DFA state: the 14 bits of the owner (owner = true) or of everyone else.
std::uint32_t dfa_side(std::uint32_t bits, bool owner);

// An x mode as the accept bits spell it (immunix.h AA_EXEC_*): types 1-3 are ux, px, cx;
// 4 and up index the profile's named-transition table (`-> target`).
struct DfaExec {
  int mod = 0;           // AA_EXEC_MOD_0..3 as a number
  bool unsafe = false;   // AA_EXEC_UNSAFE: lowercase (no scrubbing)
  bool inherit = false;  // AA_EXEC_INHERIT: ix, or the i of pix/cix
  bool pux = false;      // AA_EXEC_PUX: the u of pux/cux
};
DfaExec dfa_exec(std::uint32_t side_bits);
// The same encoding of an ExecMode, with `named_index` standing for its target's table slot.
DfaExec encode_exec(const ExecMode& mode, int named_index);
bool operator==(const DfaExec& a, const DfaExec& b);

}  // namespace lsmsim::aa::testing
