// FileMatcher: every file rule of a profile in one lazily built DFA (path_dfa.h), each rule
// an accept id; a lookup combines the rules that match the whole path as
// parser/libapparmor_re/hfa.cc accept_perms does for a DFA state.
#include "lsms/apparmor/policy/file_matcher.h"

#include "lsms/apparmor/policy/glob.h"
#include "lsms/apparmor/policy/glob_regex.h"
#include "lsms/apparmor/policy/path_dfa.h"

namespace lsmsim::aa {
namespace {

// Subset-construction budget for deciding whether two rules can match one path; a pair whose
// product needs more states is taken as compatible.
constexpr std::size_t kOverlapStateBudget = 1u << 16;

struct Rule {
  FileRuleSpec spec;
  std::uint32_t audited = 0;  // what an `audit` allow rule logs
  bool exact = false;         // aare_rules.cc: no *, ?, [...] in the pattern
};

// An exec that may inherit (ix, pix, cix) is compiled with mmap (AA_EXEC_MMAP) too, which an
// `audit` rule does not log (apparmor_parser -D dfa-states: `audit /x ix` is 0x904241 allowed,
// 0x4001 audited).
std::uint32_t implied_perms(const FileRuleSpec& r) {
  std::uint32_t perms = r.perms;
  if (!r.deny && (perms & kMayExec) != 0 &&
      (r.exec.type == ExecType::inherit || r.exec.fallback == ExecType::inherit))
    perms |= kMayMmap;
  return perms;
}

// ix has no case (nothing to scrub) and no fallback.
ExecMode normalized(ExecMode m) {
  if (m.type == ExecType::inherit) {
    m.scrub = false;
    m.fallback = ExecType::none;
    m.target.clear();
  }
  return m;
}

bool can_match_same_path(const detail::GlobRegex& ra, const detail::GlobRegex& rb) {
  detail::PathNfa nfa;
  nfa.add(ra, 0);
  nfa.add(rb, 1);
  detail::PathDfa dfa(std::move(nfa));
  bool both = false;
  dfa.for_each_reachable(
      [&](const std::vector<std::uint32_t>& accepts) {
        both = accepts.size() == 2;
        return !both;
      },
      kOverlapStateBudget);
  return both;
}

}  // namespace

struct FileMatcher::Impl {
  std::vector<FileRuleSpec> given;
  std::vector<Rule> rules;
  std::unique_ptr<detail::PathDfa> dfa;  // null when there are no rules
};

FileMatcher::FileMatcher() : impl_(std::make_unique<Impl>()) {}

FileMatcher::FileMatcher(std::vector<FileRuleSpec> rules) : impl_(std::make_unique<Impl>()) {
  impl_->given = rules;
  std::vector<detail::GlobRegex> regexes;
  regexes.reserve(rules.size());
  detail::PathNfa nfa;
  for (FileRuleSpec& spec : rules) {
    // Errors name offsets in the pattern as written; the parser compiles it after
    // filter_slashes (parser_regex.c process_dfa_entry).
    (void)detail::parse_glob(spec.glob);
    detail::ParsedGlob parsed = detail::parse_glob(detail::filter_slashes(spec.glob));
    Rule r;
    r.exact = parsed.exact;
    if (spec.audit && !spec.deny) r.audited = spec.perms;
    spec.perms = implied_perms(spec);
    if (!spec.deny && (spec.perms & kMayExec) != 0) spec.exec = normalized(spec.exec);
    r.spec = std::move(spec);
    nfa.add(parsed.regex, static_cast<std::uint32_t>(impl_->rules.size()));
    regexes.push_back(std::move(parsed.regex));
    impl_->rules.push_back(std::move(r));
  }
  // hfa.cc accept_perms: two allow rules with x that match one path must agree on the x
  // mode, unless exactly one of them is an exact match (its mode wins). The parser refuses
  // the profile otherwise ("profile has merged rule with conflicting x modifiers"). The
  // owner side sees every rule, so one check covers both sides.
  std::vector<std::size_t> execs;
  for (std::size_t i = 0; i < impl_->rules.size(); ++i) {
    const FileRuleSpec& s = impl_->rules[i].spec;
    if (!s.deny && (s.perms & kMayExec) != 0) execs.push_back(i);
  }
  for (std::size_t a = 0; a < execs.size(); ++a) {
    for (std::size_t b = a + 1; b < execs.size(); ++b) {
      const Rule& ra = impl_->rules[execs[a]];
      const Rule& rb = impl_->rules[execs[b]];
      if (ra.exact != rb.exact || ra.spec.exec == rb.spec.exec) continue;
      if (can_match_same_path(regexes[execs[a]], regexes[execs[b]]))
        throw FileMatchError(rb.spec.rule_index,
                             "rules '" + ra.spec.glob + "' and '" + rb.spec.glob +
                                 "' match the same path with conflicting x modifiers");
    }
  }
  if (!impl_->rules.empty()) impl_->dfa = std::make_unique<detail::PathDfa>(std::move(nfa));
}

FileMatcher::~FileMatcher() = default;
FileMatcher::FileMatcher(FileMatcher&&) noexcept = default;
FileMatcher& FileMatcher::operator=(FileMatcher&&) noexcept = default;

FilePerms FileMatcher::match(std::string_view path, bool owner) const {
  FilePerms p;
  if (!impl_->dfa) return p;
  const ExecMode* exact_exec = nullptr;
  for (std::uint32_t id : impl_->dfa->match(path)) {
    const Rule& r = impl_->rules[id];
    const FileRuleSpec& s = r.spec;
    if (s.owner && !owner) continue;
    if (s.deny) {
      p.deny |= s.perms;
      if (!s.audit) p.quiet |= s.perms;
      continue;
    }
    p.allow |= s.perms;
    p.audit |= r.audited;
    if ((s.perms & kMayExec) == 0) continue;
    if (r.exact)
      exact_exec = &s.exec;
    else
      p.exec = s.exec;
  }
  if (exact_exec != nullptr) p.exec = *exact_exec;
  return p;
}

std::size_t FileMatcher::rule_count() const {
  return impl_->rules.size();
}

const std::vector<FileRuleSpec>& FileMatcher::rules() const {
  return impl_->given;
}

}  // namespace lsmsim::aa
