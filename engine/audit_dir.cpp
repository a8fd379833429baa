#include "engine/audit_dir.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "engine/session.h"
#include "model/audit/audit.h"
#include "model/kernel.h"

namespace lsmsim::engine {

namespace {

void write_lines(const std::filesystem::path& p, const std::vector<std::string>& lines) {
  errno = 0;
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  if (!out)
    throw std::runtime_error("cannot write " + p.string() + ": " +
                             std::strerror(errno != 0 ? errno : EIO));
  for (const std::string& l : lines) out << l << '\n';
  out.close();
  if (!out) throw std::runtime_error("cannot write " + p.string() + ": " + std::strerror(EIO));
}

}  // namespace

std::string audit_log_file_name(const std::string& daemon) {
  std::string out;
  for (char c : daemon) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    out += ok ? c : '_';
  }
  if (out.empty() || out[0] == '.') out.insert(0, "daemon");
  return out;
}

std::string AuditDirWriter::write(ScenarioSession& session) {
  namespace fs = std::filesystem;
  const ScenarioRecord& rec = session.record();
  std::string base = fs::path(session.file()).stem().string();
  if (!rec.cell.empty()) base += "." + audit_log_file_name(rec.cell);
  std::string name = base;
  for (int n = 2; used_.count(name) != 0; ++n) name = base + "." + std::to_string(n);
  used_.insert(name);
  const fs::path folder = fs::path(dir_) / name;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw std::runtime_error("cannot create " + folder.string() + ": " + ec.message());

  const AuditSubsystem& audit = session.kernel().audit();
  std::set<std::string> files;
  for (const auto& d : audit.daemons()) {
    // A daemon started again under the same name (after the first one died) gets ".2".
    std::string file = audit_log_file_name(d->name);
    const std::string stem = file;
    for (int n = 2; files.count(file) != 0; ++n) file = stem + "." + std::to_string(n);
    files.insert(file);
    std::vector<std::string> lines;
    for (const AuditRecord& r : d->received()) lines.push_back(audit_log_line(r));
    write_lines(folder / (file + ".log"), lines);
  }
  write_lines(folder / "kmsg.txt", audit.kmsg());
  return folder.string();
}

}  // namespace lsmsim::engine
