#include "tests/referee/smack_cases.h"

#include <algorithm>
#include <random>
#include <tuple>

#include "tests/referee/batch_format.h"

namespace lsmsim::referee {

namespace {

using Rng = std::mt19937_64;

std::size_t pick(Rng& r, std::size_t n) {
  return std::uniform_int_distribution<std::size_t>(0, n - 1)(r);
}
bool chance(Rng& r, double p) {
  return std::uniform_real_distribution<double>(0, 1)(r) < p;
}
template <typename T>
const T& pick_of(Rng& r, const std::vector<T>& v) {
  return v[pick(r, v.size())];
}

// A label of exactly `n` characters.
std::string long_label(Rng& r, std::size_t n, char first) {
  static const std::string kChars =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:";
  std::string s(1, first);
  while (s.size() < n) s += kChars[pick(r, kChars.size())];
  return s;
}

struct Pools {
  std::vector<std::string> special = {"_", "^", "*", "?", "@"};
  std::vector<std::string> ordinary;  // this case's plain labels
  std::vector<std::string> shared;    // labels every case uses (rules accumulate on them)
  std::vector<std::string> edge;      // 255 long (valid), cut at '/' or a quote (valid)
  std::vector<std::string> invalid;   // leading '-', leading '/', 256 long, a lone quote
  std::vector<std::string> unknown;   // never in a rule: access2 answers 0 (ENOENT)
};

Pools pools_for(Rng& r, int case_no) {
  Pools p;
  const std::string c = "c" + std::to_string(case_no);
  for (const char* base : {"Alpha", "Beta", "Gamma", "Delta", "alpha", "x-y", "a.b:c", "~t"})
    p.ordinary.push_back(c + base);
  p.ordinary.push_back(c.substr(1));  // a label of digits only
  p.shared = {"System", "User", "Web1", "a"};
  p.edge = {long_label(r, 255, 'L'),
            long_label(r, 254, 'M'),
            c + "cut/tail",
            c + "q\"uote",
            c + "ap'os",
            c + "back\\slash",
            c + "Alpha/x"};
  p.invalid = {"-" + c + "lead",
               "/" + c + "slash",
               long_label(r, 256, 'N'),
               long_label(r, 300, 'O'),
               "\"" + c,
               "'",
               "\\x"};
  p.unknown = {c + "Never", c + "Never2"};
  return p;
}

std::string any_label(Rng& r, const Pools& p, double invalid) {
  if (chance(r, invalid)) return pick_of(r, p.invalid);
  const double x = std::uniform_real_distribution<double>(0, 1)(r);
  if (x < 0.25) return pick_of(r, p.special);
  if (x < 0.75) return pick_of(r, p.ordinary);
  if (x < 0.9) return pick_of(r, p.shared);
  return pick_of(r, p.edge);
}

// A rule's access string: a random subset of rwxatlb in random order and case, with '-'
// sprinkled in, now and then only "-", a repeated letter, or junk that ends the parse.
std::string access_string(Rng& r, bool query) {
  static const std::string kLetters = "rwxatlb";
  if (chance(r, 0.08)) return "-";
  std::string s;
  if (query && chance(r, 0.5)) {
    s = std::string(1, kLetters[pick(r, kLetters.size())]);  // single letters often
  } else {
    for (char ch : kLetters)
      if (chance(r, 0.4)) s += ch;
    std::shuffle(s.begin(), s.end(), r);
    if (s.empty()) s = std::string(1, kLetters[pick(r, kLetters.size())]);
  }
  for (char& ch : s)
    if (chance(r, 0.2)) ch = static_cast<char>(ch - 'a' + 'A');
  if (chance(r, 0.15)) s.insert(pick(r, s.size() + 1), "-");
  if (chance(r, 0.05)) s += s;  // rRrR style repeats
  if (chance(r, 0.05)) s.insert(pick(r, s.size() + 1), chance(r, 0.5) ? "q" : "9");
  return s;
}

std::string spaced(Rng& r) {
  switch (pick(r, 8)) {
    case 0:
      return "  ";
    case 1:
      return "\t";
    default:
      return " ";
  }
}

std::string ending(Rng& r) {
  return chance(r, 0.5) ? "\n" : (chance(r, 0.5) ? "" : " \n");
}

}  // namespace

const char* smackfs_file(SmackOp::Kind kind) {
  switch (kind) {
    case SmackOp::load2:
      return "/sys/fs/smackfs/load2";
    case SmackOp::change_rule:
      return "/sys/fs/smackfs/change-rule";
    case SmackOp::revoke_subject:
      return "/sys/fs/smackfs/revoke-subject";
    case SmackOp::access2:
      return "/sys/fs/smackfs/access2";
    case SmackOp::read_load2:
      return "/sys/fs/smackfs/load2";
  }
  return "";
}

SmackBatch generate_smack_batch(std::uint64_t seed, int cases, int rules, int queries) {
  SmackBatch b;
  b.seed = seed;
  Rng r(seed);
  auto add = [&](SmackOp op) {
    const char kind = op.kind == SmackOp::access2      ? 't'
                      : op.kind == SmackOp::read_load2 ? 'r'
                                                       : 'w';
    b.lines.push_back(format_op(kind, smackfs_file(op.kind), op.data));
    b.ops.push_back(std::move(op));
  };
  for (int c = 0; c < cases; ++c) {
    const Pools p = pools_for(r, c);
    std::vector<std::pair<std::string, std::string>> pairs;  // pairs written so far
    auto query = [&](const std::string& s, const std::string& o) {
      SmackOp q{SmackOp::access2, s + spaced(r) + o + spaced(r) + access_string(r, true), s, o, c};
      if (chance(r, 0.1)) q.data += ending(r);
      if (chance(r, 0.03)) q.data += " extra";  // access2 reads three tokens, ignores the rest
      add(q);
    };
    for (int i = 0; i < rules; ++i) {
      std::string s = any_label(r, p, 0.06), o = any_label(r, p, 0.06);
      // Overwrite a pair already written now and then: the last write wins.
      if (!pairs.empty() && chance(r, 0.25)) std::tie(s, o) = pick_of(r, pairs);
      const double kind = std::uniform_real_distribution<double>(0, 1)(r);
      SmackOp op{SmackOp::load2, "", s, o, c};
      if (kind < 0.72) {
        op.data = (chance(r, 0.05) ? " " : "") + s + spaced(r) + o + spaced(r) +
                  access_string(r, false) + ending(r);
        if (chance(r, 0.04)) {  // several rules in one write
          const std::string s2 = any_label(r, p, 0.0), o2 = any_label(r, p, 0.0);
          op.data += (op.data.back() == '\n' ? "" : "\n") + s2 + " " + o2 + " " +
                     access_string(r, false) + "\n";
        } else if (chance(r, 0.03)) {
          op.data += (op.data.back() == '\n' ? "" : " ") + std::string("Dangling");  // 1 token
        } else if (chance(r, 0.03)) {
          op.data = s + " " + o;  // no access at all
        }
      } else if (kind < 0.86) {
        op.kind = SmackOp::change_rule;
        op.data = s + spaced(r) + o + spaced(r) + access_string(r, false) + spaced(r) +
                  access_string(r, false) + ending(r);
        if (chance(r, 0.05)) op.data = s + " " + o + " r";  // three tokens only
      } else if (kind < 0.9) {
        op.kind = SmackOp::revoke_subject;
        op.object.clear();
        op.data = s + (chance(r, 0.3) ? "\n" : "");
      } else {
        // Revoking one pair through load2: "S O -".
        op.data = s + " " + o + " -" + ending(r);
      }
      if (op.kind != SmackOp::revoke_subject) pairs.emplace_back(s, o);
      add(op);
      // Ask about the pair just written, and something random.
      if (op.kind != SmackOp::revoke_subject) query(s, o);
      for (int q = 0; q < queries / rules; ++q) {
        if (!pairs.empty() && chance(r, 0.5)) {
          const auto& [ps, po] = pick_of(r, pairs);
          query(ps, po);
        } else {
          const double u = std::uniform_real_distribution<double>(0, 1)(r);
          query(u < 0.05 ? pick_of(r, p.unknown) : any_label(r, p, 0.04),
                u > 0.95 ? pick_of(r, p.unknown) : any_label(r, p, 0.04));
        }
      }
    }
    // Equal labels never imported: still 0 (no such label), unlike equal known labels.
    query(p.unknown[0], p.unknown[0]);
    query(p.ordinary[0], p.ordinary[0]);
  }
  SmackOp list{SmackOp::read_load2, "", "", "", cases};
  add(list);
  return b;
}

}  // namespace lsmsim::referee
