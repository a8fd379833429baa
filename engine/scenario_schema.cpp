#include "engine/scenario_schema.h"

#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "engine/matrix.h"
#include "engine/ops.h"
#include "engine/parse_context.h"
#include "model/lsm/hooks.h"
#include "model/lsm/lsm_framework.h"

namespace lsmsim::engine {

namespace {

using json = nlohmann::ordered_json;

// What a YAML scalar may load as in a YAML 1.2 (core schema) reader, as editors use: the
// parser reads every scalar as text.
json scalar() {
  return {{"type", {"string", "number", "boolean"}}};
}
json string() {
  return {{"type", "string"}};
}
json boolean() {
  return {{"type", "boolean"}};
}
json scalar_or_list() {
  return {{"anyOf", {scalar(), {{"type", "array"}, {"items", scalar()}}}}};
}
json ref(const char* def) {
  return {{"$ref", std::string("#/definitions/") + def}};
}

// An object with exactly these keys (each with its schema), in the order the parser lists them.
json closed_object(const std::vector<std::string_view>& keys,
                   const std::map<std::string_view, json>& schemas, const char* what) {
  json props = json::object();
  for (std::string_view k : keys) {
    auto it = schemas.find(k);
    if (it == schemas.end())
      throw std::logic_error(std::string("scenario schema: no schema for ") + what + " key '" +
                             std::string(k) + "'");
    props[std::string(k)] = it->second;
  }
  for (const auto& [k, v] : schemas) {
    bool listed = false;
    for (std::string_view l : keys) listed = listed || l == k;
    if (!listed)
      throw std::logic_error(std::string("scenario schema: ") + what + " key '" + std::string(k) +
                             "' is not accepted by the parser");
  }
  return {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
}

json object_of(std::initializer_list<std::pair<const char*, json>> props,
               std::vector<const char*> required = {}) {
  json p = json::object();
  for (const auto& [k, v] : props) p[k] = v;
  json o = {{"type", "object"}, {"properties", p}, {"additionalProperties", false}};
  if (!required.empty()) o["required"] = required;
  return o;
}

json symbol_names(const SymbolTable& t) {
  json names = json::array();
  for (const Symbol& s : t.names) names.push_back(std::string(s.name));
  for (const Symbol& s : t.aliases) names.push_back(std::string(s.name));
  return names;
}

constexpr const char* kNumber = "0[xX][0-9a-fA-F]+|[0-9]+";

// Symbol tables become definitions ("signal", "clone_flag_list"), referenced by each argument.
struct Definitions {
  json defs = json::object();
};
Definitions* g_defs = nullptr;  // set by scenario_schema_json while it builds

std::string def_name(const SymbolTable& t) {
  std::string n(t.what);
  for (char& c : n)
    if (c == ' ') c = '_';
  return n;
}

// One name of the table or a number (engine/step_parser.cpp symbol_value).
json choice(const SymbolTable& t) {
  const std::string name = def_name(t);
  if (!g_defs->defs.contains(name))
    g_defs->defs[name] = {
        {"description", std::string("a ") + std::string(t.what) + " or a number"},
        {"anyOf",
         {{{"enum", symbol_names(t)}},
          {{"type", "integer"}, {"minimum", 0}},
          {{"type", "string"}, {"pattern", std::string("^(") + kNumber + ")$"}}}}};
  return {{"$ref", "#/definitions/" + name}};
}

// NAME|NAME|..., a list of names, or a number.
json flags(const SymbolTable& t) {
  const std::string name = def_name(t) + "s";
  if (!g_defs->defs.contains(name)) {
    std::string alt;
    for (const auto& n : symbol_names(t)) alt += n.get<std::string>() + "|";
    alt += kNumber;
    const std::string item = "(" + alt + ")";
    const json one = choice(t);
    g_defs->defs[name] = {
        {"description", std::string(t.what) + "s: NAME|NAME, a list or a number"},
        {"anyOf",
         {{{"type", "string"}, {"pattern", "^ *" + item + "( *\\| *" + item + ")* *$"}},
          {{"type", "integer"}, {"minimum", 0}},
          {{"type", "array"}, {"items", one}}}}};
  }
  return {{"$ref", "#/definitions/" + name}};
}

// Inside a fragment, any value may be a parameter reference, substituted before the parser
// reads the value's type.
json or_param(json schema) {
  return {
      {"anyOf",
       {std::move(schema), {{"type", "string"}, {"pattern", "\\$\\{[A-Za-z_][A-Za-z0-9_-]*\\}"}}}}};
}

json arg_schema_strict(const ArgSpec& a);

json arg_schema(const ArgSpec& a) {
  switch (a.type) {
    case ArgType::id:
    case ArgType::flags:
    case ArgType::choice:
    case ArgType::ids:
    case ArgType::user_size:
    case ArgType::boolean:
      return or_param(arg_schema_strict(a));
    default:
      return arg_schema_strict(a);
  }
}

json arg_schema_strict(const ArgSpec& a) {
  switch (a.type) {
    case ArgType::integer:
      return {{"type", {"integer", "string"}}};  // a string holds ${...}
    case ArgType::id:
      return {{"type", "integer"}, {"minimum", -1}};
    case ArgType::text:
      return scalar();
    case ArgType::task:
    case ArgType::fd:
    case ArgType::mode:
    case ArgType::prctl_arg:
    case ArgType::lsm:
      return {{"type", {"string", "integer"}}};
    case ArgType::flags:
      return flags(a.table());
    case ArgType::choice:
      return choice(a.table());
    case ArgType::caps:
      return {{"anyOf", {string(), {{"type", "array"}, {"items", string()}}}}};
    case ArgType::ids:
      return {{"type", "array"}, {"items", or_param({{"type", "integer"}, {"minimum", 0}})}};
    case ArgType::texts:
      return scalar_or_list();
    case ArgType::user_size:
      return {{"anyOf",
               {{{"type", "integer"}, {"minimum", 0}}, {{"const", "NULL"}}, {{"type", "null"}}}}};
    case ArgType::policy_file:
    case ArgType::profile_file:
      return string();
    case ArgType::boolean:
      return boolean();
  }
  return scalar();
}

// Arguments that also take a mapping (parse_analysis_map_arg in engine/handlers_analysis.cpp):
// reachable's `to: {LSM: LABEL}` and `access: {open: PATH, flags: FLAGS}`.
json op_arg_schema(const OpSpec& op, const ArgSpec& a) {
  json s = arg_schema(a);
  if (op.name != "reachable") return s;
  if (a.name == "to")
    return {{"anyOf", {s, {{"type", "object"}, {"additionalProperties", scalar()}}}}};
  if (a.name == "access")
    return {{"anyOf",
             {s,
              {{"type", "object"},
               {"properties", {{"open", string()}, {"flags", scalar_or_list()}}},
               {"required", {"open"}},
               {"additionalProperties", false}}}}};
  return s;
}

bool is_list_type(ArgType t) {
  return t == ArgType::flags || t == ArgType::ids || t == ArgType::texts || t == ArgType::caps;
}

// The value of an operation key: nothing, the primary argument, the arguments in order, or
// a mapping of named arguments (engine/step_parser.cpp parse_step).
json op_value(const OpSpec& op) {
  json alts = json::array();
  bool any_required = false;
  for (const ArgSpec& a : op.args) any_required = any_required || a.required;
  if (!any_required || op.no_args) alts.push_back({{"type", "null"}});
  const ArgSpec* primary = op.primary.empty() ? nullptr : op.arg(op.primary);
  if (primary != nullptr) alts.push_back(arg_schema(*primary));
  if (op.positional && !(primary != nullptr && is_list_type(primary->type))) {
    json items = json::array();
    for (const ArgSpec& a : op.args) items.push_back(op_arg_schema(op, a));
    alts.push_back({{"type", "array"},
                    {"items", std::move(items)},
                    {"additionalItems", false},
                    {"maxItems", op.args.size()}});
  }
  json props = json::object();
  for (const ArgSpec& a : op.args) props[std::string(a.name)] = op_arg_schema(op, a);
  alts.push_back({{"type", "object"}, {"properties", props}, {"additionalProperties", false}});
  return {{"description", std::string(op.synopsis)}, {"anyOf", alts}};
}

std::map<std::string_view, json> step_key_schemas() {
  return {
      {"as", {{"type", {"string", "integer"}}, {"description", "the task that makes the call"}}},
      {"expect", ref("expectation")},
      {"expect_cells", {{"type", "object"}, {"additionalProperties", ref("expectation")}}},
      {"save", scalar_or_list()},
      {"ns_name", string()},
      {"note", scalar()}};
}

// A step: `as:` and one operation with its arguments (next to it or in its value), or a
// fragment use.
json step_schema() {
  json all = json::array();
  json which = json::array();
  const std::map<std::string_view, json> base = step_key_schemas();
  for (const OpSpec& op : op_specs()) {
    json props = closed_object(step_keys(), base, "step")["properties"];
    props[std::string(op.name)] = op_value(op);
    for (const ArgSpec& a : op.args) props[std::string(a.name)] = op_arg_schema(op, a);
    json then = {{"type", "object"},
                 {"properties", props},
                 {"required", {"as", std::string(op.name)}},
                 {"additionalProperties", false}};
    all.push_back(
        {{"if", {{"type", "object"}, {"required", {std::string(op.name)}}}}, {"then", then}});
    which.push_back({{"required", {std::string(op.name)}}});
  }
  which.push_back({{"required", {"use"}}});
  all.push_back(
      {{"if", {{"type", "object"}, {"required", {"use"}}}},
       {"then", object_of({{"use", string()},
                           {"with", {{"type", "object"}, {"additionalProperties", scalar()}}}},
                          {"use"})}});
  return {{"type", "object"}, {"anyOf", which}, {"allOf", all}};
}

json audit_pattern() {
  return object_of({{"type", string()}, {"fields", scalar_or_list()}});
}

json expectation_schema() {
  const std::map<std::string_view, json> keys = {
      {"ok", boolean()},
      {"error", string()},
      {"returns", {{"type", {"integer", "string"}}}},
      {"denied_by", string()},
      {"hook", string()},
      {"ns_level", scalar()},
      {"reason", scalar()},
      {"equals", scalar()},
      {"contains", scalar_or_list()},
      {"not_contains", scalar_or_list()},
      {"matches", string()},
      {"called", scalar_or_list()},
      {"not_called", scalar_or_list()},
      {"size", {{"type", "integer"}, {"minimum", 0}}},
      {"entries",
       {{"type", "array"},
        {"items", object_of({{"id", {{"type", {"string", "integer"}}}},
                             {"ctx", scalar()},
                             {"ctx_len", {{"type", "integer"}, {"minimum", 0}}},
                             {"len", {{"type", "integer"}, {"minimum", 0}}},
                             {"flags", {{"type", "integer"}, {"minimum", 0}}}})}}},
      {"ids", scalar_or_list()},
      {"audit", object_of({{"daemon", string()},
                           {"count", {{"type", "integer"}, {"minimum", 0}}},
                           {"records", {{"type", "array"}, {"items", audit_pattern()}}},
                           {"not_records", {{"type", "array"}, {"items", audit_pattern()}}}})},
      {"labels",
       object_of(
           {{"viewer", string()},
            {"lsm", string()},
            {"of",
             {{"type", "object"},
              {"minProperties", 1},
              {"additionalProperties",
               {{"anyOf",
                 {scalar(), {{"type", "null"}}, object_of({{"error", string()}}, {"error"})}}}}}}},
           {"of"})},
  };
  json obj = closed_object(expectation_keys(), keys, "expectation");
  return {{"anyOf", {{{"type", "string"}, {"description", "ok or an errno name"}}, obj}}};
}

json hook_names() {
  json names = json::array();
  for (std::string_view n : kHookNames) names.push_back(std::string(n));
  return names;
}

std::map<std::string_view, json> boot_key_schemas() {
  json dispatch = json::array();
  for (DispatchStrategy d : {DispatchStrategy::hook_list, DispatchStrategy::slot_table})
    dispatch.push_back(dispatch_strategy_name(d));
  const json hook = {{"enum", hook_names()}};
  const json probe = object_of(
      {{"name", string()},
       {"deny", {{"type", "object"}, {"propertyNames", hook}, {"additionalProperties", string()}}},
       {"allow", {{"anyOf", {hook, {{"type", "array"}, {"items", hook}}}}}},
       {"answer",
        {{"type", "object"},
         {"propertyNames", hook},
         {"additionalProperties", {{"type", "integer"}}}}},
       {"exclusive", boolean()},
       {"order", {{"enum", {"first", "mutable", "last"}}}},
       {"attr", scalar()}},
      {"name"});
  return {
      {"lsm", string()},
      {"security", string()},
      {"config_lsm", string()},
      {"stacking", boolean()},
      {"interface_lsm", boolean()},
      {"enabled", {{"type", "object"}, {"additionalProperties", boolean()}}},
      {"dispatch", {{"enum", dispatch}}},
      {"hostname", scalar()},
      {"probes", {{"type", "array"}, {"items", probe}}},
      {"selinux", object_of({{"policy", string()},
                             {"enforcing", boolean()},
                             {"file_contexts", string()},
                             {"label", string()}},
                            {"policy"})},
      {"apparmor", object_of({{"profiles", scalar_or_list()},
                              {"unprivileged_userns_policy", {{"enum", {0, 1}}}}})},
      {"smack", object_of({{"rules", string()}, {"onlycap", scalar_or_list()}})},
      {"audit",
       object_of({{"boot", {{"enum", {"on", "off", "1", "0", "true", "false", true, false, 1, 0}}}},
                  {"userns_daemons", boolean()}})},
      {"expect", object_of({{"lsm_list", string()},
                            {"boot_messages", scalar_or_list()},
                            {"not_boot_messages", scalar_or_list()}})},
  };
}

json boot_schema() {
  return closed_object(boot_keys(), boot_key_schemas(), "boot");
}

json matrix_schema() {
  const std::map<std::string_view, json> all = boot_key_schemas();
  std::map<std::string_view, json> cell;
  for (std::string_view k : matrix_cell_keys()) cell[k] = all.at(k);
  return {{"type", "object"},
          {"minProperties", 1},
          {"propertyNames", {{"pattern", "^[A-Za-z_][A-Za-z0-9_-]*$"}}},
          {"additionalProperties", closed_object(matrix_cell_keys(), cell, "matrix cell")}};
}

json fragments_schema() {
  const json steps = {{"type", "array"}, {"items", ref("step")}};
  const json params = {{"anyOf",
                        {{{"type", "array"}, {"items", string()}},
                         {{"type", "object"},
                          {"additionalProperties", {{"anyOf", {scalar(), {{"type", "null"}}}}}}}}}};
  return {{"type", "object"},
          {"propertyNames", {{"pattern", "^[A-Za-z_][A-Za-z0-9_-]*$"}}},
          {"additionalProperties",
           {{"anyOf",
             {steps, object_of({{"params", params}, {"steps", steps}, {"description", scalar()}},
                               {"steps"})}}}}};
}

}  // namespace

std::string scenario_schema_json() {
  Definitions defs;
  g_defs = &defs;
  struct Reset {
    ~Reset() { g_defs = nullptr; }
  } reset;
  const std::map<std::string_view, json> top = {
      {"name", scalar()},
      {"description", scalar()},
      {"include", {{"anyOf", {string(), {{"type", "array"}, {"items", string()}}}}}},
      {"fragments", fragments_schema()},
      {"boot", boot_schema()},
      {"matrix", matrix_schema()},
      {"steps", {{"type", "array"}, {"items", ref("step")}}},
  };
  json schema = closed_object(scenario_keys(), top, "scenario");
  // included_file_keys() is scenario_keys() without name and matrix.
  for (std::string_view k : included_file_keys())
    if (top.count(k) == 0) throw std::logic_error("scenario schema: included-file key missing");
  json out = {
      {"$schema", "http://json-schema.org/draft-07/schema#"},
      {"$id", "https://lsmsim.invalid/scenario.schema.json"},
      {"title", "lsmsim scenario"},
      {"description",
       "A scenario file (name: and steps: required) or a file it includes (no name: or "
       "matrix:). Generated by `lsmsim schema` from the parser's tables; see "
       "docs/scenario-format.md."},
      {"type", "object"},
      {"properties", schema["properties"]},
      {"additionalProperties", false},
      {"anyOf",
       {{{"required", {"name", "steps"}}},
        {{"not", {{"anyOf", {{{"required", {"name"}}}, {{"required", {"matrix"}}}}}}}}}},
  };
  json definitions = {{"step", step_schema()}, {"expectation", expectation_schema()}};
  for (auto& [k, v] : defs.defs.items()) definitions[k] = v;
  out["definitions"] = definitions;
  return out.dump(2) + "\n";
}

}  // namespace lsmsim::engine
