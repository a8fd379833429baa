// Thompson construction and lazy subset construction. The bytes are first split into
// classes that every set treats alike, so a DFA state has one transition per class.
#include "lsms/apparmor/policy/path_dfa.h"

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace lsmsim::aa::detail {

PathNfa::PathNfa() {
  new_state();  // the start state: an epsilon to every glob's fragment
}

std::int32_t PathNfa::new_state() {
  states_.emplace_back();
  return static_cast<std::int32_t>(states_.size() - 1);
}

std::int32_t PathNfa::set_index(const ByteSet& set) {
  for (std::size_t i = 0; i < sets_.size(); ++i)
    if (sets_[i] == set) return static_cast<std::int32_t>(i);
  sets_.push_back(set);
  return static_cast<std::int32_t>(sets_.size() - 1);
}

std::pair<std::int32_t, std::int32_t> PathNfa::compile(const GlobRegex& r) {
  using Kind = GlobRegex::Kind;
  switch (r.kind) {
    case Kind::set: {
      const std::int32_t s = new_state(), e = new_state();
      states_[static_cast<std::size_t>(s)].set = set_index(r.set);
      states_[static_cast<std::size_t>(s)].out = e;
      return {s, e};
    }
    case Kind::star: {
      const std::int32_t s = new_state(), e = new_state();
      State& st = states_[static_cast<std::size_t>(s)];
      st.set = set_index(r.set);
      st.out = s;
      st.eps.push_back(e);
      return {s, e};
    }
    case Kind::cat: {
      if (r.kids.empty()) {
        const std::int32_t s = new_state();
        return {s, s};
      }
      auto [start, end] = compile(r.kids.front());
      for (std::size_t i = 1; i < r.kids.size(); ++i) {
        auto [s, e] = compile(r.kids[i]);
        states_[static_cast<std::size_t>(end)].eps.push_back(s);
        end = e;
      }
      return {start, end};
    }
    case Kind::alt: {
      const std::int32_t s = new_state(), e = new_state();
      for (const GlobRegex& kid : r.kids) {
        auto [ks, ke] = compile(kid);
        states_[static_cast<std::size_t>(s)].eps.push_back(ks);
        states_[static_cast<std::size_t>(ke)].eps.push_back(e);
      }
      return {s, e};
    }
  }
  return {new_state(), new_state()};  // not reached
}

void PathNfa::add(const GlobRegex& regex, std::uint32_t accept_id) {
  auto [s, e] = compile(regex);
  const std::int32_t a = new_state();
  states_[static_cast<std::size_t>(a)].accept = static_cast<std::int32_t>(accept_id);
  states_[static_cast<std::size_t>(e)].eps.push_back(a);
  states_[0].eps.push_back(s);
}

namespace {

// The NFA with its byte classes, and the epsilon closure.
class Subsets {
 public:
  explicit Subsets(PathNfa nfa) : nfa_(std::move(nfa)), stamp_(nfa_.states().size(), 0) {
    // Bytes with the same membership in every set form one class.
    std::map<std::string, std::uint16_t> ids;
    for (unsigned b = 0; b < 256; ++b) {
      std::string sig(nfa_.sets().size(), '0');
      for (std::size_t i = 0; i < nfa_.sets().size(); ++i)
        if (nfa_.sets()[i].test(b)) sig[i] = '1';
      auto [it, fresh] = ids.emplace(sig, static_cast<std::uint16_t>(ids.size()));
      byte_class_[b] = it->second;
      if (fresh) class_byte_.push_back(static_cast<unsigned char>(b));
    }
  }

  std::size_t classes() const { return class_byte_.size(); }
  std::uint16_t class_of(unsigned char b) const { return byte_class_[b]; }

  // The closure of `seeds` as the sorted NFA states that matter (a byte transition or an
  // accept), and the sorted accept ids in it.
  void closure(const std::vector<std::int32_t>& seeds, std::vector<std::int32_t>* key,
               std::vector<std::uint32_t>* accepts) {
    ++epoch_;
    key->clear();
    accepts->clear();
    std::vector<std::int32_t> stack(seeds.begin(), seeds.end());
    while (!stack.empty()) {
      const std::int32_t s = stack.back();
      stack.pop_back();
      const auto u = static_cast<std::size_t>(s);
      if (stamp_[u] == epoch_) continue;
      stamp_[u] = epoch_;
      const PathNfa::State& st = nfa_.states()[u];
      if (st.set >= 0) key->push_back(s);
      if (st.accept >= 0) {
        key->push_back(s);
        accepts->push_back(static_cast<std::uint32_t>(st.accept));
      }
      for (std::int32_t e : st.eps) stack.push_back(e);
    }
    std::sort(key->begin(), key->end());
    key->erase(std::unique(key->begin(), key->end()), key->end());
    std::sort(accepts->begin(), accepts->end());
    accepts->erase(std::unique(accepts->begin(), accepts->end()), accepts->end());
  }

  // The NFA states reached from `from` on a byte of class `cls`.
  void step(const std::vector<std::int32_t>& from, std::uint16_t cls,
            std::vector<std::int32_t>* to) const {
    to->clear();
    const unsigned char b = class_byte_[cls];
    for (std::int32_t s : from) {
      const PathNfa::State& st = nfa_.states()[static_cast<std::size_t>(s)];
      if (st.set >= 0 && nfa_.sets()[static_cast<std::size_t>(st.set)].test(b))
        to->push_back(st.out);
    }
  }

  std::int32_t start() const { return nfa_.start(); }

 private:
  PathNfa nfa_;
  std::array<std::uint16_t, 256> byte_class_{};
  std::vector<unsigned char> class_byte_;  // one member byte per class
  std::vector<std::uint32_t> stamp_;
  std::uint32_t epoch_ = 0;
};

}  // namespace

struct PathDfa::Impl {
  struct DState {
    std::vector<std::int32_t> key;
    std::vector<std::uint32_t> accepts;
    std::vector<std::int32_t> next;  // per byte class; -1 not computed yet
  };

  Impl(PathNfa nfa, std::size_t cap) : subsets(std::move(nfa)), max_states(cap < 4 ? 4 : cap) {
    reset();
  }

  // Empties the cache; state 0 is the dead state, state 1 the start state.
  void reset() {
    states.clear();
    index.clear();
    intern({});
    std::vector<std::int32_t> key;
    std::vector<std::uint32_t> accepts;
    subsets.closure({subsets.start()}, &key, &accepts);
    start = intern_closed(std::move(key), std::move(accepts));
  }

  std::int32_t intern(std::vector<std::int32_t> seeds) {
    std::vector<std::int32_t> key;
    std::vector<std::uint32_t> accepts;
    if (!seeds.empty()) subsets.closure(seeds, &key, &accepts);
    return intern_closed(std::move(key), std::move(accepts));
  }

  std::int32_t intern_closed(std::vector<std::int32_t> key, std::vector<std::uint32_t> accepts) {
    auto it = index.find(key);
    if (it != index.end()) return it->second;
    const auto id = static_cast<std::int32_t>(states.size());
    DState d;
    d.next.assign(subsets.classes(), -1);
    if (key.empty()) d.next.assign(subsets.classes(), 0);  // dead stays dead
    d.key = key;
    d.accepts = std::move(accepts);
    states.push_back(std::move(d));
    index.emplace(std::move(key), id);
    return id;
  }

  std::int32_t next(std::int32_t cur, unsigned char b) {
    const std::uint16_t cls = subsets.class_of(b);
    const std::int32_t known = states[static_cast<std::size_t>(cur)].next[cls];
    if (known >= 0) return known;
    std::vector<std::int32_t> to;
    subsets.step(states[static_cast<std::size_t>(cur)].key, cls, &to);
    if (states.size() >= max_states) {
      // Full: start over with the current state only (its key is copied first).
      std::vector<std::int32_t> cur_key = states[static_cast<std::size_t>(cur)].key;
      reset();
      cur = intern(std::move(cur_key));  // a closed set closes to itself
    }
    const std::int32_t target = intern(std::move(to));
    states[static_cast<std::size_t>(cur)].next[cls] = target;
    return target;
  }

  Subsets subsets;
  std::size_t max_states;
  std::deque<DState> states;
  std::map<std::vector<std::int32_t>, std::int32_t> index;
  std::int32_t start = 1;
  std::mutex mu;
};

PathDfa::PathDfa(PathNfa nfa, std::size_t max_states)
    : impl_(std::make_unique<Impl>(std::move(nfa), max_states)) {}
PathDfa::~PathDfa() = default;
PathDfa::PathDfa(PathDfa&&) noexcept = default;
PathDfa& PathDfa::operator=(PathDfa&&) noexcept = default;

std::vector<std::uint32_t> PathDfa::match(std::string_view text) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::int32_t s = impl_->start;
  for (char c : text) {
    s = impl_->next(s, static_cast<unsigned char>(c));
    if (s == 0) return {};
  }
  return impl_->states[static_cast<std::size_t>(s)].accepts;
}

bool PathDfa::for_each_reachable(
    const std::function<bool(const std::vector<std::uint32_t>&)>& visit,
    std::size_t max_states) const {
  std::lock_guard<std::mutex> lock(impl_->mu);  // the closure scratch space is shared
  Subsets& sub = impl_->subsets;
  std::map<std::vector<std::int32_t>, bool> seen;
  std::deque<std::vector<std::int32_t>> queue;
  std::vector<std::int32_t> key, to;
  std::vector<std::uint32_t> accepts;
  sub.closure({sub.start()}, &key, &accepts);
  seen.emplace(key, true);
  queue.push_back(key);
  if (!accepts.empty() && !visit(accepts)) return false;
  while (!queue.empty()) {
    const std::vector<std::int32_t> cur = std::move(queue.front());
    queue.pop_front();
    for (std::uint16_t cls = 0; cls < sub.classes(); ++cls) {
      sub.step(cur, cls, &to);
      if (to.empty()) continue;
      sub.closure(to, &key, &accepts);
      if (!seen.emplace(key, true).second) continue;
      if (seen.size() > max_states) return false;
      if (!accepts.empty() && !visit(accepts)) return false;
      queue.push_back(key);
    }
  }
  return true;
}

}  // namespace lsmsim::aa::detail
