#include "engine/call.h"

#include <cstdio>

#include "engine/symbols.h"
#include "engine/yaml_view.h"
#include "model/lsm/lsm_framework.h"

namespace lsmsim::engine {

const ArgValue* Call::get(std::string_view name) const {
  auto it = step.args.find(std::string(name));
  return it == step.args.end() ? nullptr : &it->second;
}

long long Call::number(std::string_view name, long long dflt) {
  const ArgValue* v = get(name);
  if (v == nullptr) return dflt;
  if (!v->deferred) return v->number;
  const std::string s = state.expand(v->text, caller);
  const auto n = parse_integer(s);
  if (!n) throw StepError{"'" + std::string(name) + "' expands to '" + s + "', not a number"};
  return *n;
}

std::string Call::text(std::string_view name, const std::string& dflt) {
  const ArgValue* v = get(name);
  return v == nullptr ? dflt : state.expand(v->text, caller);
}

PidArg Call::pid(std::string_view name, Pid dflt) {
  const ArgValue* v = get(name);
  if (v == nullptr) return {dflt, std::to_string(dflt)};
  if (!v->deferred) return {static_cast<Pid>(v->number), std::to_string(v->number)};
  if (is_identifier(v->text)) {
    const Pid p = state.pid_seen_by(caller, v->text);
    return {p, std::to_string(p) + "<" + v->text + ">"};
  }
  const std::string s = state.expand(v->text, caller);
  const auto n = parse_integer(s);
  if (!n) throw StepError{"'" + std::string(name) + "' expands to '" + s + "', not a pid"};
  return {static_cast<Pid>(*n), s};
}

Task& Call::task(std::string_view name) {
  const ArgValue* v = get(name);
  if (v != nullptr && v->deferred && is_identifier(v->text)) return state.task(v->text);
  const PidArg p = pid(name);
  Task* t = state.kernel().find_task_in(caller.active_pid_ns(), p.pid);
  if (t == nullptr) throw StepError{"no task has pid " + p.shown + " in the caller's pid namespace"};
  return *t;
}

int Call::fd(std::string_view name) {
  const ArgValue* v = get(name);
  if (v == nullptr) return -1;
  if (!v->deferred) return static_cast<int>(v->number);
  return static_cast<int>(state.saved(v->text));
}

unsigned long Call::flags(std::string_view name, unsigned long dflt) {
  const ArgValue* v = get(name);
  return v == nullptr ? dflt : static_cast<unsigned long>(v->number);
}

CapSet Call::caps(std::string_view name, CapSet dflt) {
  const ArgValue* v = get(name);
  return v == nullptr ? dflt : v->caps;
}

std::vector<Gid> Call::ids(std::string_view name) {
  std::vector<Gid> out;
  if (const ArgValue* v = get(name))
    for (long long n : v->numbers) out.push_back(static_cast<Gid>(n));
  return out;
}

std::vector<std::string> Call::texts(std::string_view name) {
  std::vector<std::string> out;
  if (const ArgValue* v = get(name))
    for (const std::string& s : v->texts) out.push_back(state.expand(s, caller));
  return out;
}

std::optional<std::uint32_t> Call::user_size(std::string_view name, std::uint32_t dflt) {
  const ArgValue* v = get(name);
  if (v == nullptr) return dflt;
  if (v->text == "NULL") return std::nullopt;
  return static_cast<std::uint32_t>(v->number);
}

std::uint64_t Call::lsm_id(std::string_view name) {
  const ArgValue* v = get(name);
  return v == nullptr ? 0 : resolve_lsm_id(state.kernel(), *v);
}

std::uint64_t resolve_lsm_id(Kernel& k, const ArgValue& v) {
  if (auto id = lsm_ids().lookup(v.text)) return *id;
  if (auto n = parse_integer(v.text)) return static_cast<std::uint64_t>(*n);
  for (const auto& m : k.lsm().active())
    if (m->name() == v.text) return m->id();
  throw StepError{"LSM '" + v.text + "' is not active in this kernel"};
}

std::string lsm_id_shown(Kernel& k, std::uint64_t id) {
  for (const auto& m : k.lsm().active())
    if (m->id() == id) return std::to_string(id) + "<" + std::string(m->name()) + ">";
  return std::to_string(id);
}

std::string quote(std::string_view s, std::size_t max) {
  std::string out = "\"";
  std::size_t n = 0;
  for (char ch : s) {
    if (n++ == max) {
      out += "\"...";
      return out;
    }
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\0': out += "\\0"; break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string octal(long long mode) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0%llo", mode);
  return buf;
}

const std::map<std::string_view, Handler>& handlers() {
  static const std::map<std::string_view, Handler> m = [] {
    std::map<std::string_view, Handler> h;
    add_process_handlers(h);
    add_fs_handlers(h);
    add_net_handlers(h);
    add_lsm_handlers(h);
    add_selinux_handlers(h);
    add_apparmor_handlers(h);
    add_audit_handlers(h);
    add_inspect_handlers(h);
    add_analysis_handlers(h);
    return h;
  }();
  return m;
}

}  // namespace lsmsim::engine
