#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "cli/commands.h"
#include "cli/progress.h"
#include "engine/audit_dir.h"
#include "engine/junit_report.h"
#include "engine/scenario_model.h"
#include "engine/session.h"
#include "engine/trace_json.h"

namespace lsmsim::cli {

namespace {

// An output file of the run (--junit, --trace-json), opened before anything runs so that a
// path that cannot be written is reported at once.
std::unique_ptr<std::ofstream> open_output(const std::string& path, const char* option) {
  errno = 0;
  auto out = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*out)
    throw std::runtime_error(std::string(option) + ": cannot write " + path + ": " +
                             std::strerror(errno != 0 ? errno : EIO));
  return out;
}

}  // namespace

int run_command(const std::vector<std::string>& files, const RunOptions& base,
                const RunOutputs& outputs) {
  int status = 0;
  int passed = 0, failed = 0, bad = 0;
  RunOptions options = base;
  std::unique_ptr<std::ofstream> junit, trace_json;
  std::unique_ptr<engine::AuditDirWriter> audit_dir;
  std::string output_error;
  try {
    if (!outputs.junit.empty()) junit = open_output(outputs.junit, "--junit");
    if (!outputs.trace_json.empty()) trace_json = open_output(outputs.trace_json, "--trace-json");
  } catch (const std::runtime_error& e) {
    std::cerr << "lsmsim run: " << e.what() << "\n";
    return 2;
  }
  if (!outputs.audit_dir.empty()) {
    audit_dir = std::make_unique<engine::AuditDirWriter>(outputs.audit_dir);
    options.on_finished = [&](engine::ScenarioSession& s) {
      if (!output_error.empty()) return;
      try {
        audit_dir->write(s);
      } catch (const std::exception& e) {
        output_error = std::string("--audit-dir: ") + e.what();
      }
    };
  }
  Progress progress(outputs.progress, files.size());
  if (progress.enabled())
    options.on_step = [&](const engine::ScenarioSession& s) {
      progress.step(s.next_step(), s.scenario().steps.size());
    };

  std::vector<ScenarioReport> reports;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& f = files[i];
    progress.start_file(i, f);
    ScenarioReport r = run_scenario_file(f, options);
    progress.clear();
    if (trace_json)
      for (const engine::ScenarioRecord& rec : r.runs) *trace_json << engine::trace_json_lines(rec);
    if (r.bad_input) {
      std::cerr << r.error << "\n";
      ++bad;
      status = 2;
    } else {
      std::cout << r.text;
      if (files.size() > 1 && !options.quiet) std::cout << "\n";
      std::cout.flush();
      if (r.passed()) {
        ++passed;
      } else {
        ++failed;
        if (status == 0) status = 1;
      }
    }
    if (junit) reports.push_back(std::move(r));
  }
  if (files.size() > 1) {
    std::cout << files.size() << " scenarios: " << passed << " passed, " << failed << " failed";
    if (bad > 0) std::cout << ", " << bad << " bad input";
    std::cout << "\n";
  }
  std::cout.flush();
  if (junit) *junit << engine::junit_xml(reports);
  auto finish = [&](std::unique_ptr<std::ofstream>& out, const std::string& path,
                    const char* option) {
    if (!out) return;
    out->close();
    if (!*out && output_error.empty())
      output_error = std::string(option) + ": cannot write " + path + ": " + std::strerror(EIO);
  };
  finish(junit, outputs.junit, "--junit");
  finish(trace_json, outputs.trace_json, "--trace-json");
  if (!output_error.empty()) {
    std::cerr << "lsmsim run: " << output_error << "\n";
    return 2;
  }
  return status;
}

}  // namespace lsmsim::cli
