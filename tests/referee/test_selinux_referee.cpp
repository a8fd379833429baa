// SELinux referee: random MLS policies (the oracle tests' generator) loaded into the real
// kernel (user-mode-linux, lsm=selinux, permissive) and into lsmsim through selinuxfs, then
// the same access and create queries on both; every answer must agree. Decisions are
// compared by permission NAMES, each side decoding its own class/*/perms/* numbers.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "model/kernel.h"
#include "model/syscalls/fs.h"
#include "tests/referee/batch_format.h"
#include "tests/referee/referee_exec.h"
#include "tests/referee/referee_support.h"
#include "tests/selinux_oracle/policy_generator.h"

using namespace lsmsim;
using namespace lsmsim::referee;
using lsmsim::sepolicy::testing::generate_policy;
using lsmsim::sepolicy::testing::GeneratedPolicy;
using lsmsim::sepolicy::testing::random_context;

namespace {

constexpr const char* kFs = "/sys/fs/selinux";

// Class -> permission names, from the policy text's common and class definitions.
std::map<std::string, std::vector<std::string>> class_perms(const std::string& text) {
  std::map<std::string, std::vector<std::string>> commons, classes;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream w(line);
    std::string kw, name;
    w >> kw >> name;
    if (kw != "common" && kw != "class") continue;
    std::vector<std::string> perms;
    std::string tok;
    bool any = false;
    while (w >> tok) {
      if (tok == "inherits") {
        w >> tok;
        perms = commons[tok];
        any = true;
      } else if (tok == "{") {
        any = true;
      } else if (tok != "}") {
        perms.push_back(tok);
      }
    }
    if (!any) continue;  // a bare declaration
    (kw == "common" ? commons : classes)[name] = perms;
  }
  return classes;
}

// checkpolicy as found at configure time; a clear failure when it is not there (run_program
// uses execv, so a bare name would only give "rc 127").
std::string checkpolicy() {
  const std::string path = LSMSIM_CHECKPOLICY;
  BOOST_REQUIRE_MESSAGE(!path.empty() && access(path.c_str(), X_OK) == 0,
                        "checkpolicy not found ("
                            << (path.empty() ? "not found at configure time" : path)
                            << "): install checkpolicy (scripts/setup.sh)");
  return path;
}

// One side's numbers for the current policy, read from its class/ files.
struct ClassMaps {
  std::map<std::string, std::map<std::string, unsigned>> perm;  // class -> perm -> value
  std::map<unsigned, std::string> class_of;                     // index -> class
};

// "ok 5" -> 5; false if the answer is not a number.
bool answer_number(const std::string& answer, unsigned& v) {
  std::string text;
  if (answer.rfind("ok ", 0) != 0 || !unescape(answer.substr(3), text)) return false;
  return std::sscanf(text.c_str(), "%u", &v) == 1;
}

// An access vector as names (in `cls`) plus the raw bits no permission names.
std::string av_names(const ClassMaps& m, const std::string& cls, unsigned av) {
  std::set<std::string> names;
  unsigned named = 0;
  auto it = m.perm.find(cls);
  if (it != m.perm.end())
    for (const auto& [name, value] : it->second) {
      if (value == 0 || value > 32) continue;
      const unsigned bit = 1u << (value - 1);
      named |= bit;
      if (av & bit) names.insert(name);
    }
  std::string out = "{";
  for (const auto& n : names) out += " " + n;
  out += " }";
  char rest[32];
  std::snprintf(rest, sizeof rest, " +%x", av & ~named);
  return out + rest;
}

// The reply of access, decoded: "allowed={...} decided=.. auditallow={...} ...".
std::string decode_access(const ClassMaps& m, const std::string& cls, const std::string& answer) {
  std::string text;
  if (answer.rfind("ok ", 0) != 0 || !unescape(answer.substr(3), text)) return answer;
  unsigned allowed = 0, decided = 0, auditallow = 0, auditdeny = 0, seqno = 0, flags = 0;
  if (std::sscanf(text.c_str(), "%x %x %x %x %u %x", &allowed, &decided, &auditallow, &auditdeny,
                  &seqno, &flags) != 6)
    return "unparsed: " + answer;
  std::ostringstream o;
  o << "allowed=" << av_names(m, cls, allowed) << " decided=" << std::hex << decided
    << " auditallow=" << av_names(m, cls, auditallow)
    << " auditdeny=" << av_names(m, cls, auditdeny) << std::dec << " seqno=" << seqno
    << " flags=" << flags;
  return o.str();
}

struct Tally {
  // access/create/context count the queries, answered_* those the kernel answered (not an
  // errno): the coverage checks count only these.
  std::uint64_t access = 0, allowed_nonempty = 0, create = 0, context = 0, errors = 0, other = 0;
  std::uint64_t answered_access = 0, answered_create = 0, loaded = 0;
  std::uint64_t mismatches = 0;
  std::vector<std::string> first;
  void mismatch(std::string what) {
    ++mismatches;
    if (first.size() < 25) first.push_back(std::move(what));
  }
};

// One boot's batch: policies compiled by checkpolicy (the kernel's) and their text (lsmsim's).
struct Builder {
  const TempDir& dir;
  std::mt19937_64 rng;
  std::vector<std::string> batch;
  std::map<std::string, std::string> conf_of;  // binary path -> policy.conf text (lsmsim)
  std::vector<std::size_t> policy_start;       // first batch line of each policy
  std::vector<std::uint64_t> seeds;

  Builder(const TempDir& d, std::uint64_t seed) : dir(d), rng(seed) {}
  void op(char kind, const std::string& file, const std::string& data = "") {
    batch.push_back(format_op(kind, std::string(kFs) + file, data));
  }

  // Compiles `text` and loads it (in one write: selinuxfs load wants the whole policy at
  // once), then reads the numbers each side decodes with and the policy's flags.
  void load(const GeneratedPolicy& gp, const std::string& text) {
    const std::string bin = dir.path() + "/policy" + std::to_string(seeds.size());
    write_text(bin + ".conf", text);
    std::string out;
    const int rc = run_program({checkpolicy(), "-M", "-c", "33", "-o", bin, bin + ".conf"}, &out);
    BOOST_REQUIRE_MESSAGE(rc == 0,
                          "policy seed " << gp.seed << ": checkpolicy rc " << rc << ": " << out);
    conf_of[bin] = text;
    seeds.push_back(gp.seed);
    policy_start.push_back(batch.size());
    batch.push_back(format_op('f', std::string(kFs) + "/load", bin));
    const auto perms = class_perms(text);
    for (const auto& cls : gp.classes) {
      op('r', "/class/" + cls + "/index");
      for (const auto& p : perms.at(cls)) op('r', "/class/" + cls + "/perms/" + p);
    }
    for (const auto& b : gp.booleans) op('r', "/booleans/" + b);
    for (const char* f : {"/mls", "/deny_unknown", "/reject_unknown", "/policyvers"}) op('r', f);
  }

  // `pairs` random context pairs (8% broken): context for both, access for every class,
  // create for one (a third with an object name); half way a boolean flips.
  void queries(const GeneratedPolicy& gp, int pairs) {
    const unsigned nclasses = static_cast<unsigned>(gp.classes.size());
    for (int pair = 0; pair < pairs; ++pair) {
      // Conditional rules change, and so does the seqno.
      if (pair == pairs / 2 && !gp.booleans.empty()) {
        const std::string& b = gp.booleans[rng() % gp.booleans.size()];
        op('w', "/booleans/" + b, rng() % 2 ? "1" : "0");
        op('w', "/commit_pending_bools", "1");
      }
      const std::string scon = random_context(gp, rng, true, 0.08);
      const std::string tcon = random_context(gp, rng, rng() % 3 != 0 ? false : true, 0.08);
      for (const std::string* con : {&scon, &tcon}) op('t', "/context", *con);
      for (unsigned c = 1; c <= nclasses; ++c)
        op('t', "/access", scon + " " + tcon + " " + std::to_string(c));
      std::string q = scon + " " + tcon + " " + std::to_string(1 + rng() % nclasses);
      if (rng() % 3 == 0) q += " n" + std::to_string(rng() % 14);
      op('t', "/create", q);
    }
  }

  // One question per open file (a second write is EBUSY, after a refused one too), and odd
  // class fields: numbers outside the policy, sscanf("%hu") wrapping and stopping.
  void odd_queries(const GeneratedPolicy& gp) {
    for (const char* cls : {" 1", " x"})
      op('u', "/access",
         random_context(gp, rng, true) + " " + random_context(gp, rng, false) + cls);
    const std::string s = random_context(gp, rng, true), t = random_context(gp, rng, false);
    for (const std::string& bad :
         {std::string("0"), std::to_string(gp.classes.size() + 1), std::string("65536"),
          std::string("65539"), std::string("99999999999999999999999999"), std::string("3abc"),
          std::string("-1"), std::string("x1")})
      for (const char* file : {"/access", "/create"}) op('t', file, s + " " + t + " " + bad);
    // The object name as sel_write_create() reads it: glued to the class digits, and
    // percent-decoded ('+', %XX, a bad escape); the generated names are n0..n13.
    const unsigned nclasses = static_cast<unsigned>(gp.classes.size());
    for (int i = 0; i < 12; ++i) {
      const std::string sc = random_context(gp, rng, true), tc = random_context(gp, rng, false);
      const std::string cls = std::to_string(1 + rng() % nclasses), k = std::to_string(rng() % 14);
      for (const std::string& name : {cls + "n" + k, cls + " %6e" + k, cls + " %6E" + k,
                                      cls + " n" + k + "%00x", cls + " n+" + k, cls + " n%zz",
                                      cls + " n" + k + "%", cls + " n%3"})
        op('t', "/create", sc + " " + tc + " " + name);
    }
  }
};

// Runs the batch in the kernel and in lsmsim and compares every answer.
Tally run_and_compare(const TempDir& dir, const Builder& b) {
  Tally tally;
  const GuestRun g = run_in_guest(dir, "selinux", {"enforcing=0"},
                                  std::string("mount -t selinuxfs selinuxfs ") + kFs, b.batch);
  BOOST_REQUIRE_MESSAGE(g.failure.empty(), g.failure);
  BOOST_TEST_MESSAGE("UML boot with " << b.batch.size() << " operations: " << g.boot.seconds
                                      << " s; active LSMs " << g.boot.active_lsm);
  // lsmsim, booted the same way.
  KernelConfig cfg;
  cfg.lsm.lsm = "selinux";
  Kernel k(cfg);
  Task& init = k.init_task();
  SysResult m = sys_mount(init, "selinuxfs", kFs, "selinuxfs", 0);
  BOOST_REQUIRE_MESSAGE(m.ok(), "mount selinuxfs in lsmsim: errno " << m.err);
  const std::vector<std::string> ours =
      run_batch(init, b.batch, [&](const std::string& f) { return b.conf_of.at(f); });

  ClassMaps kmap, lmap;
  std::size_t policy = 0;
  for (std::size_t i = 0; i < b.batch.size(); ++i) {
    while (policy + 1 < b.policy_start.size() && i >= b.policy_start[policy + 1]) ++policy;
    BatchOp op;
    parse_op(b.batch[i], op);
    const std::string& kern = g.answers[i];
    const std::string& mine = ours[i];
    const std::string seed = b.seeds.empty() ? "-" : std::to_string(b.seeds[policy]);
    if (op.op == 'f') {
      // The kernel got checkpolicy's binary, lsmsim the text: each must take all of its own.
      kmap = lmap = {};
      const std::string kall = "ok " + std::to_string(read_text(op.data).size());
      const std::string lall = "ok " + std::to_string(b.conf_of.at(op.data).size());
      // Every generated policy is valid (checkpolicy took it): both sides must load all of
      // it, or the later queries would run against the previous policy on both and agree.
      ++tally.other;
      if (kern == kall && mine == lall)
        ++tally.loaded;
      else
        tally.mismatch("policy seed " + seed + " load: kernel " + kern + " of " + kall +
                       ", lsmsim " + mine + " of " + lall);
      continue;
    }
    const std::string where =
        "policy seed " + seed + ", batch line " + std::to_string(i + 1) + " (" + b.batch[i] + ")";
    // class/C/index and class/C/perms/P: the numbers each side decodes with.
    const std::string cls_prefix = std::string(kFs) + "/class/";
    if (op.op == 'r' && op.path.rfind(cls_prefix, 0) == 0) {
      const std::string rest = op.path.substr(cls_prefix.size());
      const std::string cls = rest.substr(0, rest.find('/'));
      unsigned kv = 0, lv = 0;
      const bool kok = answer_number(kern, kv), lok = answer_number(mine, lv);
      if (rest.find("/perms/") != std::string::npos) {
        const std::string perm = rest.substr(rest.rfind('/') + 1);
        if (kok) kmap.perm[cls][perm] = kv;
        if (lok) lmap.perm[cls][perm] = lv;
        if (kok != lok) tally.mismatch(where + ": kernel " + kern + ", lsmsim " + mine);
      } else {
        if (kok) kmap.class_of[kv] = cls;
        if (lok) lmap.class_of[lv] = cls;
        if (kern != mine) tally.mismatch(where + ": kernel " + kern + ", lsmsim " + mine);
      }
      continue;
    }
    if (op.op == 't' && op.path == std::string(kFs) + "/access") {
      ++tally.access;
      unsigned cls_index = 0;
      std::sscanf(op.data.c_str(), "%*s %*s %u", &cls_index);
      const std::string kc = kmap.class_of.count(cls_index) ? kmap.class_of[cls_index] : "";
      const std::string lc = lmap.class_of.count(cls_index) ? lmap.class_of[cls_index] : "";
      const std::string kd = decode_access(kmap, kc, kern), ld = decode_access(lmap, lc, mine);
      if (kern.rfind("ok ", 0) != 0) {
        ++tally.errors;
      } else {
        ++tally.answered_access;
        if (kd.rfind("allowed={ }", 0) != 0) ++tally.allowed_nonempty;
      }
      if (kd != ld || kc != lc)
        tally.mismatch(where + " [class " + kc + "]:\n    kernel " + kd + "\n    lsmsim " + ld);
      continue;
    }
    if (op.op == 't' && op.path == std::string(kFs) + "/context") {
      ++tally.context;
      if (kern.rfind("ok ", 0) != 0) ++tally.errors;
    } else if (op.op == 't') {
      ++tally.create;
      if (kern.rfind("ok ", 0) != 0)
        ++tally.errors;
      else
        ++tally.answered_create;
    } else {
      ++tally.other;
    }
    if (kern != mine) tally.mismatch(where + ":\n    kernel " + kern + "\n    lsmsim " + mine);
  }
  return tally;
}

std::string report(const Tally& t, const std::string& what) {
  std::ostringstream o;
  o << what << ": " << t.loaded << " policies loaded, " << t.access << " access queries ("
    << t.answered_access << " answered, " << t.allowed_nonempty << " with something allowed), "
    << t.create << " create queries (" << t.answered_create << " answered), " << t.context
    << " context queries, " << t.errors << " refused queries, " << t.other << " other operations; "
    << t.mismatches << " disagreements";
  for (const auto& f : t.first) o << "\n  " << f;
  return o.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(selinux_referee)

BOOST_AUTO_TEST_CASE(random_policies_agree_with_the_kernel) {
  const std::uint64_t seed0 = referee_seed(20260601u);
  constexpr int kPolicies = 10, kPairs = 90;
  TempDir dir;
  Builder b(dir, seed0);
  b.op('w', "/enforce", "0");
  for (int i = 0; i < kPolicies; ++i) {
    const GeneratedPolicy gp = generate_policy(seed0 + static_cast<std::uint64_t>(i));
    // One boot, one policy after another: a reload keeps the booleans' running values.
    b.load(gp, gp.text);
    b.queries(gp, kPairs);
    b.odd_queries(gp);
  }
  const Tally tally = run_and_compare(dir, b);
  const std::string r =
      report(tally, std::to_string(kPolicies) + " policies from seed " + std::to_string(seed0));
  BOOST_TEST_MESSAGE(r);
  BOOST_TEST(tally.mismatches == 0u, r);
  // The comparison says something: many decisions, a fair share allowing something.
  BOOST_TEST(tally.loaded == static_cast<std::uint64_t>(kPolicies), r);
  BOOST_TEST(tally.answered_access > 3000u, r);
  BOOST_TEST(tally.allowed_nonempty > 300u, r);
  BOOST_TEST(tally.answered_create > 500u, r);
}

// Enforcing: a generated policy that lets the kernel's own type (the agent's context, as
// init started before any policy) use the security server and its files, with setenforce
// added to its security class so the agent can go back to permissive (init's shell needs
// it to power off). A new context the policy does not allow is EACCES now; a permission the
// policy's classes lack (setbool) is denied, as deny_unknown says.
BOOST_AUTO_TEST_CASE(an_enforcing_policy_agrees_with_the_kernel) {
  const std::uint64_t seed = referee_seed(20260601u) + 1000u;
  TempDir dir;
  Builder b(dir, seed);
  const GeneratedPolicy gp = generate_policy(seed);
  // Without the generated constraints on file and dir (but for the MCS rule, which exempts
  // the kernel's type): one could forbid the agent to read selinuxfs's files.
  std::string text;
  {
    std::istringstream in(gp.text);
    for (std::string line; std::getline(in, line);) {
      const bool file_constraint =
          (line.rfind("constrain file ", 0) == 0 || line.rfind("constrain dir ", 0) == 0 ||
           line.rfind("mlsconstrain file ", 0) == 0 || line.rfind("mlsconstrain dir ", 0) == 0) &&
          line.find("t1 == " + gp.types[0]) == std::string::npos;
      if (!file_constraint) text += line + "\n";
    }
  }
  const std::string security =
      "class security { compute_av compute_create check_context load_policy";
  const std::size_t at = text.find(security);
  BOOST_REQUIRE(at != std::string::npos);
  text.insert(at + security.size(), " setenforce");
  const std::size_t roles = text.find("\nrole ");
  BOOST_REQUIRE(roles != std::string::npos);
  const std::string self = gp.types[0];  // the kernel, security and unlabeled SIDs' type
  // '*' and '~' set bits past the class's permissions (checkpolicy: ~0U, ~perms).
  text.insert(roles + 1, "allow " + self + " self:security *;\nallow " + self +
                             " self:{ file dir } *;\nallow " + self + " self:obj0 ~{ op0 };\n");
  // A process transition to a type its role may not have: the new context is invalid, so
  // create answers it when permissive and EACCES when enforcing.
  std::string invalid_create;
  const auto& role0 = gp.roles[0].types;
  for (std::size_t t = 0; t < gp.types.size() && invalid_create.empty(); ++t) {
    if (std::find(role0.begin(), role0.end(), t) != role0.end()) continue;
    for (const auto& u : gp.users) {
      if (std::find(u.roles.begin(), u.roles.end(), std::size_t{0}) == u.roles.end()) continue;
      const std::string st = gp.types[role0[0]];
      text.insert(text.find("\nrole ") + 1, "type referee_t;\ntype_transition " + st +
                                                " referee_t:process " + gp.types[t] + ";\n");
      const std::string process = std::to_string(
          1 + (std::find(gp.classes.begin(), gp.classes.end(), "process") - gp.classes.begin()));
      invalid_create = u.name + ":" + gp.roles[0].name + ":" + st + ":s0 " + u.name +
                       ":object_r:referee_t:s0 " + process;
      break;
    }
  }
  b.load(gp, text);
  if (!invalid_create.empty()) b.op('t', "/create", invalid_create);
  b.op('r', "/enforce");
  b.batch.push_back(format_op('r', "/proc/self/attr/current", ""));
  const std::string kernel_ctx = gp.users[0].name + ":object_r:" + self + ":s0";
  for (std::size_t c = 1; c <= gp.classes.size(); ++c)
    b.op('t', "/access", kernel_ctx + " " + kernel_ctx + " " + std::to_string(c));
  b.op('w', "/enforce", "1");
  b.op('r', "/enforce");
  b.queries(gp, 60);
  b.odd_queries(gp);
  if (!invalid_create.empty()) b.op('t', "/create", invalid_create);
  if (!gp.booleans.empty()) b.op('w', "/booleans/" + gp.booleans[0], "1");
  b.op('w', "/enforce", "0");
  b.op('r', "/enforce");
  const Tally tally = run_and_compare(dir, b);
  const std::string r = report(tally, "enforcing, policy seed " + std::to_string(seed));
  BOOST_TEST_MESSAGE(r);
  BOOST_TEST(tally.mismatches == 0u, r);
  BOOST_TEST(tally.loaded == 1u, r);
  BOOST_TEST(tally.answered_access > 200u, r);
  BOOST_TEST(tally.allowed_nonempty > 0u, r);
  BOOST_TEST(tally.errors < tally.access, r);
}

BOOST_AUTO_TEST_SUITE_END()
