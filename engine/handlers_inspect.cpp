// Steps that look at the run rather than call the kernel: `ps:` lists the tasks as the
// calling task would see them with `ps -eZ` (engine/ps_view.h), so a scenario can expect on
// the labels a given viewer reads.
#include <stdexcept>

#include "engine/call.h"
#include "engine/ps_view.h"

namespace lsmsim::engine {

namespace {

SysResult do_ps(Call& c) {
  const std::string lsm = c.text("lsm");
  c.rendered = lsm.empty() ? "ps -eZ" : "ps -eZ --lsm " + lsm;
  c.show_data = true;
  c.show_block = true;
  std::vector<std::string> columns;
  try {
    columns = ps_lsm_columns(c.state.kernel(), lsm);
  } catch (const std::invalid_argument& e) {
    throw StepError{std::string("ps: lsm: ") + e.what()};
  }
  PsOptions opts;
  opts.lsm = lsm;
  const std::vector<PsRow> rows = ps_rows(c.state.kernel(), c.caller, opts, [&](const Task& t) {
    const std::string n = c.state.name_of(t);
    return n.rfind("pid ", 0) == 0 ? std::string() : n;
  });
  SysResult r = SysResult::with_data(ps_format_table(rows, columns));
  r.ret = static_cast<long>(rows.size());
  return r;
}

}  // namespace

void add_inspect_handlers(std::map<std::string_view, Handler>& m) {
  m["ps"] = do_ps;
}

}  // namespace lsmsim::engine
