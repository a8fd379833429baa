// Internal to the parser: what has been defined so far while reading a scenario top to
// bottom (tasks, saved values, LSM names), so references can be checked where they appear.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "engine/scenario_model.h"
#include "engine/yaml_view.h"

namespace lsmsim::engine {

struct ParseContext {
  std::map<std::string, SourcePos> tasks;  // name -> where it was created ("init" at boot)
  std::set<std::string> saved;             // names given with `save:`
  std::set<std::string> lsm_names;         // every LSM the kernel could have (catalog + probes)
  std::string base_dir;                    // the scenario's folder: files it names are relative
  std::string_view source;                 // the scenario's text (positions inside strings)
  std::set<std::string> audit_daemons;     // names given by auditd steps so far

  // Checks the ${...} references in `text` (at `pos`) against what is defined.
  void check_template(const std::string& text, SourcePos pos) const;
  void check_task(const std::string& name, SourcePos pos) const;
  std::string task_list() const;
};

// scenario_parser.cpp
void parse_boot(const YAML::Node& node, SourcePos pos, Scenario& sc, ParseContext& ctx);
// step_parser.cpp
Step parse_step(const YAML::Node& node, int index, SourcePos fallback, ParseContext& ctx);
// audit_step_checks.cpp: auditctl rules, record types, audit_records filters, daemon names.
void check_audit_step(const Step& st, ParseContext& ctx);
// handlers_analysis.cpp: reachable: label patterns and access probes; the mapping forms
// `to: {selinux: update_t}` and `access: {open: PATH, flags: FLAGS}` (nullopt: not one).
void check_analysis_step(const Step& st);
std::optional<ArgValue> parse_analysis_map_arg(std::string_view op, const std::string& name,
                                               const YAML::Node& n, SourcePos pos);

}  // namespace lsmsim::engine
