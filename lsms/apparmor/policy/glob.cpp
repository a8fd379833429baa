// Glob: one pattern translated as apparmor_parser translates it (glob_regex.h) and matched
// with a lazily built DFA (path_dfa.h).
#include "lsms/apparmor/policy/glob.h"

#include "lsms/apparmor/policy/glob_regex.h"
#include "lsms/apparmor/policy/path_dfa.h"

namespace lsmsim::aa {

struct Glob::Impl {
  detail::PathDfa dfa;
  std::size_t literal_prefix = 0;
  std::size_t min_length = 0;
};

Glob::Glob(std::string_view pattern) : pattern_(pattern) {
  detail::ParsedGlob parsed = detail::parse_glob(pattern);
  detail::PathNfa nfa;
  nfa.add(parsed.regex, 0);
  impl_.reset(
      new Impl{detail::PathDfa(std::move(nfa), 1024), parsed.literal_prefix, parsed.min_length});
}
Glob::~Glob() = default;
Glob::Glob(Glob&&) noexcept = default;
Glob& Glob::operator=(Glob&&) noexcept = default;

bool Glob::matches(std::string_view text) const {
  return !impl_->dfa.match(text).empty();
}

bool Glob::is_literal() const {
  return impl_->literal_prefix == pattern_.size();
}

std::size_t Glob::literal_prefix_length() const {
  return impl_->literal_prefix;
}

std::size_t Glob::min_match_length() const {
  return impl_->min_length;
}

}  // namespace lsmsim::aa
