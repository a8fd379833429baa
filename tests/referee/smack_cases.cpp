#include "tests/referee/smack_cases.h"

#include <algorithm>
#include <random>
#include <tuple>

#include "tests/referee/batch_format.h"
#include "tests/support/random_pick.h"

namespace lsmsim::referee {

namespace {

using lsmsim::testing::chance;
using lsmsim::testing::pick;
using lsmsim::testing::pick_of;
using lsmsim::testing::Rng;

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

// The fixed-width form of load and access: each label padded to SMK_LABELLEN (24), then the
// access (the write must be 52 to 54 bytes long).
std::string fixed24(const std::string& s, const std::string& o, const std::string& access) {
  std::string out = s;
  out.resize(std::max<std::size_t>(out.size(), 24), ' ');
  std::string obj = o;
  obj.resize(std::max<std::size_t>(obj.size(), 24), ' ');
  return out + obj + access;
}

}  // namespace

std::string SmackOp::path() const {
  return !file.empty() && file[0] == '/' ? file : "/sys/fs/smackfs/" + file;
}

SmackBatch generate_smack_batch(std::uint64_t seed, int cases, int rules, int queries) {
  SmackBatch b;
  b.seed = seed;
  Rng r(seed);
  auto add = [&](SmackOp op) {
    const char kind = op.kind == SmackOp::query ? 't' : op.kind == SmackOp::read ? 'r' : 'w';
    b.lines.push_back(format_op(kind, op.path(), op.data));
    b.ops.push_back(std::move(op));
  };
  auto read = [&](const std::string& file, int c) { add({SmackOp::read, file, "", "", "", c}); };
  for (int c = 0; c < cases; ++c) {
    const Pools p = pools_for(r, c);
    std::vector<std::pair<std::string, std::string>> pairs;  // pairs written so far
    auto query = [&](const std::string& s, const std::string& o) {
      SmackOp q{SmackOp::query, "access2", "", s, o, c};
      if (chance(r, 0.04)) {
        q.file = "access";  // the fixed-width form
        q.data = fixed24(s, o, access_string(r, true));
      } else {
        q.data = s + spaced(r) + o + spaced(r) + access_string(r, true);
        if (chance(r, 0.1)) q.data += ending(r);
        if (chance(r, 0.03)) q.data += " extra";  // access2 reads three tokens only
      }
      add(q);
    };
    for (int i = 0; i < rules; ++i) {
      std::string s = any_label(r, p, 0.06), o = any_label(r, p, 0.06);
      // Overwrite a pair already written now and then: the last write wins.
      if (!pairs.empty() && chance(r, 0.25)) std::tie(s, o) = pick_of(r, pairs);
      const double kind = std::uniform_real_distribution<double>(0, 1)(r);
      SmackOp op{SmackOp::rule, "load2", "", s, o, c};
      if (kind < 0.66) {
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
      } else if (kind < 0.78) {
        op.file = "change-rule";
        op.data = s + spaced(r) + o + spaced(r) + access_string(r, false) + spaced(r) +
                  access_string(r, false) + ending(r);
        if (chance(r, 0.05)) op.data = s + " " + o + " r";  // three tokens only
      } else if (kind < 0.82) {
        op.file = "revoke-subject";
        op.object.clear();
        op.data = s + (chance(r, 0.3) ? "\n" : "");
      } else if (kind < 0.86) {
        op.file = "load";  // fixed width: labels of up to 23 characters (24 has no separator)
        op.data = fixed24(s, o, access_string(r, false));
      } else if (kind < 0.9) {
        op.file = "load-self2";  // the writer's own rules: they only restrict it
        op.data = s + " " + o + " " + access_string(r, false) + ending(r);
      } else {
        // Revoking one pair through load2: "S O -".
        op.data = s + " " + o + " -" + ending(r);
      }
      const bool global = op.file != "revoke-subject" && op.file != "load-self2";
      if (global) pairs.emplace_back(s, o);
      add(op);
      // Ask about the pair just written, and something random.
      if (global) query(s, o);
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
      // A setting now and then: numbers (sscanf("%d") and range checks) and labels.
      if (chance(r, 0.08)) {
        static const std::vector<std::string> kInts = {"doi", "direct", "mapped", "logging",
                                                       "ptrace"};
        static const std::vector<std::string> kValues = {
            "0",  "1",   "2",     "3",          "4",          "-1",          "7\n",
            " 5", "abc", "12abc", "2147483647", "2147483648", "99999999999", ""};
        const std::string file = pick_of(r, kInts);
        add({SmackOp::setting, file, pick_of(r, kValues), "", "", c});
        read(file, c);
        // Back to logging denials only: logging grants floods the console and slows the boot.
        if (file == "logging") add({SmackOp::setting, file, "1", "", "", c});
      }
      if (chance(r, 0.04)) {
        const std::string file = chance(r, 0.5) ? "ambient" : "syslog";
        add({SmackOp::setting, file, any_label(r, p, 0.2) + (chance(r, 0.3) ? "\n" : ""), "", "",
             c});
        read(file, c);
      }
    }
    // Equal labels never imported: still 0 (no such label), unlike equal known labels.
    query(p.unknown[0], p.unknown[0]);
    query(p.ordinary[0], p.ordinary[0]);
  }
  // The listings, the writer's label and relabel list, then onlycap: a list with the
  // writer's label ("_") keeps its privilege, one without takes it (later writes: EPERM).
  for (const char* f : {"load2", "load", "load-self2", "load-self", "ambient", "syslog", "doi",
                        "direct", "mapped", "logging", "ptrace", "onlycap", "relabel-self"})
    read(f, cases);
  read("/proc/self/attr/current", cases);
  for (const char* data : {"Alpha Beta\n", "-", "/bad", "Alpha _", "Gamma"}) {
    add({SmackOp::setting, "relabel-self", data, "", "", cases});
    read("relabel-self", cases);
  }
  // A transaction file takes one question per open (simple_transaction_get(): EBUSY).
  // A refused question uses up the open file too.
  for (const char* f : {"access2", "access", "access2"}) {
    const std::string q = std::string(f) == "access"      ? fixed24("_", "_", "rwxatl")
                          : b.ops.back().file == "access" ? "-bad _ r"
                                                          : "_ _ r";
    SmackOp twice{SmackOp::query, f, q, "_", "_", cases};
    b.lines.push_back(format_op('u', twice.path(), twice.data));
    b.ops.push_back(twice);
  }
  // The writer's own rule on smackfs's files ("*"): harmless while CAP_MAC_OVERRIDE
  // applies, binding once onlycap leaves the writer's label out.
  add({SmackOp::rule, "load-self2", "_ * rxa\n", "_", "*", cases});
  read("load-self2", cases);
  for (const char* data : {"_ Alpha", "-bad", "Alpha _ ^", "Zeta"}) {
    add({SmackOp::setting, "onlycap", data, "", "", cases});
    read("onlycap", cases);
    add({SmackOp::rule, "load2", "Alpha Beta rw\n", "Alpha", "Beta", cases});
    add({SmackOp::query, "access2", "Alpha Beta w", "Alpha", "Beta", cases});
  }
  add({SmackOp::setting, "onlycap", "_", "", "", cases});
  // Without privilege a task may still take a label its relabel-self list names, once: the
  // list is used up by the change (smack_setprocattr()).
  for (const char* label : {"Gamma", "Alpha", "_"}) {
    add({SmackOp::setting, "/proc/self/attr/current", label, "", "", cases});
    read("/proc/self/attr/current", cases);
  }
  read("/proc/self/attr/smack/current", cases);
  read("relabel-self", cases);
  return b;
}

}  // namespace lsmsim::referee
