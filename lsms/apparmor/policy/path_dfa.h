// Many globs compiled together: a Thompson NFA over bytes (one accept id per glob) and a DFA
// built from it lazily by subset construction, the way apparmor_parser builds one DFA for
// all the file rules of a profile (parser/libapparmor_re/hfa.cc) but only for the states a
// lookup reaches. Internal to the matcher (glob.cpp, file_matcher.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "lsms/apparmor/policy/glob_regex.h"

namespace lsmsim::aa::detail {

class PathNfa {
 public:
  PathNfa();
  // Adds `regex` as an alternative whose whole-string matches report `accept_id`.
  void add(const GlobRegex& regex, std::uint32_t accept_id);

  struct State {
    std::int32_t set = -1;  // index into sets(): a byte transition to `out`
    std::int32_t out = -1;
    std::int32_t accept = -1;  // accept id, or -1
    std::vector<std::int32_t> eps;
  };
  const std::vector<State>& states() const { return states_; }
  const std::vector<ByteSet>& sets() const { return sets_; }
  std::int32_t start() const { return 0; }

 private:
  std::int32_t new_state();
  std::int32_t set_index(const ByteSet& set);
  // (start, end) of the fragment for `r`.
  std::pair<std::int32_t, std::int32_t> compile(const GlobRegex& r);

  std::vector<State> states_;
  std::vector<ByteSet> sets_;
};

// The DFA of a PathNfa. match() is const and safe to call from several threads at once: the
// state cache is guarded by a mutex (one lock per lookup). The cache holds at most
// `max_states` states; when it is full it is flushed and rebuilt on demand, so memory stays
// bounded whatever the patterns.
class PathDfa {
 public:
  explicit PathDfa(PathNfa nfa, std::size_t max_states = 8192);
  ~PathDfa();
  PathDfa(PathDfa&&) noexcept;
  PathDfa& operator=(PathDfa&&) noexcept;

  // The accept ids (sorted, unique) of the globs that match all of `text`.
  std::vector<std::uint32_t> match(std::string_view text) const;

  // Visits the accept set of every reachable DFA state (not using the cache) until `visit`
  // returns false. Returns false if it stopped early or met more than `max_states` states.
  bool for_each_reachable(const std::function<bool(const std::vector<std::uint32_t>&)>& visit,
                          std::size_t max_states) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lsmsim::aa::detail
