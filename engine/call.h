// One step being run: its arguments resolved as the calling task sees them, and the
// strace-like rendering of the call. Shared by the handler files.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/run_state.h"
#include "engine/scenario_model.h"
#include "model/sys_result.h"

namespace lsmsim::engine {

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

}  // namespace lsmsim::engine
