#include "engine/ps_view.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "model/capable.h"
#include "model/errno_name.h"
#include "model/kernel.h"
#include "model/lsm/lsm_uapi.h"
#include "model/lsm/security.h"
#include "model/process/pid_lookup.h"

namespace lsmsim::engine {

namespace {

// The active LSMs that answer /proc/PID/attr reads (registered getprocattr), in LSM order.
std::vector<const LsmModule*> attr_lsms(Kernel& k) {
  std::vector<const LsmModule*> out;
  k.lsm().for_each_hook<Hook::getprocattr>([&](const HookEntry& e) {
    out.push_back(e.self);
    return true;
  });
  return out;
}

// procps' pr_context: the bytes read up to the first one that is not isprint(); "-" when
// the open or read fails or nothing printable is left.
PsLabel shown_label(std::string lsm, int rc, const std::string& value) {
  PsLabel l;
  l.lsm = std::move(lsm);
  if (rc < 0) {
    l.err = -rc;
    l.text = "-";
    return l;
  }
  const std::string got = value.substr(0, std::min(value.size(), static_cast<std::size_t>(rc)));
  std::size_t n = 0;
  while (n < got.size() && std::isprint(static_cast<unsigned char>(got[n])) != 0) ++n;
  l.text = n == 0 ? "-" : got.substr(0, n);
  return l;
}

// One read of /proc/PID/attr[/<lsm>]/current by `viewer` (proc_pid_attr_read: no check of
// its own, the LSM decides). `lsmid` LSM_ID_UNDEF is the legacy file.
PsLabel read_label(Kernel& k, Task& viewer, Task& target, std::uint64_t lsmid, std::string lsm) {
  std::string value;
  int rc = 0;
  {
    Kernel::CurrentScope scope(k, viewer);
    rc = security_getprocattr(k.lsm(), target, lsmid, "current", value);
    (void)k.lsm().take_denial();  // a refused read is shown as "-", not a step's denial
  }
  return shown_label(std::move(lsm), rc, value);
}

}  // namespace

std::vector<std::pair<std::string, std::uint64_t>> ps_attr_lsms(Kernel& k) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const LsmModule* m : attr_lsms(k)) out.emplace_back(std::string(m->name()), m->id());
  return out;
}

PsLabel ps_read_label(Kernel& k, Task& viewer, Task& target, std::uint64_t lsmid) {
  std::string name;
  for (const LsmModule* m : attr_lsms(k))
    if (m->id() == lsmid) name = m->name();
  return read_label(k, viewer, target, lsmid, name);
}

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::vector<std::string> ps_lsm_columns(Kernel& k, const std::string& lsm) {
  std::vector<std::string> out;
  if (lsm.empty()) return out;
  std::string known;
  for (const LsmModule* m : attr_lsms(k)) {
    known += (known.empty() ? "" : ", ") + std::string(m->name());
    if (lsm == "all" || m->name() == lsm) out.emplace_back(m->name());
  }
  if (lsm != "all" && out.empty())
    throw std::invalid_argument("'" + lsm + "' is not an active LSM with attribute files (" +
                                (known.empty() ? std::string("none is active") : known) +
                                ", or all)");
  return out;
}

std::vector<PsRow> ps_rows(Kernel& k, Task& viewer, const PsOptions& options,
                           const std::function<std::string(const Task&)>& name_of) {
  const std::vector<std::string> lsms = ps_lsm_columns(k, options.lsm);
  std::vector<std::pair<std::string, std::uint64_t>> ids;
  for (const LsmModule* m : attr_lsms(k))
    if (std::find(lsms.begin(), lsms.end(), m->name()) != lsms.end())
      ids.emplace_back(std::string(m->name()), m->id());

  const PidNamespace& ns = viewer.active_pid_ns();
  const UserNamespace& uns = *viewer.cred->user_ns;
  std::vector<PsRow> rows;
  // The /proc of the viewer's pid namespace lists its thread group leaders (proc_pid_readdir).
  for (const auto& [nr, t] : ns.pid_map) {
    if (t->pid != t->tgid) continue;
    PsRow r;
    r.pid = nr;
    r.global_pid = t->pid;
    r.ppid = t->parent != nullptr ? task_tgid_nr_ns(*t->parent, ns) : 0;
    r.uid = from_kuid_munged(uns, t->real_cred->euid);
    r.state = t->state == TaskState::zombie ? 'Z' : t == &viewer ? 'R' : 'S';
    r.comm = t->comm;
    if (name_of) r.task = name_of(*t);
    r.label = read_label(k, viewer, *t, LSM_ID_UNDEF, "");
    for (const auto& [name, id] : ids) r.lsm_labels.push_back(read_label(k, viewer, *t, id, name));
    rows.push_back(std::move(r));
  }
  return rows;  // pid_map is ordered by pid
}

std::string ps_format_table(const std::vector<PsRow>& rows, const std::vector<std::string>& lsms) {
  std::vector<std::string> header{"LABEL"};
  for (const std::string& l : lsms) header.push_back(upper(l));
  const std::size_t fixed = header.size();
  for (const char* h : {"USER", "PID", "PPID", "TTY", "TIME", "CMD", "TASK"})
    header.emplace_back(h);
  std::vector<std::vector<std::string>> cells{header};
  for (const PsRow& r : rows) {
    std::vector<std::string> c{r.label.text};
    for (std::size_t i = 0; i < lsms.size(); ++i)
      c.push_back(i < r.lsm_labels.size() ? r.lsm_labels[i].text : "-");
    c.push_back(std::to_string(r.uid));
    c.push_back(std::to_string(r.pid));
    c.push_back(std::to_string(r.ppid));
    c.emplace_back("?");         // no controlling terminals are modelled
    c.emplace_back("00:00:00");  // nor CPU time
    c.push_back(r.state == 'Z' ? r.comm + " <defunct>" : r.comm);
    c.push_back(r.task.empty() ? "-" : r.task);
    cells.push_back(std::move(c));
  }
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& row : cells)
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  // ps aligns numbers right (PID, PPID, the numeric USER) and text left.
  auto right = [&](std::size_t i) { return i >= fixed && i <= fixed + 2; };
  std::string out;
  for (const auto& row : cells) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += ' ';
      const std::string pad(width[i] - row[i].size(), ' ');
      line += right(i) ? pad + row[i] : row[i] + (i + 1 < row.size() ? pad : "");
    }
    out += line + "\n";
  }
  return out;
}

std::string ps_format_json(const std::vector<PsRow>& rows) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  auto label_json = [](const PsLabel& l) {
    nlohmann::ordered_json j;
    j["label"] = l.err != 0 || l.text == "-" ? nlohmann::ordered_json(nullptr)
                                             : nlohmann::ordered_json(l.text);
    j["error"] =
        l.err != 0 ? nlohmann::ordered_json(errno_name(l.err)) : nlohmann::ordered_json(nullptr);
    return j;
  };
  for (const PsRow& r : rows) {
    nlohmann::ordered_json j;
    j["pid"] = r.pid;
    j["ppid"] = r.ppid;
    j["global_pid"] = r.global_pid;
    j["uid"] = r.uid;
    j["state"] = std::string(1, r.state);
    j["comm"] = r.comm;
    j["task"] = r.task.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.task);
    const nlohmann::ordered_json legacy = label_json(r.label);
    j["label"] = legacy["label"];
    j["label_error"] = legacy["error"];
    nlohmann::ordered_json per = nlohmann::ordered_json::object();
    for (const PsLabel& l : r.lsm_labels) per[l.lsm] = label_json(l);
    j["labels"] = per;
    arr.push_back(j);
  }
  return arr.dump(2) + "\n";
}

}  // namespace lsmsim::engine
