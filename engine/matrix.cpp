#include "engine/matrix.h"

#include <stdexcept>

#include "engine/parse_context.h"
#include "model/lsm/lsm_order.h"

namespace lsmsim::engine {

const std::vector<std::string_view>& matrix_cell_keys() {
  static const std::vector<std::string_view> keys = {"lsm",      "security",      "config_lsm",
                                                     "stacking", "interface_lsm", "enabled",
                                                     "dispatch", "expect"};
  return keys;
}

// Each cell is the merged boot section with the cell's keys in place of the same keys; the
// boot sections that only init runs (selinux:, apparmor:, smack:) are parsed once, by
// parse_boot for the scenario itself.
void parse_matrix(const YAML::Node& node, SourcePos pos, const std::vector<BootEntry>& boot,
                  Scenario& sc, ParseContext& ctx) {
  MapView m(node, "the matrix (CELL: {lsm: ..., stacking: ..., ...})", pos);
  if (m.entries().empty()) fail(m.pos(), "a matrix needs at least one cell (CELL: {boot keys})");
  for (const auto& e : m.entries()) {
    if (!is_identifier(e.key))
      fail(e.key_pos, "bad matrix cell name '" + e.key + "' (expected letters, digits, _ or -)");
    MapView cm(e.value, "matrix cell '" + e.key + "'", e.key_pos);
    cm.only(matrix_cell_keys());
    std::vector<BootEntry> merged;
    for (const BootEntry& b : boot) {
      if (cm.find(b.entry.key) != nullptr) continue;
      if (b.entry.key == "selinux" || b.entry.key == "apparmor" || b.entry.key == "smack") continue;
      merged.push_back(b);
    }
    for (const auto& ce : cm.entries()) merged.push_back(BootEntry{ce, nullptr});
    Scenario cell_sc;
    ParseContext cell_ctx = ctx;
    cell_ctx.lsm_names.clear();  // parse_boot defines them again (probes included)
    parse_boot(merged, e.key_pos, cell_sc, cell_ctx);
    MatrixCell cell;
    cell.name = e.key;
    cell.pos = e.key_pos;
    cell.config = std::move(cell_sc.config);
    cell.boot_summary = cell_sc.boot_summary;
    cell.boot_expect = cell_sc.boot_expect;
    sc.matrix.push_back(std::move(cell));
    ctx.cells[e.key] = e.key_pos;
  }
}

std::vector<std::string> apply_matrix_cell(Scenario& sc, const std::string& name) {
  const MatrixCell* cell = nullptr;
  for (const MatrixCell& c : sc.matrix)
    if (c.name == name) cell = &c;
  if (cell == nullptr) throw std::invalid_argument("no matrix cell named '" + name + "'");
  sc.config = cell->config;
  sc.boot_summary = cell->boot_summary;
  sc.boot_expect = cell->boot_expect;
  sc.cell = name;
  for (Step& st : sc.steps)
    if (auto it = st.cell_expect.find(name); it != st.cell_expect.end()) st.expect = it->second;

  std::vector<std::string> notes;
  const LsmOrderResult order = lsm_order_parse(sc.config.catalog, sc.config.lsm);
  auto active = [&](std::string_view lsm) {
    for (const LsmDescriptor* d : order.active)
      if (d->name == lsm) return true;
    return false;
  };
  auto skip = [&](auto& section, const char* key, const char* lsm) {
    if (!section || active(lsm)) return;
    section.reset();
    notes.push_back(std::string("matrix cell ") + name + ": " + key + " skipped, " + lsm +
                    " is not active");
  };
  skip(sc.selinux, "selinux:", "selinux");
  skip(sc.apparmor, "apparmor:", "apparmor");
  skip(sc.smack, "smack:", "smack");
  return notes;
}

}  // namespace lsmsim::engine
