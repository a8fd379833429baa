#include "engine/session.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/boot_init.h"
#include "engine/run_state.h"
#include "engine/scenario_parser.h"
#include "engine/step_runner.h"
#include "model/kernel.h"
#include "model/parse_error.h"

namespace lsmsim::engine {

namespace {

[[noreturn]] void bad_input(const std::string& file, SourcePos p, const std::string& message) {
  throw ParseError(file, p.line > 0 ? p.line : 1, p.column > 0 ? p.column : 1, message);
}

}  // namespace

ScenarioSession::ScenarioSession(const std::string& text, const std::string& file)
    : file_(file), text_(text), scenario_(std::make_unique<Scenario>()) {
  try {
    *scenario_ = parse_scenario(text, std::filesystem::path(file).parent_path().string(), file);
  } catch (const BadInput& e) {
    // Inside an included file: that file's position, then how it was reached.
    std::string message = e.message;
    for (const std::string& n : e.included_from) message += "\n  " + n;
    bad_input(e.file.empty() ? file : e.file, e.pos, message);
  }
  record_.file = file;
  record_.name = scenario_->name;
  record_.description = scenario_->description;
  record_.boot = scenario_->boot_summary;
  record_.dispatch = dispatch_strategy_name(scenario_->config.dispatch);
}

std::unique_ptr<ScenarioSession> ScenarioSession::from_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ParseError(path, 0, 0, "is a directory, not a scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ParseError(path, 0, 0, std::string("cannot open scenario file: ") + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  return std::make_unique<ScenarioSession>(buf.str(), path);
}

ScenarioSession::~ScenarioSession() = default;

std::unique_ptr<ScenarioSession> ScenarioSession::fresh(bool scratch) const {
  auto s = std::make_unique<ScenarioSession>(text_, file_);
  s->scratch_ = scratch;
  return s;
}

void ScenarioSession::boot() {
  if (state_) return;
  Scenario& sc = *scenario_;
  if (sc.audit) apply_audit_boot(sc.config, *sc.audit);
  std::unique_ptr<Kernel> kernel;
  try {
    kernel = std::make_unique<Kernel>(sc.config);
  } catch (const std::exception& e) {
    bad_input(file_, sc.boot_pos, std::string("the kernel does not boot with this boot: ") + e.what());
  }
  kernel->lsm().set_tracing(true);
  record_.lsm_list = kernel->lsm().lsm_list();
  record_.boot_messages = kernel->lsm().boot_messages();
  if (sc.selinux) {
    const std::string err = selinux_boot(*kernel, *sc.selinux, record_);
    if (!err.empty()) bad_input(file_, sc.selinux->pos, "SELinux boot failed: " + err);
  }
  if (sc.apparmor) {
    const std::string err = apparmor_boot(*kernel, *sc.apparmor, record_);
    if (!err.empty()) bad_input(file_, sc.apparmor->pos, "AppArmor boot failed: " + err);
  }
  if (sc.smack) {
    const std::string err = smack_boot(*kernel, *sc.smack, record_);
    if (!err.empty()) bad_input(file_, sc.smack->pos, "Smack boot failed: " + err);
  }
  boot_checks(sc, record_);
  state_ = std::make_unique<RunState>(std::move(kernel));
  state_->scratch = scratch_;
  state_->fresh_session = [text = text_, file = file_] {
    auto s = std::make_unique<ScenarioSession>(text, file);
    s->scratch_ = true;
    return s;
  };
}

bool ScenarioSession::finished() const { return next_step() >= scenario_->steps.size(); }

const StepRecord& ScenarioSession::run_next() {
  boot();
  record_.steps.push_back(run_step(*state_, scenario_->steps.at(next_step())));
  return record_.steps.back();
}

void ScenarioSession::run_before(int index) {
  boot();
  while (!finished() && scenario_->steps[next_step()].index < index) run_next();
}

void ScenarioSession::run_all() {
  boot();
  while (!finished()) run_next();
}

Kernel& ScenarioSession::kernel() { return state_->kernel(); }

}  // namespace lsmsim::engine
