#include "engine/expectation.h"

#include <cstring>
#include <regex>

#include "engine/yaml_view.h"
#include "model/errno_name.h"

namespace lsmsim::engine {

std::string render_result(const SysResult& r) {
  if (r.ok()) return "= " + std::to_string(r.ret);
  std::string s = "= -1 " + errno_name(r.err) + " (";
  if (r.denial) {
    const Denial& d = *r.denial;
    s += "denied by " + d.by;
    if (!d.hook.empty()) s += " in " + d.hook;
    if (!d.ns_level.empty()) s += " at " + d.ns_level;
    if (!d.reason.empty()) s += ": " + d.reason;
  } else {
    s += strerror(r.err);
  }
  return s + ")";
}

namespace {

std::string shown_data(const std::string& d) {
  constexpr std::size_t kMax = 300;
  std::string out = "\"";
  for (std::size_t i = 0; i < d.size() && i < kMax; ++i) {
    const char c = d[i];
    out += c == '\n' ? std::string("\\n") : c == '\t' ? std::string("\\t")
                                          : c == '\0' ? std::string("\\0")
                                                      : std::string(1, c);
  }
  return out + (d.size() > kMax ? "\"..." : "\"");
}

std::string denial_text(const SysResult& r) {
  if (r.ok()) return "succeeded " + render_result(r);
  if (!r.denial) return errno_name(r.err) + " with no denial recorded";
  std::string s = "denied by " + r.denial->by;
  if (!r.denial->hook.empty()) s += " in " + r.denial->hook;
  if (!r.denial->ns_level.empty()) s += " at " + r.denial->ns_level;
  if (!r.denial->reason.empty()) s += ": " + r.denial->reason;
  return s;
}

bool trace_has(const std::vector<TraceRecord>& trace, const std::string& what) {
  const std::size_t colon = what.find(':');
  const std::string lsm = what.substr(0, colon);
  const std::string hook = colon == std::string::npos ? "" : what.substr(colon + 1);
  for (const TraceRecord& t : trace)
    if (t.lsm == lsm && (hook.empty() || t.hook == hook)) return true;
  return false;
}

std::string trace_summary(const std::vector<TraceRecord>& trace) {
  if (trace.empty()) return "no LSM hook was called";
  std::string s;
  for (const TraceRecord& t : trace) {
    const std::string item = t.lsm + ":" + t.hook;
    if (s.find(item) == std::string::npos) s += (s.empty() ? "" : ", ") + item;
  }
  return "called: " + s;
}

std::string entries_shown(Kernel& k, const std::vector<LsmCtxEntry>& es) {
  if (es.empty()) return "no entries";
  std::string s;
  for (const LsmCtxEntry& e : es)
    s += (s.empty() ? "" : ", ") + lsm_id_shown(k, e.id) + " " + shown_data(e.ctx) + " (len " +
         std::to_string(e.len) + ", ctx_len " + std::to_string(e.ctx_len) + ")";
  return s;
}

bool entry_matches(Kernel& k, const EntryExpectation& want, const LsmCtxEntry& got) {
  if (want.id && resolve_lsm_id(k, *want.id) != got.id) return false;
  if (want.ctx) {
    std::string_view ctx = got.ctx;
    if (!ctx.empty() && ctx.back() == '\0') ctx.remove_suffix(1);
    if (ctx != *want.ctx) return false;
  }
  auto same = [](const std::optional<long long>& w, std::uint64_t g) {
    return !w || static_cast<std::uint64_t>(*w) == g;
  };
  return same(want.ctx_len, got.ctx_len) && same(want.len, got.len) && same(want.flags, got.flags);
}

template <class Add>
void check_lsm_output(const Expectation& ex, const LsmCallOutput* out, Kernel& k, Add& add) {
  if (ex.size) {
    const std::string actual =
        out != nullptr && out->size ? std::to_string(*out->size) : std::string("NULL");
    add("*size is " + std::to_string(*ex.size), out != nullptr && out->size == *ex.size, actual);
  }
  if (ex.entries) {
    const std::vector<LsmCtxEntry> none;
    const auto& got = out != nullptr ? out->entries : none;
    bool ok = got.size() == ex.entries->size();
    for (std::size_t i = 0; ok && i < got.size(); ++i)
      ok = entry_matches(k, (*ex.entries)[i], got[i]);
    add(std::to_string(ex.entries->size()) + " lsm_ctx entries as listed", ok,
        entries_shown(k, got));
  }
  if (ex.ids) {
    std::vector<std::uint64_t> want;
    std::string shown;
    for (const ArgValue& v : *ex.ids) {
      want.push_back(resolve_lsm_id(k, v));
      shown += (shown.empty() ? "" : " ") + lsm_id_shown(k, want.back());
    }
    std::string actual;
    if (out != nullptr)
      for (std::uint64_t id : out->ids) actual += (actual.empty() ? "" : " ") + lsm_id_shown(k, id);
    add("ids " + shown, out != nullptr && out->ids == want, actual.empty() ? "no ids" : actual);
  }
}

}  // namespace

std::vector<CheckRecord> check_expectation(const Expectation& ex, const SysResult& r,
                                           const std::vector<TraceRecord>& trace, RunState& state,
                                           const Task& caller, const LsmCallOutput* lsm_out) {
  std::vector<CheckRecord> out;
  auto add = [&](std::string expected, bool passed, std::string actual) {
    out.push_back(CheckRecord{std::move(expected), std::move(actual), passed});
  };
  auto expand = [&](const std::string& s) { return state.expand(s, caller); };

  if (ex.ok) {
    if (*ex.ok)
      add(ex.implicit ? "success (no expect: given)" : "success", r.ok(), render_result(r));
    else
      add("an error", !r.ok(), render_result(r));
  }
  if (ex.error)
    add("error " + errno_name(*ex.error), r.err == *ex.error, render_result(r));
  if (ex.returns) {
    const ArgValue& v = *ex.returns;
    long long want = v.number;
    std::string shown = std::to_string(want);
    if (v.deferred && is_identifier(v.text)) {
      want = state.pid_seen_by(caller, v.text);
      shown = std::to_string(want) + " (" + v.text + "'s pid as " + state.name_of(caller) +
              " sees it)";
    } else if (v.deferred) {
      const std::string s = expand(v.text);
      want = parse_integer(s).value_or(-1);
      shown = s;
    }
    add("returns " + shown, r.ok() && r.ret == want, render_result(r));
  }
  if (ex.denied_by)
    add("denied by " + *ex.denied_by, !r.ok() && r.denial && r.denial->by == *ex.denied_by,
        denial_text(r));
  if (ex.hook)
    add("denied in hook " + *ex.hook, !r.ok() && r.denial && r.denial->hook == *ex.hook,
        denial_text(r));
  if (ex.ns_level) {
    const std::string want = expand(*ex.ns_level);
    add("denied at namespace level " + want, !r.ok() && r.denial && r.denial->ns_level == want,
        denial_text(r));
  }
  if (ex.reason) {
    const std::string want = expand(*ex.reason);
    add("denial reason mentions \"" + want + "\"",
        !r.ok() && r.denial && r.denial->reason.find(want) != std::string::npos, denial_text(r));
  }
  const std::string data_actual = r.ok() ? shown_data(r.data) : render_result(r);
  if (ex.equals) {
    const std::string want = expand(*ex.equals);
    add("data equals " + shown_data(want), r.ok() && r.data == want, data_actual);
  }
  for (const std::string& c : ex.contains) {
    const std::string want = expand(c);
    add("data contains " + shown_data(want), r.ok() && r.data.find(want) != std::string::npos,
        data_actual);
  }
  for (const std::string& c : ex.not_contains) {
    const std::string want = expand(c);
    add("data does not contain " + shown_data(want),
        r.ok() && r.data.find(want) == std::string::npos, data_actual);
  }
  if (ex.matches_re)
    add("data matches /" + *ex.matches + "/", r.ok() && std::regex_search(r.data, *ex.matches_re),
        data_actual);
  check_lsm_output(ex, lsm_out, state.kernel(), add);
  for (const std::string& c : ex.called)
    add(c + " called", trace_has(trace, c), trace_summary(trace));
  for (const std::string& c : ex.not_called)
    add(c + " not called", !trace_has(trace, c), trace_summary(trace));
  return out;
}

}  // namespace lsmsim::engine
