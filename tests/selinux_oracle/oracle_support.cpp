#include "tests/selinux_oracle/oracle_support.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

#include "lsms/selinux/policy/mls.h"
#include "tests/selinux_oracle/policy_generator.h"
#include "tests/selinux_oracle/policydb_from_sepol.h"
#include "tests/selinux_oracle/sepol_oracle.h"

namespace lsmsim::sepolicy::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "lsmsim-oracle-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

int run_command(const std::string& cmd, std::string* output) {
  FILE* f = popen((cmd + " 2>&1").c_str(), "r");
  if (f == nullptr) return -1;
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  const int status = pclose(f);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

Comparator::Comparator(SecurityServer& server) : server_(server) {
  for (unsigned v = 1; v <= so_nclasses(); ++v) {
    const char* n = so_class_name(v);
    if (n == nullptr) continue;
    class_names_.push_back(n);
    sepol_class_[n] = static_cast<std::uint16_t>(v);
  }
}

bool Comparator::context(const std::string& text, Agreement& a, std::uint32_t* sid, Context* ctx) {
  ++a.contexts;
  std::uint32_t s = 0;
  const bool sepol_ok = so_context_to_sid(text.c_str(), &s) == 0;
  Context c;
  std::string why;
  const bool ours_ok = server_.context_from_string(text, c, &why) == 0;
  if (sepol_ok != ours_ok) {
    a.disagree("context " + text + ": libsepol " + (sepol_ok ? "accepts" : "refuses") +
               ", lsmsim " + (ours_ok ? "accepts" : "refuses (" + why + ")"));
    return false;
  }
  if (!sepol_ok) return false;
  char buf[4096];
  so_sid_to_context(s, buf, sizeof buf);
  const std::string ours = server_.context_to_string(c);
  if (ours != buf) {
    a.disagree("context " + text + " prints as " + buf + " in libsepol, " + ours + " in lsmsim");
    return false;
  }
  if (sid) *sid = s;
  if (ctx) *ctx = c;
  return true;
}

namespace {

std::string names_text(const std::set<std::string>& s) {
  std::string out = "{";
  for (const auto& x : s) out += " " + x;
  return out + " }";
}

// security_is_socket_class(): libsepol labels sockets as files, the kernel as processes.
bool socket_class(const std::string& n) {
  return n == "socket" || (n.size() > 7 && n.compare(n.size() - 7, 7, "_socket") == 0);
}

}  // namespace

void Comparator::query(const std::string& scon, std::uint32_t ssid, const Context& s,
                       const std::string& tcon, std::uint32_t tsid, const Context& t,
                       const std::string& cls, Agreement& a, bool labels) {
  const auto it = sepol_class_.find(cls);
  const std::uint16_t ours_cls = server_.class_value(cls);
  if (it == sepol_class_.end() || ours_cls == 0) {
    a.disagree("class " + cls + " missing on one side");
    return;
  }
  const std::uint16_t sc = it->second;
  const std::string where = scon + " " + tcon + ":" + cls;

  ++a.av;
  // Request every permission the class names, so the reason bits (TE, constraint, RBAC,
  // bounds) can be compared too.
  std::uint32_t requested = 0;
  for (unsigned b = 0; b < 32; ++b)
    if (so_perm_name(sc, b) != nullptr) requested |= 1u << b;
  std::uint32_t allowed = 0, reason = 0;
  so_compute_av(ssid, tsid, sc, requested, &allowed, &reason);
  std::set<std::string> sepol_perms, ours_perms;
  for (unsigned b = 0; b < 32; ++b)
    if ((allowed >> b) & 1u)
      if (const char* n = so_perm_name(sc, b)) sepol_perms.insert(n);
  const AvDecision d = server_.compute_av(s, t, ours_cls);  // requests all it defines
  if (d.allowed != 0) ++a.nonempty;
  if (d.reason & kReasonConstraint) ++a.constrained;
  if (d.reason & kReasonRbac) ++a.rbac;
  if (d.reason & kReasonBounds) ++a.bounded;
  const SecurityClass* oc = server_.policy().tclass(ours_cls);
  for (unsigned b = 0; b < 32 && b < oc->perms.size(); ++b)
    if ((d.allowed >> b) & 1u) ours_perms.insert(oc->perms[b]);
  if (sepol_perms != ours_perms)
    a.disagree("allowed " + where + ": libsepol " + names_text(sepol_perms) + ", lsmsim " +
               names_text(ours_perms) + (d.explanation.empty() ? "" : " (" + d.explanation + ")"));
  else if (reason != d.reason)
    a.disagree("reason " + where + ": libsepol " + std::to_string(reason) + ", lsmsim " +
               std::to_string(d.reason) + " (" + d.explanation + ")");

  if (!labels || socket_class(cls)) return;
  struct Kind {
    int (*sepol)(std::uint32_t, std::uint32_t, std::uint16_t, std::uint32_t*);
    const char* name;
    std::uint64_t Agreement::* counter;
  };
  const Kind kinds[] = {{so_transition_sid, "create", &Agreement::create},
                        {so_change_sid, "relabel", &Agreement::relabel},
                        {so_member_sid, "member", &Agreement::member}};
  for (const Kind& k : kinds) {
    ++(a.*k.counter);
    std::uint32_t out = 0;
    const int src = k.sepol(ssid, tsid, sc, &out);
    std::string sepol_label = "<refused>";
    if (src == 0) {
      char buf[4096];
      so_sid_to_context(out, buf, sizeof buf);
      sepol_label = buf;
    }
    Context n;
    int orc = 0;
    if (k.counter == &Agreement::create)
      orc = server_.compute_create(s, t, ours_cls, {}, n);
    else if (k.counter == &Agreement::relabel)
      orc = server_.compute_relabel(s, t, ours_cls, n);
    else
      orc = server_.compute_member(s, t, ours_cls, n);
    const std::string ours_label = orc == 0 ? server_.context_to_string(n) : "<refused>";
    if (orc != 0) ++a.refused_labels;
    if (sepol_label != ours_label)
      a.disagree(std::string(k.name) + " " + where + ": libsepol " + sepol_label + ", lsmsim " +
                 ours_label);
  }
}

void Comparator::validatetrans(const std::string& oldc, std::uint32_t oldsid, const Context& o,
                               const std::string& newc, std::uint32_t newsid, const Context& n,
                               std::uint32_t tasksid, const Context& task, Agreement& a,
                               const std::string& only) {
  for (const std::string& cls : class_names_) {
    if (!only.empty() && cls != only) continue;
    ++a.validatetrans;
    const int src = so_validate_transition(oldsid, newsid, tasksid, sepol_class_[cls]);
    std::string why;
    const int orc = server_.validate_transition(o, n, task, server_.class_value(cls), &why);
    if ((src == 0) != (orc == 0))
      a.disagree("validatetrans " + cls + " " + oldc + " -> " + newc + ": libsepol " +
                 (src == 0 ? "allows" : "refuses") + ", lsmsim " +
                 (orc == 0 ? "allows" : "refuses (" + why + ")"));
  }
}

bool Comparator::set_boolean(const std::string& name, bool value) {
  return so_set_bool(name.c_str(), value ? 1 : 0) >= 0 && server_.set_boolean(name, value);
}

void compare_generated(const GeneratedPolicy& gp, SecurityServer& server, int pairs,
                       std::uint64_t seed, Agreement& a) {
  Comparator cmp(server);
  std::mt19937_64 rng(seed * 7919u);
  for (int q = 0; q < pairs; ++q) {
    if (q % 20 == 19 && !gp.booleans.empty()) {
      const std::string& b = gp.booleans[rng() % gp.booleans.size()];
      if (!cmp.set_boolean(b, (rng() & 1u) != 0)) a.disagree("boolean " + b + " unknown");
    }
    // Objects are sources too (filesystem associate: file -> filesystem).
    const std::string sc = random_context(gp, rng, rng() % 5 != 0, 0.1);
    const std::string tc = random_context(gp, rng, (rng() % 3) == 0, 0.1);
    std::uint32_t ssid = 0, tsid = 0;
    Context s, t;
    const bool sv = cmp.context(sc, a, &ssid, &s);
    const bool tv = cmp.context(tc, a, &tsid, &t);
    if (!sv || !tv) continue;
    for (const std::string& cls : cmp.classes()) cmp.query(sc, ssid, s, tc, tsid, t, cls, a, true);
    // Relabel the target to another object context, with the source as the task.
    if (q % 2 == 0) {
      const std::string nc = random_context(gp, rng, false, 0.0);
      std::uint32_t nsid = 0;
      Context n;
      if (cmp.context(nc, a, &nsid, &n)) cmp.validatetrans(tc, tsid, t, nc, nsid, n, ssid, s, a);
    }
  }
}

int compare_sample(SecurityServer& server, int queries, std::uint64_t seed, Agreement& a) {
  const Policydb& p = server.policy();
  Comparator cmp(server);
  std::mt19937_64 rng(seed);
  std::vector<AvKey> keys;
  for (const auto& [k, d] : p.avtab)
    if (d.allowed != 0) keys.push_back(k);
  // Sorted, so a seed picks the same rules whatever the hash order.
  std::sort(keys.begin(), keys.end(), [](const AvKey& x, const AvKey& y) {
    return std::tie(x.source, x.target, x.tclass) < std::tie(y.source, y.target, y.tclass);
  });
  if (keys.empty()) return 0;
  auto member = [&](std::uint32_t v) -> std::uint32_t {
    const TypeDatum& td = p.types[v - 1];
    if (!td.attribute) return v;
    std::vector<std::uint32_t> m;
    td.set.for_each([&](std::uint32_t b) { m.push_back(b + 1); });
    return m.empty() ? 0 : m[rng() % m.size()];
  };
  auto subject = [&](std::uint32_t t) -> std::string {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ur;
    for (std::uint32_t r = 2; r <= p.roles.size(); ++r) {
      if (!p.roles[r - 1].types.test(t - 1)) continue;
      for (std::uint32_t u = 1; u <= p.users.size(); ++u)
        if (p.users[u - 1].roles.test(r - 1)) ur.emplace_back(u, r);
    }
    if (ur.empty()) return {};
    const auto [u, r] = ur[rng() % ur.size()];
    const UserDatum& ud = p.users[u - 1];
    const std::string range = mls_range_to_string(p, ud.range);
    return ud.name + ":" + p.roles[r - 1].name + ":" + p.types[t - 1].name + ":" +
           (rng() % 3 == 0 ? range : "s0");
  };
  auto level = [&]() -> std::string {
    const std::size_t ncats = p.categories.size();
    if (ncats < 2) return "s0";
    switch (rng() % 4) {
      case 0:
        return "s0:" + p.categories[rng() % ncats];
      case 1: {
        const std::size_t c = rng() % (ncats - 1);
        return "s0:" + p.categories[c] + "," + p.categories[c + 1 + rng() % (ncats - 1 - c)];
      }
      default:
        return "s0";
    }
  };
  int done = 0;
  bool flipped = false;
  for (int attempt = 0; done < queries && attempt < queries * 20; ++attempt) {
    if (!flipped && done >= queries / 2) {
      flipped = true;
      for (int i = 0; i < 40 && !p.booleans.empty(); ++i) {
        const std::string name = p.booleans[rng() % p.booleans.size()].name;
        if (!cmp.set_boolean(name, !*server.boolean(name))) a.disagree("boolean " + name);
      }
    }
    const AvKey& k = keys[rng() % keys.size()];
    const std::uint32_t st = member(k.source), tt = member(k.target);
    if (st == 0 || tt == 0) continue;
    const std::string sc = subject(st);
    if (sc.empty()) continue;
    std::string tc = rng() % 4 == 0 ? subject(tt) : std::string();
    if (tc.empty()) tc = p.users[0].name + ":object_r:" + p.types[tt - 1].name + ":" + level();
    std::uint32_t ssid = 0, tsid = 0;
    Context s, t;
    const bool sv = cmp.context(sc, a, &ssid, &s);
    const bool tv = cmp.context(tc, a, &tsid, &t);
    if (!sv || !tv) continue;
    cmp.query(sc, ssid, s, tc, tsid, t, p.classes[k.tclass - 1u].name, a, true);
    ++done;
    // Relabel the target to another type and level, the source being the task.
    const std::uint32_t nt = done % 4 == 0 ? member(k.target) : 0;
    if (nt != 0) {
      const std::string nc = p.users[0].name + ":object_r:" + p.types[nt - 1].name + ":" + level();
      std::uint32_t nsid = 0;
      Context n;
      if (cmp.context(nc, a, &nsid, &n))
        cmp.validatetrans(tc, tsid, t, nc, nsid, n, ssid, s, a, p.classes[k.tclass - 1u].name);
    }
  }
  return done;
}

void compare_named(SecurityServer& server, Agreement& a, std::size_t limit) {
  const Policydb sepol = policydb_from_sepol();
  const Policydb& p = server.policy();
  if (p.users.empty()) return;
  std::size_t n = 0;
  for (const auto& [key, otype] : sepol.filename_trans) {
    if (n++ >= limit) break;
    ++a.named;
    const std::string& cls = sepol.classes[key.tclass - 1u].name;
    const std::string u = p.users[0].name + ":object_r:";
    const std::string lvl = p.mls ? ":s0" : "";
    const std::string sc = u + sepol.types[key.source - 1].name + lvl;
    const std::string tc = u + sepol.types[key.target - 1].name + lvl;
    Context s, t, named, other, plain;
    std::string why;
    if (server.context_from_string(sc, s, &why) != 0 ||
        server.context_from_string(tc, t, &why) != 0) {
      a.disagree("named transition: lsmsim refuses " + sc + " or " + tc + ": " + why);
      continue;
    }
    const std::uint16_t c = server.class_value(cls);
    const int r1 = server.compute_create(s, t, c, key.name, named);
    const int r2 = server.compute_create(s, t, c, key.name + "-not-this", other);
    const int r3 = server.compute_create(s, t, c, {}, plain);
    const std::string want = sepol.types[otype - 1].name;
    const std::string where = "type_transition " + sepol.types[key.source - 1].name + " " +
                              sepol.types[key.target - 1].name + ":" + cls + " " + want + " \"" +
                              key.name + "\"";
    if (r1 != 0 || p.types[named.type - 1].name != want)
      a.disagree(where + ": lsmsim gives " +
                 (r1 != 0 ? "<refused>" : server.context_to_string(named)));
    else if ((r2 == 0) != (r3 == 0) || (r2 == 0 && !(other == plain)))
      a.disagree(where + ": another name does not give the unnamed label");
  }
}

namespace {

template <typename Vec>
std::set<std::string> bit_names(const Ebitmap& e, const Vec& names) {
  std::set<std::string> out;
  e.for_each([&](std::uint32_t b) {
    if (b < names.size()) out.insert(names[b].name);
  });
  return out;
}

}  // namespace

std::string policydb_differences(const Policydb& parsed, const Policydb& binary) {
  std::string out;
  auto note = [&](const std::string& what) {
    if (out.size() < 2000) out += "\n    " + what;
  };
  for (const RoleDatum& r : binary.roles) {
    const auto it = parsed.role_values.find(r.name);
    if (it == parsed.role_values.end()) {
      note("role " + r.name + " missing");
      continue;
    }
    const RoleDatum& q = parsed.roles[it->second - 1];
    if (bit_names(q.dominates, parsed.roles) != bit_names(r.dominates, binary.roles))
      note("role " + r.name + ": dominates " + names_text(bit_names(q.dominates, parsed.roles)) +
           " parsed, " + names_text(bit_names(r.dominates, binary.roles)) + " in the binary");
    if (bit_names(q.types, parsed.types) != bit_names(r.types, binary.types))
      note("role " + r.name + ": types differ");
  }
  for (const UserDatum& u : binary.users) {
    const auto it = parsed.user_values.find(u.name);
    if (it == parsed.user_values.end()) {
      note("user " + u.name + " missing");
      continue;
    }
    const UserDatum& q = parsed.users[it->second - 1];
    if (bit_names(q.roles, parsed.roles) != bit_names(u.roles, binary.roles))
      note("user " + u.name + ": roles differ");
    if (mls_range_to_string(parsed, q.range) != mls_range_to_string(binary, u.range))
      note("user " + u.name + ": range " + mls_range_to_string(parsed, q.range) + " parsed, " +
           mls_range_to_string(binary, u.range) + " in the binary");
  }
  for (const TypeDatum& t : binary.types) {
    const auto it = parsed.type_values.find(t.name);
    if (t.name == "-" || it == parsed.type_values.end()) continue;
    const TypeDatum& q = parsed.types[it->second - 1];
    if (bit_names(q.set, parsed.types) != bit_names(t.set, binary.types))
      note("type " + t.name + ": attribute/member set differs");
    if (q.bounds != 0 && t.bounds != 0 &&
        parsed.types[q.bounds - 1].name != binary.types[t.bounds - 1].name)
      note("type " + t.name + ": bounds differ");
  }
  for (const SecurityClass& c : binary.classes) {
    const SecurityClass* q = parsed.tclass(parsed.class_value(c.name));
    if (q == nullptr) {
      note("class " + c.name + " missing");
      continue;
    }
    if (q->perms != c.perms) note("class " + c.name + ": permissions differ");
    if (q->constraints.size() != c.constraints.size())
      note("class " + c.name + ": " + std::to_string(q->constraints.size()) +
           " constraints parsed, " + std::to_string(c.constraints.size()) + " in the binary");
  }
  return out;
}

std::string report(const Agreement& a) {
  std::string s = std::to_string(a.queries()) + " queries (" + std::to_string(a.contexts) +
                  " contexts, " + std::to_string(a.av) + " access vectors, " +
                  std::to_string(a.create) + " create, " + std::to_string(a.relabel) +
                  " relabel, " + std::to_string(a.member) + " member, " + std::to_string(a.named) +
                  " named transitions, " + std::to_string(a.validatetrans) + " validatetrans), " +
                  std::to_string(a.disagreements) + " disagreements; " +
                  std::to_string(a.nonempty) + " decisions allowed something, " +
                  std::to_string(a.constrained) + " cut by constraints, " + std::to_string(a.rbac) +
                  " by RBAC, " + std::to_string(a.bounded) + " by typebounds; " +
                  std::to_string(a.refused_labels) + " labels refused as invalid";
  for (const auto& f : a.first) s += "\n  " + f;
  return s;
}

std::string checkpolicy_path() {
  return LSMSIM_CHECKPOLICY;
}

std::string compile_policy(const TempDir& dir, const std::string& name, const std::string& text,
                           std::string* error) {
  const std::string conf = dir.path() + "/" + name + ".conf", bin = dir.path() + "/" + name;
  write_text(conf, text);
  std::string out;
  const int rc = run_command(checkpolicy_path() + " -M -c 33 -o " + bin + " " + conf, &out);
  if (rc != 0) {
    if (error) *error = "checkpolicy rc " + std::to_string(rc) + ": " + out;
    return {};
  }
  return bin;
}

void Agreement::add(const Agreement& o) {
  contexts += o.contexts;
  av += o.av;
  create += o.create;
  relabel += o.relabel;
  member += o.member;
  named += o.named;
  validatetrans += o.validatetrans;
  disagreements += o.disagreements;
  nonempty += o.nonempty;
  constrained += o.constrained;
  rbac += o.rbac;
  bounded += o.bounded;
  refused_labels += o.refused_labels;
  for (const auto& f : o.first)
    if (first.size() < 12) first.push_back(f);
}

}  // namespace lsmsim::sepolicy::testing
