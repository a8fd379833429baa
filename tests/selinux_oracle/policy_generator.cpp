#include "tests/selinux_oracle/policy_generator.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "tests/support/random_pick.h"

namespace lsmsim::sepolicy::testing {
namespace {

using lsmsim::testing::chance;
using lsmsim::testing::pick;
using lsmsim::testing::pick_of;
using lsmsim::testing::Rng;

// A random non-empty subset of 0..n-1 (each kept with probability p).
std::vector<std::size_t> subset(Rng& r, std::size_t n, double p) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < n; ++i)
    if (chance(r, p)) out.push_back(i);
  if (out.empty()) out.push_back(pick(r, n));
  return out;
}

// Categories in policy.conf form: c1,c3.c5 style, runs written as ranges now and then.
std::string cats_text(const std::vector<std::uint32_t>& cats, Rng& r) {
  std::string out;
  for (std::size_t i = 0; i < cats.size();) {
    std::size_t j = i;
    while (j + 1 < cats.size() && cats[j + 1] == cats[j] + 1) ++j;
    if (!out.empty()) out += ',';
    if (j > i && chance(r, 0.7)) {
      out += "c" + std::to_string(cats[i]) + ".c" + std::to_string(cats[j]);
      i = j + 1;
    } else {
      out += "c" + std::to_string(cats[i]);
      ++i;
    }
  }
  return out;
}

std::string level_text(std::uint32_t sens, const std::vector<std::uint32_t>& cats, Rng& r) {
  std::string s = "s" + std::to_string(sens);
  if (!cats.empty()) s += ":" + cats_text(cats, r);
  return s;
}

std::vector<std::uint32_t> random_cats(Rng& r, const std::vector<std::uint32_t>& from, double p) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t c : from)
    if (chance(r, p)) out.push_back(c);
  return out;
}

std::vector<std::uint32_t> intersect(const std::vector<std::uint32_t>& a,
                                     const std::vector<std::uint32_t>& b) {
  std::vector<std::uint32_t> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// The kernel's process permissions, in order, so transition is bit 1 and dyntransition bit 23
// (libsepol and the kernel agree on them then, whichever way they find them).
const std::vector<std::string> kProcessPerms = {
    "fork",        "transition", "sigchld",  "sigkill",   "sigstop",    "signull",
    "signal",      "ptrace",     "getsched", "setsched",  "getsession", "getpgid",
    "setpgid",     "getcap",     "setcap",   "share",     "getattr",    "setexec",
    "setfscreate", "noatsecure", "siginh",   "setrlimit", "rlimitinh",  "dyntransition"};
const std::vector<std::string> kFilePerms = {
    "ioctl",       "read",      "write",  "create", "getattr", "setattr", "lock",
    "relabelfrom", "relabelto", "append", "unlink", "link",    "rename",  "execute"};

struct Gen {
  Rng r;
  GeneratedPolicy p;
  std::ostringstream o;
  std::vector<std::vector<std::string>> class_perms;
  std::vector<std::string> attributes;
  std::vector<std::vector<std::size_t>> attr_members;  // attribute -> types
  unsigned nsens = 1, ncats = 8;

  explicit Gen(std::uint64_t seed) : r(seed) { p.seed = seed; }

  std::vector<std::pair<std::size_t, std::size_t>> bounds;  // (child, parent) type indexes
  bool is_child(std::size_t t) const {
    for (const auto& b : bounds)
      if (b.first == t) return true;
    return false;
  }
  // Bounded children appear in rules only as written for them (and as constraint names).
  std::string type_or_attr(bool no_children = true) {
    if (!attributes.empty() && chance(r, 0.3)) return pick_of(r, attributes);
    std::size_t t = pick(r, p.types.size());
    while (no_children && is_child(t)) t = pick(r, p.types.size());
    return p.types[t];
  }
  std::string type_set(bool no_children = true) {
    if (chance(r, 0.75)) return type_or_attr(no_children);
    std::set<std::string> s;
    const std::size_t n = 2 + pick(r, 2);
    for (std::size_t i = 0; i < n; ++i) s.insert(type_or_attr(no_children));
    std::string out = "{";
    for (const auto& x : s) out += " " + x;
    return out + " }";
  }
  std::string perm_set(std::size_t cls) {
    const auto& perms = class_perms[cls];
    std::string out = "{";
    for (std::size_t i : subset(r, perms.size(), 2.5 / static_cast<double>(perms.size())))
      out += " " + perms[i];
    return out + " }";
  }

  void classes() {
    p.classes = {"security", "process", "file", "dir"};
    class_perms = {{"compute_av", "compute_create", "check_context", "load_policy"},
                   kProcessPerms,
                   kFilePerms,
                   kFilePerms};
    for (const char* x : {"open", "entrypoint", "execute_no_trans"}) class_perms[2].push_back(x);
    for (const char* x : {"add_name", "remove_name", "search"}) class_perms[3].push_back(x);
    const std::size_t extra = 1 + pick(r, 3);
    for (std::size_t i = 0; i < extra; ++i) {
      p.classes.push_back("obj" + std::to_string(i));
      std::vector<std::string> perms;
      const bool common = chance(r, 0.5);
      if (common) perms = kFilePerms;
      const std::size_t own = 1 + pick(r, common ? 10 : 31);
      for (std::size_t j = 0; j < own; ++j) perms.push_back("op" + std::to_string(j));
      class_perms.push_back(perms);
    }
    for (const auto& c : p.classes) o << "class " << c << "\n";
    o << "sid kernel\nsid security\nsid unlabeled\n";
    o << "common file {";
    for (const auto& x : kFilePerms) o << " " << x;
    o << " }\n";
    for (std::size_t c = 0; c < p.classes.size(); ++c) {
      const auto& perms = class_perms[c];
      const bool inherits = c >= 2 && perms.size() >= kFilePerms.size() &&
                            std::equal(kFilePerms.begin(), kFilePerms.end(), perms.begin());
      o << "class " << p.classes[c];
      if (inherits) o << " inherits file";
      if (!inherits || perms.size() > kFilePerms.size()) {
        o << " {";
        for (std::size_t i = inherits ? kFilePerms.size() : 0; i < perms.size(); ++i)
          o << " " << perms[i];
        o << " }";
      }
      o << "\n";
    }
    // default_* statements on the extra classes now and then.
    for (std::size_t c = 4; c < p.classes.size(); ++c) {
      if (chance(r, 0.2))
        o << "default_user " << p.classes[c] << (chance(r, .5) ? " source;\n" : " target;\n");
      if (chance(r, 0.2))
        o << "default_role " << p.classes[c] << (chance(r, .5) ? " source;\n" : " target;\n");
      if (chance(r, 0.2))
        o << "default_type " << p.classes[c] << (chance(r, .5) ? " source;\n" : " target;\n");
      if (chance(r, 0.2)) {
        static const char* kR[] = {"source low", "source high", "source low-high",
                                   "target low", "target high", "target low-high",
                                   "glblub"};
        o << "default_range " << p.classes[c] << " " << kR[pick(r, 7)] << ";\n";
      }
    }
  }

  void mls() {
    nsens = 1 + static_cast<unsigned>(pick(r, 3));
    ncats = 4 + static_cast<unsigned>(pick(r, 9));
    for (unsigned s = 0; s < nsens; ++s) o << "sensitivity s" << s << ";\n";
    o << "dominance {";
    for (unsigned s = 0; s < nsens; ++s) o << " s" << s;
    o << " }\n";
    for (unsigned c = 0; c < ncats; ++c) o << "category c" << c << ";\n";
    for (unsigned s = 0; s < nsens; ++s) {
      std::vector<std::uint32_t> cats;
      // s0 allows every category; higher ones may allow fewer.
      const unsigned top =
          s == 0 || chance(r, 0.6) ? ncats : 1 + static_cast<unsigned>(pick(r, ncats));
      for (unsigned c = 0; c < top; ++c) cats.push_back(c);
      p.sens_cats.push_back(cats);
      o << "level s" << s << ":c0" << (top > 1 ? ".c" + std::to_string(top - 1) : "") << ";\n";
    }
  }

  // Placeholders resolved once types/roles/users exist: constraints are written later, but
  // mlsconstrain must come here. Types are known already (generated first, printed later).
  bool vt = false;  // writing a validatetrans: u3/r3/t3 name the task
  std::string leaf(bool mls_ok) {
    if (vt && chance(r, 0.3)) {
      static const char* kOps3[] = {"==", "!="};
      switch (pick(r, mls_ok ? 1 : 3)) {
        case 0:
          return std::string("t3 ") + kOps3[pick(r, 2)] + " " + type_set(false);
        case 1:
          return std::string("u3 ") + kOps3[pick(r, 2)] + " " + pick_of(r, p.users).name;
        default:
          return std::string("r3 ") + kOps3[pick(r, 2)] + " " + pick_of(r, p.roles).name;
      }
    }
    // Role and user names are resolved in checkpolicy's first pass, so only `constrain`
    // (after the users) may name them; mlsconstrain compares types and levels.
    std::size_t kind = pick(r, 8);
    if (mls_ok && (kind == 4 || kind == 5)) kind = 3;
    if (!mls_ok && kind >= 6) kind = pick(r, 6);
    static const char* kOps[] = {"==", "!="};
    static const char* kRoleOps[] = {"==", "!=", "dom", "domby", "incomp"};
    switch (kind) {
      case 0:
        return std::string("u1 ") + kOps[pick(r, 2)] + " u2";
      case 1:
        return std::string("r1 ") + kRoleOps[pick(r, 5)] + " r2";
      case 2:
        return std::string("t1 ") + kOps[pick(r, 2)] + " t2";
      case 3:
        return std::string(chance(r, .5) ? "t1 " : "t2 ") + kOps[pick(r, 2)] + " " +
               type_set(false);
      case 4:
        return std::string(chance(r, .5) ? "u1 " : "u2 ") + kOps[pick(r, 2)] + " " +
               pick_of(r, p.users).name;
      case 5:
        return std::string(chance(r, .5) ? "r1 " : "r2 ") + kOps[pick(r, 2)] + " " +
               pick_of(r, p.roles).name;
      default: {
        static const char* kPairs[] = {"l1 l2", "l1 h2", "h1 l2", "h1 h2", "l1 h1", "l2 h2"};
        std::string pr = kPairs[pick(r, 6)];
        return pr.substr(0, 2) + " " + kRoleOps[pick(r, 5)] + " " + pr.substr(3);
      }
    }
  }
  std::string expr(bool mls_ok, int depth) {
    if (depth >= 3 || chance(r, 0.4)) return "( " + leaf(mls_ok) + " )";
    const std::size_t k = pick(r, 3);
    if (k == 0) return "not " + expr(mls_ok, depth + 1);
    return "( " + expr(mls_ok, depth + 1) + (k == 1 ? " and " : " or ") + expr(mls_ok, depth + 1) +
           " )";
  }
  void constraints(bool mls_stmt) {
    const std::size_t n = pick(r, 4);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t c = 1 + pick(r, p.classes.size() - 1);
      // '*' and '~' in a constraint cover only the class's permissions (define_constraint).
      const std::size_t form = pick(r, 8);
      const std::string perms = form == 0 ? "*" : form == 1 ? "~" + perm_set(c) : perm_set(c);
      o << (mls_stmt ? "mlsconstrain " : "constrain ") << p.classes[c] << " " << perms << " "
        << expr(mls_stmt, 0) << ";\n";
    }
    // validatetrans / mlsvalidatetrans on a few classes.
    vt = true;
    for (std::size_t i = 0, nv = pick(r, 3); i < nv; ++i) {
      const std::size_t c = 2 + pick(r, p.classes.size() - 2);
      o << (mls_stmt ? "mlsvalidatetrans " : "validatetrans ") << p.classes[c] << " "
        << expr(mls_stmt, 0) << ";\n";
    }
    vt = false;
    if (mls_stmt) {
      // The MCS rule as container policies write it.
      o << "mlsconstrain file { read write } ( ( h1 dom h2 ) or ( t1 == " << p.types[0]
        << " ) );\n";
    }
  }

  void declare_names() {
    const std::size_t ntypes = 6 + pick(r, 12), nattr = 2 + pick(r, 3);
    for (std::size_t i = 0; i < nattr; ++i) attributes.push_back("attr" + std::to_string(i));
    attr_members.resize(nattr);
    for (std::size_t i = 0; i < ntypes; ++i) p.types.push_back("t" + std::to_string(i) + "_t");
    // The last types may be bounded by an earlier one (parents come first: no cycles).
    for (std::size_t t = ntypes / 2; t < ntypes; ++t)
      if (chance(r, 0.25)) bounds.emplace_back(t, pick(r, ntypes / 2));
    for (std::size_t t = 0; t < ntypes; ++t)
      for (std::size_t a = 0; a < nattr; ++a)
        if (!is_child(t) && chance(r, 0.35)) attr_members[a].push_back(t);
    const std::size_t nroles = 1 + pick(r, 4);
    for (std::size_t i = 0; i < nroles; ++i) {
      GenRole role{"r" + std::to_string(i) + "_r", {}};
      for (std::size_t t : subset(r, ntypes, 0.5)) role.types.push_back(t);
      p.roles.push_back(role);
    }
    const std::size_t nusers = 1 + pick(r, 3);
    for (std::size_t i = 0; i < nusers; ++i) {
      GenUser u;
      u.name = "u" + std::to_string(i) + "_u";
      u.roles = subset(r, nroles, 0.5);
      p.users.push_back(u);
    }
    const std::size_t nbools = pick(r, 5);
    for (std::size_t i = 0; i < nbools; ++i) p.booleans.push_back("b" + std::to_string(i));
  }

  void user_ranges() {
    for (GenUser& u : p.users) {
      u.high_sens = static_cast<std::uint32_t>(pick(r, nsens));
      u.high_cats = random_cats(r, p.sens_cats[u.high_sens], 0.7);
    }
  }

  void te_rbac() {
    for (std::size_t a = 0; a < attributes.size(); ++a) o << "attribute " << attributes[a] << ";\n";
    for (std::size_t t = 0; t < p.types.size(); ++t) {
      o << "type " << p.types[t];
      for (std::size_t a = 0; a < attributes.size(); ++a)
        if (std::find(attr_members[a].begin(), attr_members[a].end(), t) != attr_members[a].end())
          o << ", " << attributes[a];
      o << ";\n";
    }
    for (const auto& t : p.types)
      if (chance(r, 0.08)) o << "permissive " << t << ";\n";
    // typebounds: each child gets copies of some of its parent's rules (checkpolicy refuses
    // a child with more); constraints naming types can still cut the parent at run time.
    for (const auto& [child, parent] : bounds) {
      o << "typebounds " << p.types[parent] << " " << p.types[child] << ";\n";
      for (std::size_t i = 0, n = 1 + pick(r, 3); i < n; ++i) {
        const std::size_t c = 1 + pick(r, p.classes.size() - 1);
        const std::string t = type_set(true), perms = perm_set(c);
        o << "allow " << p.types[parent] << " " << t << ":" << p.classes[c] << " " << perms
          << ";\n";
        o << "allow " << p.types[child] << " " << t << ":" << p.classes[c] << " " << perms << ";\n";
      }
    }
    for (const auto& b : p.booleans)
      o << "bool " << b << (chance(r, .5) ? " true;\n" : " false;\n");
    const std::size_t nallow = 15 + pick(r, 40);
    for (std::size_t i = 0; i < nallow; ++i) allow_rule("allow");
    // Process transitions, so role changes meet `allow r1 r2` (RBAC).
    for (std::size_t i = 0, n = 1 + pick(r, 4); i < n; ++i)
      o << "allow " << type_set() << " " << type_set() << ":process { transition dyntransition"
        << (chance(r, 0.5) ? " signal" : "") << " };\n";
    for (std::size_t i = 0; i < 3; ++i) allow_rule(chance(r, .5) ? "dontaudit" : "auditallow");
    // Conditional blocks.
    if (!p.booleans.empty()) {
      const std::size_t nif = 1 + pick(r, 4);
      for (std::size_t i = 0; i < nif; ++i) {
        o << "if (" << cond_expr(0) << ") {\n";
        for (std::size_t j = 0, n = 1 + pick(r, 4); j < n; ++j) allow_rule("allow");
        o << "}";
        if (chance(r, 0.5)) {
          o << " else {\n";
          for (std::size_t j = 0, n = 1 + pick(r, 3); j < n; ++j) allow_rule("allow");
          o << "}";
        }
        o << "\n";
      }
    }
    // Type rules on concrete types, one per key.
    std::set<std::string> keys;
    const std::size_t ntt = 4 + pick(r, 10);
    for (std::size_t i = 0; i < ntt; ++i) {
      const std::size_t c = 1 + pick(r, p.classes.size() - 1);
      const std::string s = pick_of(r, p.types), t = pick_of(r, p.types);
      const char* kinds[] = {"type_transition", "type_change", "type_member"};
      const std::string kind = kinds[chance(r, 0.7) ? 0 : 1 + pick(r, 2)];
      if (!keys.insert(kind + s + t + p.classes[c]).second) continue;
      o << kind << " " << s << " " << t << ":" << p.classes[c] << " " << pick_of(r, p.types)
        << ";\n";
      if (kind == "type_transition" && c == 3 && chance(r, 0.5))
        o << "type_transition " << s << " " << t << ":dir " << pick_of(r, p.types) << " \"n" << i
          << "\";\n";
    }
    // Roles.
    for (const GenRole& role : p.roles) o << "role " << role.name << ";\n";
    for (const GenRole& role : p.roles) {
      o << "role " << role.name << " types {";
      for (std::size_t t : role.types) o << " " << p.types[t];
      o << " };\n";
    }
    std::set<std::string> rkeys;
    for (std::size_t i = 0, n = pick(r, 4); i < n; ++i) {
      const std::string from = pick_of(r, p.roles).name, type = pick_of(r, p.types);
      const bool object = chance(r, 0.3);
      const std::string cls = object ? p.classes[2 + pick(r, p.classes.size() - 2)] : "process";
      if (!rkeys.insert(from + type + cls).second) continue;
      o << "role_transition " << from << " " << type << (object ? ":" + cls : "") << " "
        << pick_of(r, p.roles).name << ";\n";
    }
    for (const GenRole& a : p.roles)
      for (const GenRole& b : p.roles)
        if (a.name != b.name && chance(r, 0.4)) o << "allow " << a.name << " " << b.name << ";\n";
    // Range transitions.
    std::set<std::string> rtkeys;
    for (std::size_t i = 0, n = pick(r, 3); i < n; ++i) {
      const std::string s = pick_of(r, p.types), t = pick_of(r, p.types);
      const std::size_t c = 1 + pick(r, p.classes.size() - 1);
      if (!rtkeys.insert(s + t + p.classes[c]).second) continue;
      const std::uint32_t hs = static_cast<std::uint32_t>(pick(r, nsens));
      const auto hc = random_cats(r, p.sens_cats[hs], 0.4);
      const std::uint32_t ls = static_cast<std::uint32_t>(pick(r, hs + 1));
      const auto lc = random_cats(r, intersect(hc, p.sens_cats[ls]), 0.5);
      o << "range_transition " << s << " " << t << ":" << p.classes[c] << " "
        << level_text(ls, lc, r) << " - " << level_text(hs, hc, r) << ";\n";
    }
  }

  std::string cond_expr(int depth) {
    if (depth >= 2 || chance(r, 0.5)) return (chance(r, 0.2) ? "!" : "") + pick_of(r, p.booleans);
    static const char* kOps[] = {"&&", "||", "^", "==", "!="};
    return "(" + cond_expr(depth + 1) + " " + kOps[pick(r, 5)] + " " + cond_expr(depth + 1) + ")";
  }

  void allow_rule(const std::string& kind) {
    const std::size_t c = 1 + pick(r, p.classes.size() - 1);
    const std::string t = chance(r, 0.15) ? "self" : type_set();
    o << kind << " " << type_set() << " " << t << ":" << p.classes[c] << " " << perm_set(c)
      << ";\n";
  }

  void users() {
    for (const GenUser& u : p.users) {
      o << "user " << u.name << " roles {";
      for (std::size_t ri : u.roles) o << " " << p.roles[ri].name;
      o << " } level s0 range s0 - " << level_text(u.high_sens, u.high_cats, r) << ";\n";
    }
  }

  void tail() {
    const std::string obj = p.users[0].name + ":object_r:" + p.types[0] + ":s0";
    o << "sid kernel " << obj << "\nsid security " << obj << "\nsid unlabeled " << obj << "\n";
    o << "fs_use_xattr ext4 " << obj << ";\n";
    o << "genfscon proc / " << obj << "\n";
  }

  GeneratedPolicy run() {
    declare_names();
    classes();
    mls();
    user_ranges();
    constraints(true);
    te_rbac();
    users();
    constraints(false);
    tail();
    p.text = o.str();
    return std::move(p);
  }
};

}  // namespace

GeneratedPolicy generate_policy(std::uint64_t seed) {
  return Gen(seed).run();
}

std::string random_context(const GeneratedPolicy& p, std::mt19937_64& r, bool subject,
                           double invalid) {
  const GenUser& u = pick_of(r, p.users);
  std::string role, type;
  std::uint32_t hs = 0;
  std::vector<std::uint32_t> hc;
  const bool broken = chance(r, invalid);
  if (subject && !broken) {
    const GenRole& gr = p.roles[pick_of(r, u.roles)];
    role = gr.name;
    type = p.types[pick_of(r, gr.types)];
    hs = static_cast<std::uint32_t>(pick(r, u.high_sens + 1));
    hc = random_cats(r, intersect(u.high_cats, p.sens_cats[hs]), 0.5);
  } else {
    role = broken && chance(r, 0.5) ? pick_of(r, p.roles).name : "object_r";
    type = pick_of(r, p.types);
    hs = static_cast<std::uint32_t>(pick(r, p.sens_cats.size()));
    hc = random_cats(r, p.sens_cats[hs], 0.4);
    if (broken && chance(r, 0.3))
      hc.push_back(static_cast<std::uint32_t>(p.sens_cats[0].size()) + 3);
  }
  const std::uint32_t ls = static_cast<std::uint32_t>(pick(r, hs + 1));
  const auto lc = random_cats(r, intersect(hc, p.sens_cats[ls]), 0.5);
  std::string range = level_text(ls, lc, r);
  if (!(ls == hs && lc == hc) || chance(r, 0.2)) range += "-" + level_text(hs, hc, r);
  if (broken && chance(r, 0.2)) range = level_text(hs, hc, r) + "-s0";  // high below low
  return u.name + ":" + role + ":" + type + ":" + range;
}

}  // namespace lsmsim::sepolicy::testing
