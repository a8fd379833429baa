// Internal to the parser: what has been defined so far while reading a scenario top to
// bottom (tasks, saved values, LSM names), so references can be checked where they appear.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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
  std::map<std::string, SourcePos> cells;  // matrix cells (expect_cells may name them)

  // Checks the ${...} references in `text` (at `pos`) against what is defined.
  void check_template(const std::string& text, SourcePos pos) const;
  void check_task(const std::string& name, SourcePos pos) const;
  std::string task_list() const;
};

struct SourceFile;  // engine/include_files.h

// One key of a boot section, with the file it is written in (boot sections of included
// files and matrix cells are merged key by key).
struct BootEntry {
  MapView::Entry entry;
  const SourceFile* file = nullptr;
};

// scenario_parser.cpp: the merged boot section (its keys are distinct).
void parse_boot(const std::vector<BootEntry>& entries, SourcePos pos, Scenario& sc,
                ParseContext& ctx);
// matrix.cpp: `matrix: {CELL: {boot keys}}`, each cell the merged boot with its keys replaced.
void parse_matrix(const YAML::Node& node, SourcePos pos, const std::vector<BootEntry>& boot,
                  Scenario& sc, ParseContext& ctx);
// The top-level keys of a scenario and of an included file.
const std::vector<std::string_view>& scenario_keys();
const std::vector<std::string_view>& included_file_keys();
// The keys a boot section may hold.
const std::vector<std::string_view>& boot_keys();
// step_parser.cpp
Step parse_step(const YAML::Node& node, int index, SourcePos fallback, ParseContext& ctx);
// The keys a step may hold besides its operation and arguments, and the keys of expect:.
const std::vector<std::string_view>& step_keys();
const std::vector<std::string_view>& expectation_keys();
// audit_step_checks.cpp: auditctl rules, record types, audit_records filters, daemon names.
void check_audit_step(const Step& st, ParseContext& ctx);
// The audit_records checks alone (daemon, record type, fields): also for `expect: {audit:}`.
void check_audit_records_filter(const Step& st, const ParseContext& ctx);
// handlers_analysis.cpp: reachable: label patterns and access probes; the mapping forms
// `to: {selinux: update_t}` and `access: {open: PATH, flags: FLAGS}` (nullopt: not one).
void check_analysis_step(const Step& st);
std::optional<ArgValue> parse_analysis_map_arg(std::string_view op, const std::string& name,
                                               const YAML::Node& n, SourcePos pos);

}  // namespace lsmsim::engine
