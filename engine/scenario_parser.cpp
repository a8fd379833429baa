#include "engine/scenario_parser.h"

#include <cerrno>
#include <filesystem>

#include "engine/include_files.h"
#include "engine/include_fragments.h"
#include "engine/parse_context.h"
#include "engine/policy_file.h"
#include "engine/profile_file.h"
#include "engine/smack_rules_file.h"
#include "engine/substitution.h"
#include "lsms/smack/smack_label.h"
#include "model/errno_name.h"
#include "model/lsm/hooks.h"

namespace lsmsim::engine {

void ParseContext::check_task(const std::string& name, SourcePos pos) const {
  if (tasks.count(name) == 0)
    fail(pos, "unknown task '" + name + "' (tasks created by earlier steps: " + task_list() + ")");
}

std::string ParseContext::task_list() const {
  std::string s;
  for (const auto& [name, p] : tasks) {
    if (!s.empty()) s += ", ";
    s += name;
  }
  return s;
}

void ParseContext::check_template(const std::string& text, SourcePos pos) const {
  std::vector<TemplatePart> parts;
  std::size_t off = 0;
  const std::string err = parse_template(text, parts, off);
  if (!err.empty()) fail(pos, err);
  for (const TemplatePart& p : parts) {
    if (p.kind == TemplatePart::Kind::pid || p.kind == TemplatePart::Kind::ns) {
      check_task(p.text, pos);
    } else if (p.kind == TemplatePart::Kind::var && saved.count(p.text) == 0) {
      std::string names;
      for (const std::string& s : saved) names += (names.empty() ? "" : ", ") + s;
      fail(pos, "unknown value '${" + p.text +
                    "}' (saved by earlier steps: " + (names.empty() ? "none" : names) + ")");
    }
  }
}

namespace {

// A probe: `deny: {hook: ERRNO}`, `allow: [hook]`, `answer: {hook: N}`.
ProbeSpec parse_probe(const YAML::Node& node, SourcePos fallback, std::uint64_t id,
                      const std::set<std::string>& taken) {
  MapView m(node, "a probe", fallback);
  m.only({"name", "deny", "allow", "answer", "exclusive", "order", "attr"});
  ProbeSpec p;
  p.id = id;
  const auto* name = m.find("name");
  if (name == nullptr) fail(m.pos(), "a probe needs a name");
  p.name = scalar(name->value, "the probe's name", name->key_pos);
  if (!is_identifier(p.name))
    fail(pos_of(name->value), "bad probe name '" + p.name + "' (expected letters, digits, _)");
  if (taken.count(p.name) != 0)
    fail(pos_of(name->value), "an LSM named '" + p.name + "' already exists");

  auto hook_of = [](const std::string& s, SourcePos pos) {
    Hook h;
    if (!hook_from_name(s, h))
      fail(pos, "unknown hook '" + s +
                    "' (expected a kernel hook name such as file_open; "
                    "`lsmsim list-hooks` lists them)");
    return h;
  };
  auto set_answer = [&](Hook h, int rc, SourcePos pos) {
    if (p.answers.count(h) != 0)
      fail(pos, "hook '" + std::string(hook_name(h)) + "' is given twice in probe " + p.name);
    p.answers[h] = rc;
  };
  if (const auto* e = m.find("deny")) {
    MapView d(e->value, "the probe's deny list (hook: ERRNO)", e->key_pos);
    for (const auto& de : d.entries()) {
      const Hook h = hook_of(de.key, de.key_pos);
      const std::string err = scalar(de.value, "an errno name", de.key_pos);
      const int n = errno_from_name(err);
      if (n <= 0) fail(pos_of(de.value), "unknown errno name '" + err + "' (expected e.g. EACCES)");
      set_answer(h, -n, de.key_pos);
    }
  }
  if (const auto* e = m.find("allow")) {
    for (const auto& [s, pos] : scalar_list(e->value, "a hook name", e->key_pos))
      set_answer(hook_of(s, pos), 0, pos);
  }
  if (const auto* e = m.find("answer")) {
    MapView d(e->value, "the probe's answers (hook: NUMBER)", e->key_pos);
    for (const auto& de : d.entries())
      set_answer(hook_of(de.key, de.key_pos),
                 static_cast<int>(integer(de.value, "the answer", -4095, 1 << 30, de.key_pos)),
                 de.key_pos);
  }
  if (const auto* e = m.find("exclusive")) p.exclusive = boolean(e->value, "exclusive", e->key_pos);
  if (const auto* e = m.find("order")) {
    const std::string o = scalar(e->value, "the order", e->key_pos);
    if (o == "first")
      p.order = LsmOrder::first;
    else if (o == "mutable")
      p.order = LsmOrder::mutable_order;
    else if (o == "last")
      p.order = LsmOrder::last;
    else
      fail(pos_of(e->value), "unknown order '" + o + "' (expected first, mutable or last)");
  }
  if (const auto* e = m.find("attr")) p.attr_value = scalar(e->value, "a label", e->key_pos);
  return p;
}

BootExpectation parse_boot_expect(const YAML::Node& node, SourcePos fallback) {
  MapView m(node, "the boot expectations", fallback);
  m.only({"lsm_list", "boot_messages", "not_boot_messages"});
  BootExpectation be;
  be.pos = m.pos();
  if (const auto* e = m.find("lsm_list"))
    be.lsm_list = scalar(e->value, "the expected /sys/kernel/security/lsm", e->key_pos);
  if (const auto* e = m.find("boot_messages"))
    for (auto& [s, p] : scalar_list(e->value, "a boot message", e->key_pos))
      be.boot_messages.push_back(s);
  if (const auto* e = m.find("not_boot_messages"))
    for (auto& [s, p] : scalar_list(e->value, "a boot message", e->key_pos))
      be.not_boot_messages.push_back(s);
  return be;
}

// boot `selinux: {policy: FILE, enforcing: BOOL, file_contexts: FILE, label: PATH}`.
SelinuxBoot parse_selinux_boot(const YAML::Node& node, SourcePos fallback,
                               const ParseContext& ctx) {
  MapView m(node, "the SELinux boot settings", fallback);
  m.only({"policy", "enforcing", "file_contexts", "label"});
  SelinuxBoot sb;
  sb.pos = m.pos();
  const auto* pol = m.find("policy");
  if (pol == nullptr)
    fail(m.pos(), "selinux: needs policy: (a policy.conf file, relative to the scenario)");
  const PolicyFile pf = load_policy_file(scalar(pol->value, "a policy.conf path", pol->key_pos),
                                         ctx.base_dir, at(pol->value, pol->key_pos));
  sb.policy_path = pf.path;
  sb.policy_text = pf.text;
  if (const auto* e = m.find("enforcing")) sb.enforcing = boolean(e->value, "enforcing", e->key_pos);
  if (const auto* e = m.find("file_contexts")) {
    sb.file_contexts = resolve_scenario_path(
        scalar(e->value, "a file_contexts path", e->key_pos), ctx.base_dir);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(sb.file_contexts, ec))
      fail(at(e->value, e->key_pos), "file_contexts " + sb.file_contexts + " is not a readable file");
  }
  if (const auto* e = m.find("label")) {
    sb.label_root = scalar(e->value, "the path to label (an absolute path)", e->key_pos);
    if (sb.label_root.empty() || sb.label_root[0] != '/')
      fail(at(e->value, e->key_pos), "label: expects an absolute path, got '" + sb.label_root + "'");
  }
  return sb;
}

// boot `apparmor: {profiles: [FILE, ...], unprivileged_userns_policy: 0|1}`.
ApparmorBoot parse_apparmor_boot(const YAML::Node& node, SourcePos fallback,
                                 const ParseContext& ctx) {
  MapView m(node, "the AppArmor boot settings", fallback);
  m.only({"profiles", "unprivileged_userns_policy"});
  ApparmorBoot ab;
  ab.pos = m.pos();
  if (const auto* e = m.find("profiles")) {
    for (auto& [name, p] : scalar_list(e->value, "a file of AppArmor profiles", e->key_pos)) {
      const ProfileFile pf = load_profile_file(name, ctx.base_dir, p);
      ab.profile_paths.push_back(pf.path);
      ab.profile_texts.push_back(pf.text);
    }
  }
  if (const auto* e = m.find("unprivileged_userns_policy"))
    ab.unprivileged_userns_policy = static_cast<int>(
        integer(e->value, "unprivileged_userns_policy (0 or 1)", 0, 1, e->key_pos));
  return ab;
}

// boot `smack: {rules: FILE, onlycap: [LABEL, ...]}`.
SmackBoot parse_smack_boot(const YAML::Node& node, SourcePos fallback, const ParseContext& ctx) {
  MapView m(node, "the Smack boot settings", fallback);
  m.only({"rules", "onlycap"});
  SmackBoot sb;
  sb.pos = m.pos();
  if (const auto* e = m.find("rules")) {
    SmackRulesFile f = load_smack_rules_file(
        scalar(e->value, "a Smack rule file (/etc/smack/accesses form)", e->key_pos), ctx.base_dir,
        at(e->value, e->key_pos));
    sb.rules_path = f.path;
    sb.rules = std::move(f.rules);
  }
  if (const auto* e = m.find("onlycap")) {
    std::vector<std::string> labels;
    for (auto& [l, p] : scalar_list(e->value, "a Smack label", e->key_pos)) {
      std::string parsed;
      if (!smk_parse_smack(l, parsed) || parsed != l) fail(p, "'" + l + "' is not a Smack label");
      labels.push_back(l);
    }
    sb.onlycap = std::move(labels);
  }
  return sb;
}

// boot `audit: {boot: on|off, userns_daemons: true|false}`.
AuditBootSettings parse_audit_boot(const YAML::Node& node, SourcePos fallback) {
  MapView m(node, "the audit boot settings", fallback);
  m.only({"boot", "userns_daemons"});
  AuditBootSettings ab;
  ab.pos = m.pos();
  if (const auto* e = m.find("boot")) {
    const std::string v = scalar(e->value, "audit= (on or off)", e->key_pos);
    if (v == "on" || v == "1" || v == "true")
      ab.boot = true;
    else if (v == "off" || v == "0" || v == "false")
      ab.boot = false;
    else
      fail(at(e->value, e->key_pos), "expected audit= on or off, got '" + v + "'");
  }
  if (const auto* e = m.find("userns_daemons"))
    ab.userns_daemons = boolean(e->value, "userns_daemons", e->key_pos);
  return ab;
}

}  // namespace

const std::vector<std::string_view>& scenario_keys() {
  static const std::vector<std::string_view> keys = {"name", "description", "include", "fragments",
                                                     "boot", "matrix",      "steps"};
  return keys;
}

const std::vector<std::string_view>& included_file_keys() {
  static const std::vector<std::string_view> keys = {"description", "include", "fragments", "boot",
                                                     "steps"};
  return keys;
}

const std::vector<std::string_view>& boot_keys() {
  static const std::vector<std::string_view> keys = {
      "lsm",     "security", "config_lsm", "stacking", "interface_lsm", "enabled", "dispatch",
      "hostname", "probes",  "selinux",    "apparmor", "smack",         "audit",   "expect"};
  return keys;
}

namespace {

// The merged boot section: find() by key; each value is parsed with the paths and source text
// of the file it is written in, and its errors are located there.
class BootView {
 public:
  BootView(const std::vector<BootEntry>& entries, ParseContext& ctx) : entries_(entries), ctx_(ctx) {}
  const MapView::Entry* find(std::string_view key) {
    for (const BootEntry& b : entries_)
      if (b.entry.key == key) {
        current_ = &b;
        return &b.entry;
      }
    return nullptr;
  }
  // Runs f with the context of the entry last found.
  template <class F>
  void with(F&& f) {
    const std::string dir = ctx_.base_dir;
    const std::string_view src = ctx_.source;
    if (current_ != nullptr && current_->file != nullptr) {
      ctx_.base_dir = current_->file->dir;
      ctx_.source = current_->file->text;
    }
    try {
      if (current_ != nullptr && current_->file != nullptr)
        in_file(*current_->file, f);
      else
        f();
    } catch (...) {
      ctx_.base_dir = dir;
      ctx_.source = src;
      throw;
    }
    ctx_.base_dir = dir;
    ctx_.source = src;
  }

 private:
  const std::vector<BootEntry>& entries_;
  ParseContext& ctx_;
  const BootEntry* current_ = nullptr;
};

}  // namespace

void parse_boot(const std::vector<BootEntry>& entries, SourcePos fallback, Scenario& sc,
                ParseContext& ctx) {
  BootView m(entries, ctx);
  sc.boot_pos = fallback;

  KernelConfig& c = sc.config;
  c.catalog = builtin_lsm_catalog();
  for (const LsmDescriptor& d : c.catalog) ctx.lsm_names.insert(d.name);

  // Probes first: lsm=, security= and enabled: may name them.
  if (const auto* e = m.find("probes")) m.with([&] {
    if (!e->value.IsSequence())
      fail(pos_of(e->value).line ? pos_of(e->value) : e->key_pos,
           "expected the probes (a list of probe mappings), got " + kind_of(e->value));
    std::uint64_t id = 1000;
    for (const YAML::Node& pn : e->value) {
      ProbeSpec p = parse_probe(pn, e->key_pos, id++, ctx.lsm_names);
      ctx.lsm_names.insert(p.name);
      sc.probes.push_back(std::move(p));
    }
  });
  for (const ProbeSpec& p : sc.probes) c.catalog.push_back(make_probe_descriptor(p));

  // Unknown names in lsm= are legal: the kernel ignores them and says so at boot.
  if (const auto* e = m.find("lsm")) m.with([&] {
    c.lsm.lsm = scalar(e->value, "the lsm= list (comma-separated names)", e->key_pos);
    sc.boot_summary += "lsm=" + *c.lsm.lsm;
  });
  if (const auto* e = m.find("security")) m.with([&] {
    c.lsm.security = scalar(e->value, "the security= name", e->key_pos);
    sc.boot_summary += (sc.boot_summary.empty() ? "" : " ") + ("security=" + *c.lsm.security);
  });
  if (const auto* e = m.find("config_lsm")) m.with([&] {
    c.lsm.config_lsm = scalar(e->value, "CONFIG_LSM (comma-separated names)", e->key_pos);
    sc.boot_summary += (sc.boot_summary.empty() ? "" : " ") + ("CONFIG_LSM=" + c.lsm.config_lsm);
  });
  if (m.find("config_lsm") == nullptr) {
    // Probes are "built in": list them at the end of CONFIG_LSM so that a kernel booted
    // without lsm= activates them, as a distribution kernel would its configured LSMs.
    for (const ProbeSpec& p : sc.probes) c.lsm.config_lsm += "," + p.name;
  }
  if (const auto* e = m.find("stacking")) m.with([&] {
    c.lsm.stacking = boolean(e->value, "stacking", e->key_pos);
    if (c.lsm.stacking)
      sc.boot_summary += (sc.boot_summary.empty() ? "" : " ") + std::string("stacking");
  });
  if (const auto* e = m.find("interface_lsm")) m.with([&] {
    c.lsm.interface_lsm = boolean(e->value, "interface_lsm", e->key_pos);
    sc.boot_summary += (sc.boot_summary.empty() ? "" : " ") +
                       std::string(*c.lsm.interface_lsm ? "interface_lsm" : "no-interface_lsm");
  });
  if (const auto* e = m.find("enabled")) m.with([&] {
    MapView en(e->value, "the enabled switches (lsm: true|false)", e->key_pos);
    for (const auto& ee : en.entries()) {
      if (ctx.lsm_names.count(ee.key) == 0) {
        std::string names;
        for (const auto& n : ctx.lsm_names) names += (names.empty() ? "" : ", ") + n;
        fail(ee.key_pos, "unknown LSM '" + ee.key + "' (built into this kernel: " + names + ")");
      }
      c.lsm.enabled[ee.key] = boolean(ee.value, "an enable switch", ee.key_pos);
      sc.boot_summary +=
          (sc.boot_summary.empty() ? "" : " ") + ee.key + "=" + (c.lsm.enabled[ee.key] ? "1" : "0");
    }
  });
  if (const auto* e = m.find("dispatch")) m.with([&] {
    const std::string s = scalar(e->value, "the dispatch strategy", e->key_pos);
    const auto d = dispatch_strategy_from_name(s);
    if (!d)
      fail(pos_of(e->value),
           "unknown dispatch strategy '" + s + "' (expected hook_list or slot_table)");
    c.dispatch = *d;
  });
  if (const auto* e = m.find("hostname"))
    m.with([&] { c.hostname = scalar(e->value, "a hostname", e->key_pos); });
  if (const auto* e = m.find("selinux"))
    m.with([&] { sc.selinux = parse_selinux_boot(e->value, e->key_pos, ctx); });
  if (const auto* e = m.find("apparmor"))
    m.with([&] { sc.apparmor = parse_apparmor_boot(e->value, e->key_pos, ctx); });
  if (const auto* e = m.find("smack"))
    m.with([&] { sc.smack = parse_smack_boot(e->value, e->key_pos, ctx); });
  if (const auto* e = m.find("audit")) m.with([&] {
    sc.audit = parse_audit_boot(e->value, e->key_pos);
    if (sc.audit->boot)
      sc.boot_summary += (sc.boot_summary.empty() ? "" : " ") +
                         std::string(*sc.audit->boot ? "audit=1" : "audit=0");
  });
  if (const auto* e = m.find("expect"))
    m.with([&] { sc.boot_expect = parse_boot_expect(e->value, e->key_pos); });
}

namespace {

// Everything the scenario and its included files contribute, in reading order.
struct Collected {
  std::vector<BootEntry> boot;
  struct StepList {
    YAML::Node steps;
    SourcePos pos;
    const SourceFile* file;
  };
  std::vector<StepList> steps;
  FragmentTable fragments;
  std::optional<MapView::Entry> matrix;
};

// Reads `f`: its includes first (depth first, each file once), then its fragments, boot keys
// and steps.
void collect(IncludeSet& inc, const SourceFile& f, Collected& col) {
  in_file(f, [&] {
    MapView top(f.root, f.top ? "the scenario" : "an included file", {1, 1});
    top.only(f.top ? scenario_keys() : included_file_keys());
    if (const auto* e = top.find("include")) {
      for (auto& [name, p] :
           scalar_list(e->value, "a file to include (relative to this file)", e->key_pos)) {
        SourceFile* g = inc.open(f, name, p);
        if (g == nullptr) continue;
        collect(inc, *g, col);
        inc.close(*g);
      }
    }
    if (const auto* e = top.find("fragments"))
      collect_fragments(e->value, e->key_pos, f, col.fragments);
    if (const auto* e = top.find("boot")) {
      MapView b(e->value, "the boot section", e->key_pos);
      b.only(boot_keys());
      for (const auto& be : b.entries()) {
        for (const BootEntry& prev : col.boot)
          if (prev.entry.key == be.key)
            fail(be.key_pos, "boot key '" + be.key + "' is already given at " +
                                 where(*prev.file, prev.entry.key_pos) +
                                 " (each boot key is given once across included files)");
        col.boot.push_back(BootEntry{be, &f});
      }
    }
    if (const auto* e = top.find("matrix")) col.matrix = *e;
    if (const auto* e = top.find("steps"))
      col.steps.push_back(Collected::StepList{e->value, e->key_pos, &f});
    else if (f.top)
      fail(top.pos(), "the scenario needs steps: (a list of steps)");
  });
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& base_dir,
                        const std::string& file) {
  try {
    IncludeSet inc(file.empty() ? std::string("<scenario>") : file, base_dir, text);
    SourceFile& top = inc.top();
    Scenario sc;
    ParseContext ctx;
    ctx.base_dir = base_dir;
    ctx.source = top.text;
    ctx.tasks["init"] = {};
    SourcePos boot_pos{1, 1};
    in_file(top, [&] {
      MapView m(top.root, "the scenario", {1, 1});
      const auto* name = m.find("name");
      if (name == nullptr) fail(m.pos(), "the scenario needs a name: (a one-line title)");
      sc.name = scalar(name->value, "the scenario's name (a string)", name->key_pos);
      if (const auto* d = m.find("description"))
        sc.description = scalar(d->value, "the description (a string)", d->key_pos);
      const auto* b = m.find("boot");
      boot_pos = b != nullptr ? at(b->value, b->key_pos) : m.pos();
    });
    Collected col;
    collect(inc, top, col);
    sc.included_files = inc.paths();
    parse_boot(col.boot, boot_pos, sc, ctx);
    if (col.matrix)
      in_file(top, [&] { parse_matrix(col.matrix->value, col.matrix->key_pos, col.boot, sc, ctx); });
    std::vector<std::string> use_stack;
    for (const Collected::StepList& l : col.steps)
      parse_step_list(l.steps, l.pos, *l.file, col.fragments, ctx, sc.steps, use_stack);
    return sc;
  } catch (const YAML::Exception& e) {
    // Defensive: yaml-cpp throws on misuse; report it at its position rather than crash.
    fail({e.mark.is_null() ? 1 : e.mark.line + 1, e.mark.is_null() ? 1 : e.mark.column + 1},
         "malformed YAML: " + e.msg);
  }
}

}  // namespace lsmsim::engine
