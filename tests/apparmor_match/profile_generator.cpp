#include "tests/apparmor_match/profile_generator.h"

#include <cstdlib>

namespace lsmsim::aa::testing {
namespace {

// Pieces of one path component: literals, every glob element, escapes.
const char* const kPieces[] = {
    "a",   "b",     "ab",      "x",         "ca",     "b.c",   "xz",  "*",       "**",
    "?",   "[a-c]", "[^x]",    "{a,b,}",    "{a,**}", "{,**}", "a*",  "*b",      "?b",
    "\\*", "a\\{",  "[^a-b]z", "x{a,[bc]}", "{,a/}b", "[c-a]", "*.c", "{b,*/x}", "[/b]",
};

// x modes of allow rules: the text after the other letters, and the ExecMode.
struct XMode {
  const char* text;
  ExecMode mode;
};
const XMode kXModes[] = {
    {"ix", {ExecType::inherit, false, ExecType::none, ""}},
    {"px", {ExecType::profile, false, ExecType::none, ""}},
    {"Px", {ExecType::profile, true, ExecType::none, ""}},
    {"cx", {ExecType::child, false, ExecType::none, ""}},
    {"Cx", {ExecType::child, true, ExecType::none, ""}},
    {"ux", {ExecType::unconfined, false, ExecType::none, ""}},
    {"Ux", {ExecType::unconfined, true, ExecType::none, ""}},
    {"pix", {ExecType::profile, false, ExecType::inherit, ""}},
    {"Pix", {ExecType::profile, true, ExecType::inherit, ""}},
    {"cix", {ExecType::child, false, ExecType::inherit, ""}},
    {"pux", {ExecType::profile, false, ExecType::unconfined, ""}},
    {"Cux", {ExecType::child, true, ExecType::unconfined, ""}},
    {"px -> foo", {ExecType::profile, false, ExecType::none, "foo"}},
    {"Px -> bar", {ExecType::profile, true, ExecType::none, "bar"}},
    {"cx -> foo", {ExecType::child, false, ExecType::none, "foo"}},
    {"pix -> bar", {ExecType::profile, false, ExecType::inherit, "bar"}},
};

// Bytes paths are made of ('/' too, through `**` and mutations).
const char kAlphabet[] = "abcxz.*-{,";

}  // namespace

void sample_match(const detail::GlobRegex& r, std::mt19937_64& rng, std::string_view alphabet,
                  std::string* out) {
  using Kind = detail::GlobRegex::Kind;
  auto pick_byte = [&](const detail::ByteSet& set) {
    std::vector<unsigned char> pool;
    for (char c : alphabet)
      if (set.test(static_cast<unsigned char>(c))) pool.push_back(static_cast<unsigned char>(c));
    if (set.test('/') && std::bernoulli_distribution(0.25)(rng)) return '/';
    if (pool.empty())
      for (unsigned b = 0x21; b < 0x7f; ++b)
        if (set.test(b) && b != '\\') pool.push_back(static_cast<unsigned char>(b));
    if (pool.empty()) return '/';
    return static_cast<char>(
        pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)]);
  };
  switch (r.kind) {
    case Kind::set:
      *out += pick_byte(r.set);
      break;
    case Kind::star: {
      const int n = std::uniform_int_distribution<int>(0, 3)(rng);
      for (int i = 0; i < n; ++i) *out += pick_byte(r.set);
      break;
    }
    case Kind::cat:
      for (const auto& k : r.kids) sample_match(k, rng, alphabet, out);
      break;
    case Kind::alt:
      sample_match(r.kids[std::uniform_int_distribution<std::size_t>(0, r.kids.size() - 1)(rng)],
                   rng, alphabet, out);
      break;
  }
}

std::string ProfileGenerator::glob() {
  std::string g;
  if (chance(0.05)) return chance(0.5) ? "/**" : "/{,**}";
  const std::size_t parts = 1 + pick(4);
  for (std::size_t i = 0; i < parts; ++i) {
    g += '/';
    if (i > 0 && chance(0.04)) continue;  // an empty component: "//" (filter_slashes)
    const std::size_t pieces = 1 + (chance(0.3) ? 1 : 0);
    for (std::size_t j = 0; j < pieces; ++j) g += kPieces[pick(std::size(kPieces))];
  }
  if (chance(0.1)) g += '/';
  return g;
}

GeneratedProfile ProfileGenerator::profile(std::size_t rule_count, std::size_t x_modes) {
  GeneratedProfile p;
  std::vector<std::size_t> modes;
  while (modes.size() < x_modes) modes.push_back(pick(std::size(kXModes)));
  p.text = "profile gen {\n";
  for (std::size_t i = 0; i < rule_count; ++i) {
    FileRuleSpec r;
    r.glob = glob();
    r.audit = chance(0.15);
    r.deny = chance(0.2);
    r.owner = chance(0.25);
    r.rule_index = i;
    std::string letters;
    if (chance(0.6)) {
      r.perms |= kMayRead;
      letters += 'r';
    }
    if (chance(0.35)) {
      r.perms |= kMayWrite | kMayAppend;  // `w` compiles to both
      letters += 'w';
    } else if (chance(0.15)) {
      r.perms |= kMayAppend;
      letters += 'a';
    }
    if (chance(0.2)) {
      r.perms |= kMayMmap;
      letters += 'm';
    }
    if (chance(0.15)) {
      r.perms |= kMayLock;
      letters += 'k';
    }
    // A deny rule's `l` is kept off the path's state by the parser (it only guards the
    // link pair), so only allow rules get it here.
    if (!r.deny && chance(0.1)) {
      r.perms |= kMayLink;
      letters += 'l';
    }
    std::string exec;
    if (r.deny ? chance(0.2) : chance(0.35)) {
      r.perms |= kMayExec;
      if (r.deny) {
        exec = "x";
      } else {
        const XMode& x = kXModes[modes.empty() ? 0 : modes[pick(modes.size())]];
        r.exec = x.mode;
        exec = x.text;
      }
    }
    if (r.perms == 0) {
      r.perms = kMayRead;
      letters = "r";
    }
    std::string line = "  ";
    if (r.audit) line += "audit ";
    if (r.deny) line += "deny ";
    if (r.owner) line += "owner ";
    // The target, if any, follows the letters: "rpx -> foo".
    line += r.glob + " " + letters + exec + ",\n";
    p.text += line;
    p.rules.push_back(std::move(r));
  }
  p.text += "}\n";
  return p;
}

std::string ProfileGenerator::random_path() {
  std::string path;
  const std::size_t parts = 1 + pick(4);
  for (std::size_t i = 0; i < parts; ++i) {
    path += '/';
    const std::size_t len = pick(4);
    for (std::size_t j = 0; j < len; ++j) path += kAlphabet[pick(sizeof kAlphabet - 1)];
  }
  if (chance(0.15)) path += '/';
  return path;
}

std::string ProfileGenerator::mutate(std::string path) {
  switch (pick(6)) {
    case 0:
      path += kAlphabet[pick(sizeof kAlphabet - 1)];
      break;
    case 1:
      if (!path.empty()) path.pop_back();
      break;
    case 2:
      path.insert(pick(path.size() + 1), "/");
      break;
    case 3:
      if (!path.empty()) path[pick(path.size())] = kAlphabet[pick(sizeof kAlphabet - 1)];
      break;
    case 4:
      path += '/';
      break;
    default: {
      const std::size_t at = path.find('/', pick(path.size() + 1));
      if (at != std::string::npos) path.insert(at, "/");
      break;
    }
  }
  return path;
}

std::vector<std::string> ProfileGenerator::paths(const GeneratedProfile& profile,
                                                 std::size_t count) {
  std::vector<std::string> out;
  while (out.size() < count) {
    if (profile.rules.empty() || chance(0.4)) {
      out.push_back(random_path());
      continue;
    }
    const FileRuleSpec& r = profile.rules[pick(profile.rules.size())];
    std::string s;
    sample_match(detail::parse_glob(detail::filter_slashes(r.glob)).regex, rng_, kAlphabet, &s);
    if (chance(0.5)) s = mutate(std::move(s));
    out.push_back(std::move(s));
  }
  return out;
}

std::uint64_t oracle_seed() {
  const char* env = std::getenv("LSMSIM_ORACLE_SEED");
  return env != nullptr ? std::strtoull(env, nullptr, 0) : 20261202u;
}

}  // namespace lsmsim::aa::testing
