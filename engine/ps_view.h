// `lsmsim ps`: the task list as one task would see it with `ps -eZ` -- the tasks of its pid
// namespace, their pids there, their uids in its user namespace and their labels as
// /proc/PID/attr/current (and /proc/PID/attr/<lsm>/current) answer it. Shared by the CLI
// (cli/ps_command.cpp), the scenario op `ps:` (engine/handlers_inspect.cpp) and Python.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "model/types.h"

namespace lsmsim {
class Kernel;
struct Task;
}  // namespace lsmsim

namespace lsmsim::engine {

// One label as the viewer read it: `text` up to its first unprintable byte (procps'
// pr_context keeps isprint() characters only: the NUL SELinux appends and AppArmor's newline
// go), or "-" when the read failed (`err` the errno) or returned nothing, as ps shows it.
struct PsLabel {
  std::string lsm;   // "" for the legacy attr/current
  std::string text;  // "-" when unreadable or empty
  int err = 0;       // errno of the failed read, 0 if it succeeded
};

struct PsRow {
  Pid pid = 0;         // in the viewer's pid namespace
  Pid ppid = 0;        // the parent's tgid there; 0 when the parent is not visible
  Pid global_pid = 0;  // in the initial pid namespace
  Uid uid = 0;         // euid in the viewer's user namespace (65534 when unmapped)
  char state = 'S';    // R (the viewer itself), S, Z
  std::string comm;
  std::string task;                 // the scenario's name for it, "" if none
  PsLabel label;                    // /proc/PID/attr/current as the viewer reads it
  std::vector<PsLabel> lsm_labels;  // one per requested LSM, in LSM order
};

struct PsOptions {
  // "" : the legacy attr/current only; "all": also one column per active LSM that answers
  // attribute reads; an LSM name: also that LSM's column.
  std::string lsm;
};

// The LSMs `lsm` names (an LSM name, "all" or ""), in LSM order. Throws std::invalid_argument
// naming the active LSMs for a name that is not an active LSM with attribute hooks.
std::vector<std::string> ps_lsm_columns(Kernel& k, const std::string& lsm);

// The rows for `viewer`: thread group leaders numbered in its active pid namespace (zombies
// included, as /proc lists them), sorted by pid. `name_of` gives the scenario name of a task.
// Reads the labels as `viewer` (it is `current` for the reads: SELinux checks
// process:getattr, AppArmor its namespace view), which may write AVC records like a real ps.
std::vector<PsRow> ps_rows(Kernel& k, Task& viewer, const PsOptions& options,
                           const std::function<std::string(const Task&)>& name_of = {});

// The active LSMs that answer /proc/PID/attr reads (a getprocattr hook), in LSM order, with
// their LSM ids.
std::vector<std::pair<std::string, std::uint64_t>> ps_attr_lsms(Kernel& k);
// One read of /proc/PID/attr/current (`lsmid` LSM_ID_UNDEF, answered by the viewer's
// interface LSM or the first registrant) or of that LSM's own file, by `viewer`.
PsLabel ps_read_label(Kernel& k, Task& viewer, Task& target, std::uint64_t lsmid);

// The `ps -eZ`-like table: LABEL, one column per LSM label, then USER PID PPID TTY TIME CMD
// (ps -eZf's order) and TASK; columns padded to their widest cell.
std::string ps_format_table(const std::vector<PsRow>& rows, const std::vector<std::string>& lsms);
// The same as a JSON array of objects (keys in docs/ps-and-graph.md).
std::string ps_format_json(const std::vector<PsRow>& rows);

}  // namespace lsmsim::engine
