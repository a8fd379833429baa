#include "cli/cli_main.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

namespace lsmsim {

int cli_main(int argc, const char* const* argv) {
  CLI::App app{"lsmsim: a simulator of the Linux kernel's stacked LSM framework"};
  app.set_version_flag("--version", std::string("lsmsim ") + LSMSIM_VERSION);
  app.require_subcommand(1);

  RunOptions run_opts;
  std::vector<std::string> files;
  std::string color = "auto";
  CLI::App* run = app.add_subcommand("run", "Run scenario files and check their expectations");
  run->add_option("FILE", files, "Scenario files (YAML)")->required();
  run->add_flag("--trace", run_opts.trace, "Show the LSM hook calls of every step");
  auto* quiet = run->add_flag("-q,--quiet", run_opts.quiet, "Show only failures and summaries");
  run->add_flag("-v,--verbose", run_opts.verbose,
                "Show every expectation, full data and the boot log")
      ->excludes(quiet);
  run->add_option("--color", color, "Colors: auto (when stdout is a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cli::RunOutputs run_out;
  run->add_option("--junit", run_out.junit, "Write JUnit XML (one testsuite per file) to FILE")
      ->type_name("FILE");
  run->add_option("--trace-json", run_out.trace_json,
                  "Write every LSM hook call as JSON lines to FILE")
      ->type_name("FILE");
  run->add_option("--audit-dir", run_out.audit_dir,
                  "Write each audit daemon's log (auditd format) and kmsg under DIR")
      ->type_name("DIR");
  run->add_option("--progress", run_out.progress,
                  "Progress line on stderr: auto (when stderr is a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  run->footer("Exit status: 0 all expectations met, 1 an expectation failed, 2 bad input.");

  cli::ExplainArgs explain_args;
  std::string explain_color = "auto";
  CLI::App* explain =
      app.add_subcommand("explain", "Why a step was allowed or denied: LSM by LSM, level by level");
  explain->add_option("FILE", explain_args.file, "Scenario file (YAML)")->required();
  explain->add_option("--step", explain_args.step, "The step (numbered from 1, as `run` shows)")
      ->required()
      ->check(CLI::PositiveNumber);
  explain->add_option("--cell", explain_args.cell, "The matrix cell to run");
  explain->add_flag("--json", explain_args.json, "One JSON object instead of text");
  explain->add_option("--color", explain_color, "Colors: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  explain->footer("Exit status: 0 explained (allowed or denied), 2 bad input.");

  app.add_subcommand("list-hooks", "List the LSM hooks with their defaults and dispatch rules");

  cli::LsmOrderArgs order;
  CLI::App* lsm_order =
      app.add_subcommand("lsm-order", "Show the active LSM order and the boot log for lsm=/security=");
  lsm_order->add_option("--lsm", order.lsm, "lsm= (comma-separated LSM names)");
  lsm_order->add_option("--security", order.security, "security= (legacy major LSM)");
  lsm_order->add_option("--config-lsm", order.config_lsm, "CONFIG_LSM (the build-time order)");
  lsm_order->add_flag("--stacking", order.stacking, "Lift LSM_FLAG_EXCLUSIVE");
  lsm_order->add_option("--enable", order.enabled, "NAME=0|1, as selinux=0 on the command line");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;  // a usage error is bad input
  }

  if (run->parsed()) {
    run_opts.color = color == "always" || (color == "auto" && isatty(STDOUT_FILENO) != 0);
    return cli::run_command(files, run_opts, run_out);
  }
  if (explain->parsed()) {
    explain_args.color = explain_color == "always" ||
                         (explain_color == "auto" && isatty(STDOUT_FILENO) != 0);
    return cli::explain_command(explain_args);
  }
  if (lsm_order->parsed()) return cli::lsm_order_command(order);
  return cli::list_hooks_command();
}

}  // namespace lsmsim
