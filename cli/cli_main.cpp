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
  run->footer("Exit status: 0 all expectations met, 1 an expectation failed, 2 bad input.");

  std::vector<std::string> check_files;
  bool check_quiet = false;
  CLI::App* check = app.add_subcommand(
      "check", "Validate scenario files (includes, matrix, policies, rules) without running them");
  check->add_option("FILE", check_files, "Scenario files (YAML)")->required();
  check->add_flag("-q,--quiet", check_quiet, "Print only errors");
  check->footer("Exit status: 0 all files valid, 2 bad input (file:line:col: message on stderr).");
  CLI::App* schema =
      app.add_subcommand("schema", "Print the JSON Schema of the scenario format");

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
    return cli::run_command(files, run_opts);
  }
  if (lsm_order->parsed()) return cli::lsm_order_command(order);
  if (check->parsed()) return cli::check_command(check_files, check_quiet);
  if (schema->parsed()) return cli::schema_command();
  return cli::list_hooks_command();
}

}  // namespace lsmsim
