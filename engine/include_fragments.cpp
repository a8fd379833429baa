#include "engine/include_fragments.h"

namespace lsmsim::engine {

namespace {

std::string names_of(const FragmentTable& t) {
  std::string s;
  for (const auto& [n, f] : t) s += (s.empty() ? "" : ", ") + n;
  return s.empty() ? "none" : s;
}

// The fragment's steps, freshly parsed from its file so that each use can be substituted in
// place with the positions of the file kept (yaml-cpp's Clone drops them).
YAML::Node fragment_steps(const Fragment& f) {
  YAML::Node root = YAML::Load(f.file->text);
  YAML::Node def = root["fragments"][f.name];
  return f.has_params_block ? def["steps"] : def;
}

void substitute(YAML::Node n, const std::map<std::string, std::string>& values) {
  if (n.IsScalar()) {
    std::string s = n.Scalar();
    bool changed = false;
    for (const auto& [k, v] : values) {
      const std::string ref = "${" + k + "}";
      std::size_t at = s.find(ref);
      while (at != std::string::npos) {
        if (at > 0 && s[at - 1] == '$') {  // $${k}: a literal, left for the runner
          at = s.find(ref, at + ref.size());
          continue;
        }
        s.replace(at, ref.size(), v);
        changed = true;
        at = s.find(ref, at + v.size());
      }
    }
    if (changed) n = s;
  } else if (n.IsMap()) {
    for (auto it = n.begin(); it != n.end(); ++it) substitute(it->second, values);
  } else if (n.IsSequence()) {
    for (YAML::Node item : n) substitute(item, values);
  }
}

void expand_use(const MapView& m, const SourceFile& file, const FragmentTable& fragments,
                ParseContext& ctx, std::vector<Step>& out, std::vector<std::string>& use_stack) {
  m.only({"use", "with"});
  const auto* u = m.find("use");
  const std::string name = scalar(u->value, "a fragment name", u->key_pos);
  const SourcePos upos = at(u->value, u->key_pos);
  const auto it = fragments.find(name);
  if (it == fragments.end())
    fail(upos, "unknown fragment '" + name + "' (defined: " + names_of(fragments) + ")");
  const Fragment& fr = it->second;
  for (const std::string& s : use_stack)
    if (s == name)
      fail(upos, "fragment '" + name + "' uses itself (through " + use_stack.back() + ")");

  std::map<std::string, std::string> values;
  if (const auto* w = m.find("with")) {
    MapView wm(w->value, "the parameters of fragment '" + name + "'", w->key_pos);
    for (const auto& e : wm.entries()) {
      bool declared = false;
      for (const auto& [p, d] : fr.params) declared = declared || p == e.key;
      if (!declared) {
        std::string list;
        for (const auto& [p, d] : fr.params) list += (list.empty() ? "" : ", ") + p;
        fail(e.key_pos, "fragment '" + name + "' has no parameter '" + e.key + "' (" +
                            (list.empty() ? std::string("it takes none") : "parameters: " + list) +
                            ")");
      }
      values[e.key] = scalar(e.value, "a parameter value (a string)", e.key_pos);
    }
  }
  for (const auto& [p, d] : fr.params) {
    if (values.count(p) != 0) continue;
    if (!d)
      fail(upos, "fragment '" + name + "' needs parameter '" + p + "' (with: {" + p + ": ...})");
    values[p] = *d;
  }

  const std::string note = "in fragment '" + name + "' used at " + where(file, upos);
  const std::string saved_dir = ctx.base_dir;
  const std::string_view saved_source = ctx.source;
  use_stack.push_back(name);
  try {
    YAML::Node steps = fragment_steps(fr);
    substitute(steps, values);
    parse_step_list(steps, fr.pos, *fr.file, fragments, ctx, out, use_stack, note);
  } catch (BadInput& e) {
    if (e.file.empty()) e.file = fr.file->path;
    e.included_from.push_back(note);
    e.included_from.insert(e.included_from.end(), file.chain.begin(), file.chain.end());
    use_stack.pop_back();
    ctx.base_dir = saved_dir;
    ctx.source = saved_source;
    throw;
  }
  use_stack.pop_back();
  ctx.base_dir = saved_dir;
  ctx.source = saved_source;
}

}  // namespace

void collect_fragments(const YAML::Node& node, SourcePos fallback, const SourceFile& file,
                       FragmentTable& table) {
  MapView m(node, "the fragments (NAME: [steps] or NAME: {params:, steps:})", fallback);
  for (const auto& e : m.entries()) {
    if (!is_identifier(e.key))
      fail(e.key_pos, "bad fragment name '" + e.key + "' (expected letters, digits, _ or -)");
    if (auto it = table.find(e.key); it != table.end())
      fail(e.key_pos, "fragment '" + e.key + "' is already defined at " +
                          where(*it->second.file, it->second.pos));
    Fragment f;
    f.name = e.key;
    f.pos = e.key_pos;
    f.file = &file;
    if (e.value.IsMap()) {
      f.has_params_block = true;
      MapView fm(e.value, "fragment '" + e.key + "'", e.key_pos);
      fm.only({"params", "steps", "description"});
      const auto* st = fm.find("steps");
      if (st == nullptr) fail(fm.pos(), "fragment '" + e.key + "' needs steps: (a list of steps)");
      if (!st->value.IsSequence())
        fail(at(st->value, st->key_pos),
             "expected the steps of fragment '" + e.key + "' (a list), got " + kind_of(st->value));
      if (const auto* d = fm.find("description"))
        (void)scalar(d->value, "the description (a string)", d->key_pos);
      if (const auto* p = fm.find("params")) {
        auto add = [&](const std::string& n, SourcePos pp, std::optional<std::string> def) {
          if (!is_identifier(n))
            fail(pp, "bad parameter name '" + n + "' (expected letters, digits, _ or -)");
          for (const auto& [q, d] : f.params)
            if (q == n) fail(pp, "parameter '" + n + "' is declared twice");
          f.params.emplace_back(n, std::move(def));
        };
        if (p->value.IsMap()) {
          MapView pm(p->value, "the parameters (NAME: DEFAULT, ~ for required)", p->key_pos);
          for (const auto& pe : pm.entries())
            add(pe.key, pe.key_pos,
                pe.value.IsNull()
                    ? std::nullopt
                    : std::optional<std::string>(scalar(pe.value, "a default value", pe.key_pos)));
        } else {
          for (const auto& [n, pp] : scalar_list(p->value, "a parameter name", p->key_pos))
            add(n, pp, std::nullopt);
        }
      }
    } else if (!e.value.IsSequence()) {
      fail(at(e.value, e.key_pos), "expected fragment '" + e.key +
                                       "' (a list of steps, or {params:, steps:}), got " +
                                       kind_of(e.value));
    }
    table[e.key] = f;
  }
}

void parse_step_list(const YAML::Node& seq, SourcePos fallback, const SourceFile& file,
                     const FragmentTable& fragments, ParseContext& ctx, std::vector<Step>& out,
                     std::vector<std::string>& use_stack, const std::string& origin) {
  if (!seq.IsSequence())
    in_file(file, [&] {
      fail(at(seq, fallback), "expected steps (a list of steps), got " + kind_of(seq));
    });
  for (const YAML::Node& item : seq) {
    in_file(file, [&] {
      ctx.base_dir = file.dir;
      ctx.source = file.text;
      if (item.IsMap() && item["use"]) {
        expand_use(MapView(item, "a fragment use", at(item, fallback)), file, fragments, ctx, out,
                   use_stack);
        return;
      }
      Step st = parse_step(item, static_cast<int>(out.size()) + 1, fallback, ctx);
      st.file = file.top ? "" : file.path;
      st.origin = origin;
      out.push_back(std::move(st));
    });
  }
}

}  // namespace lsmsim::engine
