// Steps: `as`, one operation with its arguments, and what to expect.
#include <regex>

#include "engine/ops.h"
#include "engine/parse_context.h"
#include "engine/policy_file.h"
#include "engine/profile_file.h"
#include "engine/substitution.h"
#include "model/errno_name.h"
#include "model/lsm/hooks.h"
#include "model/types.h"

namespace lsmsim::engine {

const std::vector<std::string_view>& step_keys() {
  static const std::vector<std::string_view> keys = {"as",      "expect", "expect_cells", "save",
                                                     "ns_name", "note"};
  return keys;
}

const std::vector<std::string_view>& expectation_keys() {
  static const std::vector<std::string_view> keys = {
      "ok",     "error",   "returns", "denied_by", "hook",   "ns_level", "reason",
      "equals", "contains", "not_contains", "matches", "called", "not_called", "size",
      "entries", "ids",    "audit",   "labels"};
  return keys;
}

namespace {


bool is_list_type(ArgType t) {
  return t == ArgType::flags || t == ArgType::ids || t == ArgType::texts || t == ArgType::caps;
}

std::string arg_names(const OpSpec& op) {
  std::string s;
  for (const ArgSpec& a : op.args) s += (s.empty() ? "" : ", ") + std::string(a.name);
  return s.empty() ? "no arguments" : s;
}

// A number from a symbol table entry, a plain number, or (deferred) a ${...} reference.
unsigned long symbol_value(const SymbolTable& t, const std::string& s, SourcePos pos) {
  if (auto v = t.lookup(s)) return *v;
  if (auto n = parse_integer(s); n && *n >= 0) return static_cast<unsigned long>(*n);
  fail(pos, "unknown " + std::string(t.what) + " '" + s + "' (expected one of: " + t.spellings() +
                ", or a number)");
}

// An LSM named by LSM_ID_*, by number, or by its name in this kernel (resolved at run time).
void check_lsm(const std::string& s, SourcePos pos, const ParseContext& ctx) {
  if (lsm_ids().lookup(s) || parse_integer(s).value_or(-1) >= 0 || ctx.lsm_names.count(s) != 0)
    return;
  std::string names;
  for (const auto& l : ctx.lsm_names) names += (names.empty() ? "" : ", ") + l;
  fail(pos,
       "unknown LSM '" + s + "' (expected an LSM_ID_* name, a number or one of: " + names + ")");
}

ArgValue parse_arg(const ArgSpec& spec, const YAML::Node& n, SourcePos fallback,
                   const ParseContext& ctx) {
  ArgValue v;
  v.type = spec.type;
  v.pos = at(n, fallback);
  const std::string what = "'" + std::string(spec.name) + "'";
  switch (spec.type) {
    case ArgType::integer: {
      const std::string s = scalar(n, what + " (a number)", fallback);
      if (has_references(s)) {
        ctx.check_template(s, v.pos);
        v.text = s;
        v.deferred = true;
      } else {
        v.number = integer(n, what, INT32_MIN, UINT32_MAX, fallback);
      }
      break;
    }
    case ArgType::id:
      v.number = integer(n, what + " (an id, -1 for unchanged)", -1, UINT32_MAX, fallback);
      break;
    case ArgType::text:
      v.text = scalar(n, what + " (a string)", fallback);
      ctx.check_template(v.text, v.pos);
      break;
    case ArgType::task: {
      const std::string s = scalar(n, what + " (a task name or a pid)", fallback);
      if (auto num = parse_integer(s)) {
        if (*num < INT32_MIN || *num > INT32_MAX) fail(v.pos, what + " " + s + " is not a pid");
        v.number = *num;
      } else if (is_identifier(s)) {
        ctx.check_task(s, v.pos);
        v.text = s;
        v.deferred = true;
      } else if (has_references(s)) {
        ctx.check_template(s, v.pos);
        v.text = s;
        v.deferred = true;
      } else {
        fail(v.pos, "expected " + what + " (a task name or a pid), got '" + s + "'");
      }
      break;
    }
    case ArgType::fd: {
      const std::string s = scalar(n, what + " (a descriptor number or a saved name)", fallback);
      if (auto num = parse_integer(s); num && *num >= 0 && *num <= INT32_MAX) {
        v.number = *num;
      } else if (is_identifier(s)) {
        if (ctx.saved.count(s) == 0)
          fail(v.pos, "unknown descriptor '" + s +
                          "' (expected a number or a name saved by an earlier step's save:)");
        v.text = s;
        v.deferred = true;
      } else {
        fail(v.pos, "expected " + what + " (a descriptor number or a saved name), got '" + s +
                        "'");
      }
      break;
    }
    case ArgType::mode: {
      std::string s = scalar(n, what + " (octal permission bits such as 0755)", fallback);
      std::string digits = s.rfind("0o", 0) == 0 ? s.substr(2) : s;
      if (digits.empty() || digits.size() > 6 ||
          digits.find_first_not_of("01234567") != std::string::npos)
        fail(v.pos, "expected " + what + " (octal permission bits such as 0755), got '" + s + "'");
      v.number = std::stoll(digits, nullptr, 8);
      if (v.number > 07777) fail(v.pos, what + " " + s + " is out of range (0 to 07777)");
      break;
    }
    case ArgType::flags: {
      const SymbolTable& t = spec.table();
      unsigned long bits = 0;
      if (n.IsScalar()) {
        const std::string s = n.Scalar();
        std::size_t start = 0;
        while (true) {
          const std::size_t bar = s.find('|', start);
          std::string item = s.substr(start, bar == std::string::npos ? bar : bar - start);
          while (!item.empty() && item.front() == ' ') item.erase(0, 1);
          while (!item.empty() && item.back() == ' ') item.pop_back();
          bits |= symbol_value(t, item, v.pos);
          if (bar == std::string::npos) break;
          start = bar + 1;
        }
      } else {
        for (const auto& [s, p] : scalar_list(n, what + " (" + std::string(t.what) + "s)", fallback))
          bits |= symbol_value(t, s, p);
      }
      v.number = static_cast<long long>(bits);
      break;
    }
    case ArgType::choice: {
      const SymbolTable& t = spec.table();
      v.number = static_cast<long long>(
          symbol_value(t, scalar(n, what + " (a " + std::string(t.what) + ")", fallback), v.pos));
      break;
    }
    case ArgType::caps: {
      if (n.IsScalar() && (n.Scalar() == "all" || n.Scalar() == "none" || n.Scalar().empty())) {
        v.caps = n.Scalar() == "all" ? CapSet::full() : CapSet{};
        break;
      }
      for (const auto& [s, p] : scalar_list(n, what + " (capability names)", fallback)) {
        const auto cap = capability_from_name(s);
        if (!cap)
          fail(p, "unknown capability '" + s +
                      "' (expected a name such as cap_sys_admin, or all / none)");
        v.caps.raise(*cap);
      }
      break;
    }
    case ArgType::ids: {
      if (!n.IsSequence())
        fail(v.pos, "expected " + what + " (a list of ids), got " + kind_of(n));
      for (const YAML::Node& item : n)
        v.numbers.push_back(integer(item, "an id", 0, UINT32_MAX, v.pos));
      break;
    }
    case ArgType::texts: {
      for (const auto& [s, p] : scalar_list(n, what + " (strings)", fallback)) {
        ctx.check_template(s, p);
        v.texts.push_back(s);
        v.text_pos.push_back(p);
      }
      break;
    }
    case ArgType::user_size: {
      // YAML reads a bare NULL (or ~, null) as a null node: the NULL pointer.
      const std::string s = n.IsNull() ? "NULL" : scalar(n, what + " (a number or NULL)", fallback);
      if (s == "NULL") {
        v.text = s;
      } else {
        v.number = integer(n, what + " (a number or NULL)", 0, UINT32_MAX, fallback);
      }
      break;
    }
    case ArgType::policy_file: {
      const PolicyFile pf =
          load_policy_file(scalar(n, what + " (a policy.conf path)", fallback), ctx.base_dir, v.pos);
      v.texts = {pf.path};
      v.text = pf.text;
      break;
    }
    case ArgType::boolean:
      v.number = boolean(n, what, fallback) ? 1 : 0;
      break;
    case ArgType::profile_file: {
      const ProfileFile pf = load_profile_file(
          scalar(n, what + " (a file of AppArmor profiles)", fallback), ctx.base_dir, v.pos);
      v.texts = {pf.path};
      v.text = pf.text;
      break;
    }
    case ArgType::lsm:
      v.text = scalar(n, what + " (an LSM: a name, an LSM_ID_* or a number)", fallback);
      check_lsm(v.text, v.pos, ctx);
      break;
    case ArgType::prctl_arg: {
      const std::string s = scalar(n, what + " (a number, a PR_* name or a capability)", fallback);
      if (auto num = parse_integer(s)) {
        v.number = *num;
      } else if (auto pr = prctl_options().lookup(s)) {
        v.number = static_cast<long long>(*pr);
      } else if (auto cap = capability_from_name(s)) {
        v.number = *cap;
      } else {
        fail(v.pos, "expected " + what + " (a number, a PR_* name or a capability), got '" + s +
                        "'");
      }
      break;
    }
  }
  return v;
}

// expect `audit: {daemon, count, records: [{type, fields}], not_records: [...]}`: checked as
// an audit_records step would check its filter (the same record types, fields and daemons).
AuditExpectation parse_audit_expect(const YAML::Node& n, SourcePos fallback,
                                    const ParseContext& ctx) {
  MapView m(n, "the audit expectations", fallback);
  m.only({"daemon", "count", "records", "not_records"});
  AuditExpectation ae;
  ae.pos = m.pos();
  Step probe;  // an audit_records step with the same filter, for its parse-time checks
  probe.op = "audit_records";
  probe.op_pos = ae.pos;
  if (const auto* e = m.find("daemon")) {
    ae.daemon = scalar(e->value, "an audit daemon name", e->key_pos);
    ArgValue d;
    d.type = ArgType::text;
    d.text = ae.daemon;
    d.pos = at(e->value, e->key_pos);
    probe.args["daemon"] = d;
  }
  check_audit_records_filter(probe, ctx);
  if (const auto* e = m.find("count"))
    ae.count = integer(e->value, "count (records the step produced)", 0, INT32_MAX, e->key_pos);
  auto patterns = [&](const MapView::Entry& e, std::vector<AuditRecordPattern>& out) {
    if (!e.value.IsSequence())
      fail(at(e.value, e.key_pos), "expected " + e.key + ": a list of {type, fields}, got " +
                                       kind_of(e.value));
    for (const YAML::Node& item : e.value) {
      AuditRecordPattern pat;
      pat.pos = at(item, e.key_pos);
      MapView pm(item, "an audit record pattern ({type: AVC, fields: [NAME=VALUE, ...]})",
                 pat.pos);
      pm.only({"type", "fields"});
      Step st = probe;
      if (const auto* t = pm.find("type")) {
        pat.type = parse_arg(ArgSpec{"type", ArgType::text}, t->value, t->key_pos, ctx);
        st.args["type"] = *pat.type;
      }
      pat.fields.type = ArgType::texts;
      if (const auto* f = pm.find("fields")) {
        pat.fields = parse_arg(ArgSpec{"fields", ArgType::texts}, f->value, f->key_pos, ctx);
        st.args["fields"] = pat.fields;
      }
      if (!pat.type && pat.fields.texts.empty())
        fail(pat.pos, "an audit record pattern needs type: or fields:");
      check_audit_records_filter(st, ctx);
      out.push_back(std::move(pat));
    }
  };
  if (const auto* e = m.find("records")) patterns(*e, ae.records);
  if (const auto* e = m.find("not_records")) patterns(*e, ae.absent);
  if (!ae.count && ae.records.empty() && ae.absent.empty())
    fail(ae.pos, "an audit expectation needs count:, records: or not_records:");
  return ae;
}

// expect `labels: {viewer: TASK, lsm: LSM, of: {TASK: LABEL | invisible | {error: ERRNO}}}`.
// Task names are checked after the step's own definitions (parse_step), so a fork's child
// can be named.
LabelsExpectation parse_labels_expect(const YAML::Node& n, SourcePos fallback,
                                      const ParseContext& ctx) {
  MapView m(n, "the label expectations", fallback);
  m.only({"viewer", "lsm", "of"});
  LabelsExpectation le;
  le.pos = m.pos();
  if (const auto* e = m.find("viewer")) {
    le.viewer = scalar(e->value, "the viewing task", e->key_pos);
    ctx.check_task(le.viewer, at(e->value, e->key_pos));
  }
  if (const auto* e = m.find("lsm")) {
    le.lsm = scalar(e->value, "an LSM (its /proc/PID/attr/LSM/ directory)", e->key_pos);
    if (ctx.lsm_names.count(le.lsm) == 0 || !is_identifier(le.lsm)) {
      std::string names;
      for (const auto& l : ctx.lsm_names) names += (names.empty() ? "" : ", ") + l;
      fail(at(e->value, e->key_pos), "unknown LSM '" + le.lsm + "' (expected one of: " + names + ")");
    }
  }
  const auto* of = m.find("of");
  if (of == nullptr) fail(le.pos, "labels: needs of: {TASK: LABEL, ...}");
  MapView om(of->value, "the labels (TASK: LABEL, invisible or {error: ERRNO})", of->key_pos);
  if (om.entries().empty()) fail(om.pos(), "labels: of: names no task");
  for (const auto& e : om.entries()) {
    LabelExpectation l;
    l.pos = e.key_pos;
    l.task = e.key;
    if (e.value.IsNull() || (e.value.IsScalar() && e.value.Scalar() == "invisible" &&
                             e.value.Tag() != "!")) {
      l.kind = LabelExpectation::Kind::invisible;
    } else if (e.value.IsMap()) {
      MapView em(e.value, "an expected failed read", e.key_pos);
      em.only({"error"});
      const auto* er = em.find("error");
      if (er == nullptr) fail(em.pos(), "expected {error: ERRNO}");
      const std::string name = scalar(er->value, "an errno name", er->key_pos);
      l.error = errno_from_name(name);
      if (l.error <= 0) fail(at(er->value, er->key_pos), "unknown errno name '" + name + "'");
      l.kind = LabelExpectation::Kind::error;
    } else {
      l.label = scalar(e.value, "a label (a string), invisible or {error: ERRNO}", e.key_pos);
      ctx.check_template(l.label, at(e.value, e.key_pos));
    }
    le.of.push_back(std::move(l));
  }
  return le;
}

Expectation parse_expect(const YAML::Node& n, SourcePos fallback, const ParseContext& ctx) {
  Expectation ex;
  ex.pos = at(n, fallback);
  auto errno_of = [](const std::string& s, SourcePos p) {
    const int e = errno_from_name(s);
    if (e <= 0)
      fail(p, "unknown errno name '" + s + "' (expected a name such as EPERM, EACCES, ENOENT)");
    return e;
  };
  if (n.IsScalar()) {  // `expect: ok` or `expect: EPERM`
    if (n.Scalar() == "ok")
      ex.ok = true;
    else
      ex.error = errno_of(n.Scalar(), ex.pos);
    return ex;
  }
  MapView m(n, "the expectations", fallback);
  m.only(expectation_keys());
  auto text = [&](const MapView::Entry& e, const char* what) {
    std::string s = scalar(e.value, what, e.key_pos);
    ctx.check_template(s, at(e.value, e.key_pos));
    return s;
  };
  auto lsm_or_source = [&](const std::string& s, SourcePos p, bool allow_dac) {
    if (ctx.lsm_names.count(s) != 0) return;
    if (allow_dac && (s == "dac" || s == "kernel")) return;
    std::string names;
    for (const auto& l : ctx.lsm_names) names += (names.empty() ? "" : ", ") + l;
    fail(p, "unknown LSM '" + s + "' (expected " + (allow_dac ? "dac, kernel or " : "") +
                "one of the kernel's LSMs: " + names + ")");
  };
  for (const auto& e : m.entries()) {
    const SourcePos vp = at(e.value, e.key_pos);
    if (e.key == "ok") {
      ex.ok = boolean(e.value, "ok", e.key_pos);
    } else if (e.key == "error") {
      ex.error = errno_of(scalar(e.value, "an errno name", e.key_pos), vp);
    } else if (e.key == "returns") {
      ArgSpec spec{"returns", ArgType::task};
      ex.returns = parse_arg(spec, e.value, e.key_pos, ctx);
    } else if (e.key == "denied_by") {
      ex.denied_by = scalar(e.value, "who denied (dac, capability, kernel or an LSM)", e.key_pos);
      lsm_or_source(*ex.denied_by, vp, true);
    } else if (e.key == "hook") {
      ex.hook = scalar(e.value, "a hook name", e.key_pos);
      Hook h;
      if (!hook_from_name(*ex.hook, h))
        fail(vp, "unknown hook '" + *ex.hook + "' (`lsmsim list-hooks` lists them)");
    } else if (e.key == "ns_level") {
      ex.ns_level = text(e, "a namespace level");
    } else if (e.key == "reason") {
      ex.reason = text(e, "part of the denial's reason");
    } else if (e.key == "equals") {
      ex.equals = text(e, "the expected data (a string)");
    } else if (e.key == "contains" || e.key == "not_contains") {
      auto& list = e.key == "contains" ? ex.contains : ex.not_contains;
      for (auto& [s, p] : scalar_list(e.value, "a string", e.key_pos)) {
        ctx.check_template(s, p);
        list.push_back(s);
      }
    } else if (e.key == "matches") {
      ex.matches = scalar(e.value, "a regular expression", e.key_pos);
      try {
        ex.matches_re = std::make_shared<const std::regex>(*ex.matches, std::regex::ECMAScript);
      } catch (const std::regex_error& re) {
        fail(vp, "bad regular expression '" + *ex.matches + "': " + re.what());
      }
    } else if (e.key == "size") {
      ex.size = integer(e.value, "size (the value of *size after the call)", 0, UINT32_MAX,
                        e.key_pos);
    } else if (e.key == "entries") {
      if (!e.value.IsSequence())
        fail(vp, "expected entries: a list of {id, ctx, ctx_len, len, flags}, got " +
                     kind_of(e.value));
      ex.entries.emplace();
      for (const YAML::Node& item : e.value) {
        EntryExpectation ee;
        ee.pos = at(item, vp);
        MapView em(item, "an entry", ee.pos);
        em.only({"id", "ctx", "ctx_len", "len", "flags"});
        for (const auto& f : em.entries()) {
          if (f.key == "id") {
            ee.id = parse_arg(ArgSpec{"id", ArgType::lsm}, f.value, f.key_pos, ctx);
          } else if (f.key == "ctx") {
            ee.ctx = scalar(f.value, "the context (a string)", f.key_pos);
          } else {
            const long long num = integer(f.value, f.key, 0, INT64_MAX, f.key_pos);
            (f.key == "ctx_len" ? ee.ctx_len : f.key == "len" ? ee.len : ee.flags) = num;
          }
        }
        ex.entries->push_back(std::move(ee));
      }
    } else if (e.key == "ids") {
      ex.ids.emplace();
      for (const auto& [s, p] : scalar_list(e.value, "an LSM", e.key_pos)) {
        YAML::Node one(s);
        ArgValue a = parse_arg(ArgSpec{"ids", ArgType::lsm}, one, p, ctx);
        a.pos = p;
        ex.ids->push_back(std::move(a));
      }
    } else if (e.key == "audit") {
      ex.audit = parse_audit_expect(e.value, e.key_pos, ctx);
    } else if (e.key == "labels") {
      ex.labels = parse_labels_expect(e.value, e.key_pos, ctx);
    } else if (e.key == "called" || e.key == "not_called") {
      auto& list = e.key == "called" ? ex.called : ex.not_called;
      for (auto& [s, p] : scalar_list(e.value, "LSM or LSM:hook", e.key_pos)) {
        const std::size_t colon = s.find(':');
        lsm_or_source(s.substr(0, colon), p, false);
        if (colon != std::string::npos) {
          Hook h;
          if (!hook_from_name(s.substr(colon + 1), h))
            fail(p, "unknown hook '" + s.substr(colon + 1) + "' in '" + s +
                        "' (`lsmsim list-hooks` lists them)");
        }
        list.push_back(s);
      }
    }
  }
  if (ex.ok == true && (ex.error || ex.denied_by))
    fail(ex.pos, "contradictory expectations: ok: true with an error or denied_by");
  if (ex.returns && (ex.error || ex.ok == false))
    fail(ex.pos, "contradictory expectations: returns with an error");
  return ex;
}

}  // namespace

Step parse_step(const YAML::Node& node, int index, SourcePos fallback, ParseContext& ctx) {
  MapView m(node, "step " + std::to_string(index), fallback);
  Step st;
  st.pos = m.pos();
  st.index = index;

  // Find the operation: exactly one key naming one.
  const OpSpec* op = nullptr;
  const MapView::Entry* op_entry = nullptr;
  std::vector<const MapView::Entry*> extras;
  for (const auto& e : m.entries()) {
    bool reserved = false;
    for (auto k : step_keys()) reserved = reserved || k == e.key;
    if (reserved) continue;
    if (const OpSpec* o = find_op(e.key)) {
      if (op != nullptr)
        fail(e.key_pos, "a step runs one operation, but step " + std::to_string(index) +
                            " has both '" + std::string(op->name) + "' and '" + e.key + "'");
      op = o;
      op_entry = &e;
    } else {
      extras.push_back(&e);
    }
  }
  if (op == nullptr) {
    if (!extras.empty() && (find_op(extras.front()->key) == nullptr))
      fail(extras.front()->key_pos, "unknown operation '" + extras.front()->key +
                                        "' (expected one of: " + op_names() + ")");
    fail(st.pos, "step " + std::to_string(index) + " has no operation (expected one of: " +
                     op_names() + ")");
  }
  st.op = op->name;
  st.op_pos = op_entry->key_pos;

  // `as` comes first in meaning: the task must exist before its arguments are read.
  const auto* as = m.find("as");
  if (as == nullptr)
    fail(st.pos, "step " + std::to_string(index) + " needs as: (the task that runs " + st.op +
                     ")");
  st.as = scalar(as->value, "a task name", as->key_pos);
  ctx.check_task(st.as, at(as->value, as->key_pos));

  // The operation's value: nothing, a scalar (the primary argument), a list or a mapping.
  const YAML::Node& val = op_entry->value;
  const SourcePos vpos = at(val, op_entry->key_pos);
  auto add = [&](const std::string& name, const YAML::Node& n, SourcePos p) {
    const ArgSpec* spec = op->arg(name);
    if (spec == nullptr)
      fail(p, "unknown argument '" + name + "' for " + st.op + " (expected " + arg_names(*op) +
                  "; a step also takes as, expect, save, ns_name, note)");
    if (st.args.count(name) != 0) fail(p, "argument '" + name + "' is given twice");
    if (auto mapped = parse_analysis_map_arg(st.op, name, n, p)) {
      st.args[name] = std::move(*mapped);
      return;
    }
    st.args[name] = parse_arg(*spec, n, p, ctx);
  };
  const ArgSpec* primary = op->primary.empty() ? nullptr : op->arg(op->primary);
  if (val.IsNull()) {
    // no arguments
  } else if (val.IsMap()) {
    MapView args(val, "the arguments of " + st.op, op_entry->key_pos);
    for (const auto& e : args.entries()) add(e.key, e.value, e.key_pos);
  } else if (val.IsSequence() && primary != nullptr && is_list_type(primary->type)) {
    add(std::string(primary->name), val, vpos);
  } else if (val.IsSequence() && op->positional) {
    std::size_t i = 0;
    for (const YAML::Node& item : val) {
      if (i >= op->args.size())
        fail(at(item, vpos), st.op + " takes at most " + std::to_string(op->args.size()) +
                                 " arguments (" + arg_names(*op) + ")");
      add(std::string(op->args[i++].name), item, at(item, vpos));
    }
  } else if (val.IsScalar() && primary != nullptr) {
    add(std::string(primary->name), val, vpos);
  } else if (op->args.empty()) {
    fail(vpos, st.op + " takes no arguments (write `" + st.op + ":` or `" + st.op + ": {}`)");
  } else {
    fail(vpos, "expected the arguments of " + st.op + " (" + std::string(op->synopsis) +
                   "), got " + kind_of(val));
  }
  for (const auto* e : extras) add(e->key, e->value, e->key_pos);
  for (const ArgSpec& a : op->args)
    if (a.required && st.args.count(std::string(a.name)) == 0)
      fail(st.op_pos, st.op + " needs '" + std::string(a.name) + "' (" +
                          std::string(op->synopsis) + ")");

  // The audit steps: auditctl rules, record types, filters, daemon names.
  check_audit_step(st, ctx);
  check_analysis_step(st);

  // Arguments that exclude each other.
  auto has = [&](const char* a) { return st.args.count(a) != 0; };
  auto one_of = [&](const char* a, const char* b) {
    if (has(a) == has(b))
      fail(st.op_pos, st.op + " takes either '" + a + "' or '" + b + "' (" +
                          std::string(op->synopsis) + ")");
  };
  if (st.op == "read" || st.op == "write") one_of("path", "fd");
  if (st.op == "read" && has("count") && !has("fd"))
    fail(st.args.at("count").pos, "count applies to read: {fd: ...} only");
  if (st.op == "setns") {
    one_of("path", "pidfd");
    if (has("pidfd") && has("nstype"))
      fail(st.args.at("nstype").pos, "nstype goes with a path; a pidfd takes flags");
    if (has("path") && has("flags"))
      fail(st.args.at("flags").pos, "flags go with a pidfd; a path takes nstype");
  }
  if (st.op == "ptrace" && st.args.at("request").number != 0 && !has("pid"))
    fail(st.op_pos, "ptrace PTRACE_ATTACH needs 'pid'");

  // Reserved keys.
  if (const auto* e = m.find("note")) st.note = scalar(e->value, "a note (a string)", e->key_pos);
  if (const auto* e = m.find("ns_name")) {
    if (st.op != "unshare" && st.op != "clone")
      fail(e->key_pos, "ns_name names the namespaces a step creates: unshare or clone only");
    st.ns_name = scalar(e->value, "a namespace name", e->key_pos);
    if (!is_identifier(*st.ns_name))
      fail(at(e->value, e->key_pos), "bad namespace name '" + *st.ns_name + "'");
  }
  if (const auto* e = m.find("expect")) {
    st.expect = parse_expect(e->value, e->key_pos, ctx);
  } else {
    st.expect.ok = true;
    st.expect.implicit = true;
    st.expect.pos = st.pos;
  }
  if (const auto* e = m.find("expect_cells")) {
    if (ctx.cells.empty())
      fail(e->key_pos, "expect_cells: needs a matrix: (the scenario runs in one configuration)");
    MapView cm(e->value, "the per-cell expectations (CELL: {...})", e->key_pos);
    // A key names one cell or several, separated by commas: "a_first, b_first".
    for (const auto& ce : cm.entries()) {
      const Expectation ex = parse_expect(ce.value, ce.key_pos, ctx);
      std::size_t start = 0;
      while (start <= ce.key.size()) {
        const std::size_t comma = ce.key.find(',', start);
        std::string cell = ce.key.substr(start, comma == std::string::npos ? comma : comma - start);
        while (!cell.empty() && cell.front() == ' ') cell.erase(0, 1);
        while (!cell.empty() && cell.back() == ' ') cell.pop_back();
        if (ctx.cells.count(cell) == 0) {
          std::string names;
          for (const auto& [c, p] : ctx.cells) names += (names.empty() ? "" : ", ") + c;
          fail(ce.key_pos, "unknown matrix cell '" + cell + "' (cells: " + names + ")");
        }
        if (st.cell_expect.count(cell) != 0)
          fail(ce.key_pos, "matrix cell '" + cell + "' is given twice in expect_cells");
        st.cell_expect[cell] = ex;
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
  }
  const bool lsm_call = st.op.rfind("lsm_", 0) == 0;
  auto check_kinds = [&](const Expectation& ex) {
    if (!lsm_call && (ex.size || ex.entries || ex.ids))
      fail(ex.pos, "size, entries and ids expectations apply to the lsm_* operations");
    if (ex.entries && st.op != "lsm_get_self_attr")
      fail(ex.pos, "entries: applies to lsm_get_self_attr");
    if (ex.ids && st.op != "lsm_list_modules") fail(ex.pos, "ids: applies to lsm_list_modules");
  };
  check_kinds(st.expect);
  for (const auto& [c, ex] : st.cell_expect) check_kinds(ex);
  if (const auto* e = m.find("save")) {
    const std::size_t want = st.op == "socketpair" ? 2 : 1;
    auto names = scalar_list(e->value, "a name for the result", e->key_pos);
    if (names.size() != want)
      fail(e->key_pos, st.op == "socketpair" ? "save: for socketpair takes two names, one per fd"
                                             : "save: takes one name");
    for (auto& [s, p] : names) {
      if (!is_identifier(s)) fail(p, "bad name '" + s + "' (expected letters, digits, _)");
      st.save.push_back(s);
    }
  }

  // Definitions take effect after the step.
  for (const ArgSpec& a : op->args) {
    if (!a.defines_task) continue;
    const ArgValue& v = st.args.at(std::string(a.name));
    if (!is_identifier(v.text) || has_references(v.text))
      fail(v.pos, "bad task name '" + v.text + "' (expected letters, digits, _ or -)");
    if (auto it = ctx.tasks.find(v.text); it != ctx.tasks.end())
      fail(v.pos, "task '" + v.text + "' already exists" +
                      (it->second.line ? " (created at line " + std::to_string(it->second.line) + ")"
                                       : " (it is the boot task)"));
    ctx.tasks[v.text] = v.pos;
  }
  for (const std::string& s : st.save) ctx.saved.insert(s);
  // Label expectations may name the task this step created.
  auto check_label_tasks = [&](const Expectation& ex) {
    if (!ex.labels) return;
    for (const LabelExpectation& l : ex.labels->of) ctx.check_task(l.task, l.pos);
  };
  check_label_tasks(st.expect);
  for (const auto& [c, ex] : st.cell_expect) check_label_tasks(ex);
  return st;
}

}  // namespace lsmsim::engine
