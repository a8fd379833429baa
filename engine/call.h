// One step being run: its arguments resolved as the calling task sees them, and the
// strace-like rendering of the call. Shared by the handler files.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/run_state.h"
#include "engine/scenario_model.h"
#include "model/lsm/lsm_ctx.h"
#include "model/sys_result.h"

namespace lsmsim::engine {

// What an LSM syscall left in user memory, for the size/entries/ids expectations.
struct LsmCallOutput {
  std::optional<std::uint32_t> size;  // *size after the call (none: NULL)
  std::vector<LsmCtxEntry> entries;   // lsm_get_self_attr: parsed from ctx[0, *size)
  std::vector<std::uint64_t> ids;     // lsm_list_modules: ids[0, ret)
};

// An LSM argument or expectation resolved to its id in `k`; `shown` as "1000<probe_a>".
std::uint64_t resolve_lsm_id(Kernel& k, const ArgValue& v);
// "100<capability>", or the bare number for an id no active LSM has.
std::string lsm_id_shown(Kernel& k, std::uint64_t id);

// A pid argument: the number passed to the kernel and how it is shown ("3<bob>").
struct PidArg {
  Pid pid = 0;
  std::string shown;
};

class Call {
 public:
  Call(RunState& run_state, const Step& the_step, Task& calling_task)
      : state(run_state), step(the_step), caller(calling_task) {}

  RunState& state;
  const Step& step;
  Task& caller;

  // Filled by the handler.
  std::string rendered;     // "unshare(CLONE_NEWUSER)"
  std::string ret_suffix;   // shown after the return value, e.g. "<alice>"
  bool show_data = false;   // the result's data is the interesting output
  bool show_block = false;  // ... and worth printing in full in every report (audit records)
  // Set by the lsm_* handlers: what the call left in user memory.
  std::optional<LsmCallOutput> lsm_out;

  bool has(std::string_view name) const { return step.args.count(std::string(name)) != 0; }
  long long number(std::string_view name, long long dflt = 0);
  std::string text(std::string_view name, const std::string& dflt = {});
  PidArg pid(std::string_view name, Pid dflt = 0);
  // A task argument as a Task (for pidfds, which lsmsim opens directly).
  Task& task(std::string_view name);
  int fd(std::string_view name);
  unsigned long flags(std::string_view name, unsigned long dflt = 0);
  CapSet caps(std::string_view name, CapSet dflt);
  std::vector<Gid> ids(std::string_view name);
  std::vector<std::string> texts(std::string_view name);
  // A user_size argument: nullopt for NULL, `dflt` when absent.
  std::optional<std::uint32_t> user_size(std::string_view name, std::uint32_t dflt);
  std::uint64_t lsm_id(std::string_view name);

 private:
  const ArgValue* get(std::string_view name) const;
};

// "\"0 1000 1\\n\"": C escapes, cut after `max` bytes with "..." as strace does.
std::string quote(std::string_view s, std::size_t max = 256);
std::string octal(long long mode);

using Handler = SysResult (*)(Call&);
const std::map<std::string_view, Handler>& handlers();
// handlers_*.cpp
void add_process_handlers(std::map<std::string_view, Handler>& m);
void add_fs_handlers(std::map<std::string_view, Handler>& m);
void add_net_handlers(std::map<std::string_view, Handler>& m);
void add_lsm_handlers(std::map<std::string_view, Handler>& m);
void add_selinux_handlers(std::map<std::string_view, Handler>& m);
void add_apparmor_handlers(std::map<std::string_view, Handler>& m);
void add_audit_handlers(std::map<std::string_view, Handler>& m);
void add_inspect_handlers(std::map<std::string_view, Handler>& m);  // ps (lsmsim ps)
void add_analysis_handlers(std::map<std::string_view, Handler>& m);

}  // namespace lsmsim::engine
