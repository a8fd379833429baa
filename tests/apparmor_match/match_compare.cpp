#include "tests/apparmor_match/match_compare.h"

#include <sstream>

namespace lsmsim::aa::testing {
namespace {

constexpr std::uint32_t kBase = 0x7f;  // r w a x m l k; the exec type bits are compared apart

std::string describe(const FilePerms& p) {
  std::ostringstream os;
  os << "allow=" << file_perms_letters(p.allow) << " deny=" << file_perms_letters(p.deny)
     << " audit=" << file_perms_letters(p.audit) << " quiet=" << file_perms_letters(p.quiet)
     << " exec=" << static_cast<int>(p.exec.type) << (p.exec.scrub ? "S" : "s") << "/"
     << static_cast<int>(p.exec.fallback) << (p.exec.target.empty() ? "" : "->") << p.exec.target;
  return os.str();
}

std::string describe(const DfaPerms& d, bool owner) {
  std::ostringstream os;
  os << std::hex << "allow=0x" << dfa_side(d.allow, owner) << " deny=0x" << dfa_side(d.deny, owner)
     << " audit=0x" << dfa_side(d.audit, owner) << " quiet=0x" << dfa_side(d.quiet, owner);
  return os.str();
}

}  // namespace

bool MatchComparer::compare(const FileMatcher& matcher, const DumpedDfa& dfa,
                            const std::string& path, MatchTally& tally) {
  ++tally.paths;
  const DfaPerms d = dfa.walk(path);
  if (!(d == DfaPerms{})) ++tally.hits;
  bool ok = true;
  std::string why;
  for (bool owner : {true, false}) {
    const FilePerms mine = matcher.match(path, owner);
    // The parser stores allow already without the denied bits (hfa.cc accept_perms). Its
    // deny column is not kept exactly: minimization groups states by allow, audit and
    // quiet only (hfa.cc DFA::minimize) and drops states whose only bits are denials
    // without quiet (`audit deny`), so deny is compared through allow and quiet.
    // A deny rule's `l` guards the link pair in the parser's DFA, not the path's state
    // (parser_regex.c process_dfa_entry); FileMatcher applies it to the path (file_matcher.h),
    // so `l` is left out where the matcher has it denied.
    const std::uint32_t mask = kBase & ~(mine.deny & kMayLink);
    const std::uint32_t allow = dfa_side(d.allow, owner);
    bool same = (mine.effective() & mask) == (allow & mask) &&
                (mine.audit & kBase) == (dfa_side(d.audit, owner) & kBase) &&
                (mine.quiet & mask) == (dfa_side(d.quiet, owner) & mask);
    if (same && (mine.effective() & kMayExec) != 0) {
      ++tally.exec_checks;
      const DfaExec theirs = dfa_exec(allow);
      int slot = 0;
      if (!mine.exec.target.empty() &&
          (mine.exec.type == ExecType::profile || mine.exec.type == ExecType::child)) {
        const auto key = std::make_pair(mine.exec.type, mine.exec.target);
        auto it = slot_of_.find(key);
        if (it != slot_of_.end()) {
          slot = it->second;
        } else if (theirs.mod >= 4 && target_of_.count(theirs.mod) == 0) {
          // First sight of this target: learn its slot; later uses must agree.
          slot = theirs.mod;
          slot_of_.emplace(key, slot);
          target_of_.emplace(slot, key);
        } else {
          slot = -1;
        }
      }
      same = encode_exec(mine.exec, slot) == theirs;
    }
    if (!same) {
      ok = false;
      why += std::string(owner ? " owner" : " other") + ": matcher {" + describe(mine) +
             "} parser {" + describe(d, owner) + "}";
    }
  }
  if (!ok) {
    ++tally.disagreements;
    if (tally.first_failure.empty()) {
      tally.first_failure = "path '" + path + "':" + why;
      tally.first_path = path;
    }
  }
  return ok;
}

}  // namespace lsmsim::aa::testing
