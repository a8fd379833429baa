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

  cli::PsArgs ps_args;
  CLI::App* ps = app.add_subcommand(
      "ps", "List the tasks of a scenario with their labels as a task sees them (ps -eZ)");
  ps->add_option("FILE", ps_args.file, "Scenario file (YAML)")->required();
  ps->add_option("--after-step", ps_args.after_step, "Stop after step N (0: right after boot)")
      ->check(CLI::NonNegativeNumber);
  ps->add_option("--as", ps_args.as, "The task whose view is shown (default init)");
  ps->add_option("--lsm", ps_args.lsm, "Also one column for this LSM's own attr file, or all");
  ps->add_option("--format", ps_args.format, "ps (a table like ps -eZ) or json")
      ->check(CLI::IsMember({"ps", "json"}));
  ps->footer("Exit status: 0, or 2 for bad input. Columns: docs/ps-and-graph.md.");

  cli::GraphArgs graph_args;
  CLI::App* graph = app.add_subcommand(
      "graph", "Draw a scenario's namespaces, task tree and label transitions (DOT or SVG)");
  graph->add_option("FILE", graph_args.file, "Scenario file (YAML)")->required();
  graph
      ->add_option("--after-step", graph_args.after_step,
                   "Stop after step N (0: right after boot)")
      ->check(CLI::NonNegativeNumber);
  graph->add_option("--as", graph_args.as, "The task whose view labels the tasks (default init)");
  graph->add_option("-o,--output", graph_args.output, "Output file (default: stdout)");
  graph
      ->add_option("--format", graph_args.format,
                   "dot or svg (default: from -o's extension, else dot)")
      ->check(CLI::IsMember({"dot", "svg"}));
  graph->footer("Exit status: 0, or 2 for bad input. What is drawn: docs/ps-and-graph.md.");
  cli::ReachArgs reach_args;
  auto reach_options = [&reach_args](CLI::App* c) {
    c->add_option("FILE", reach_args.file, "Scenario file (YAML)")->required();
    c->add_option("--from", reach_args.from, "The task to start from (its scenario name)")
        ->required();
    c->add_option("--after-step", reach_args.after_step,
                  "Replay steps 1..N first (default: every step)");
    c->add_option("--max-states", reach_args.max_states, "Stop with an error beyond N states");
    c->add_flag("--self-changes", reach_args.self_changes,
                "Also try change_profile/change_onexec and setcon/setexeccon to every target");
    c->add_option("--max-candidates", reach_args.max_candidates,
                  "Stop with an error beyond N exec attempts");
  };
  CLI::App* reach = app.add_subcommand(
      "reach", "Can a task ever reach a label or an access? (the combined transition graph)");
  reach_options(reach);
  reach->add_option("--to", reach_args.to,
                    "Target labels, e.g. 'selinux=update_t,apparmor=unconfined' (a type, a "
                    "profile or an exact label per LSM)");
  reach->add_option("--access", reach_args.access,
                    "An access the target state must be allowed, e.g. 'open /etc/shadow O_WRONLY'");
  reach->add_flag("--per-lsm", reach_args.per_lsm,
                  "Also answer with each LSM booted alone (each LSM's own analysis)");
  reach->add_option("--dot", reach_args.dot, "Write the graph as DOT to this file ('-': stdout)");
  reach->footer("Exit status: 0 reachable, 1 proven unreachable, 2 bad input or a limit reached.");
  CLI::App* transitions = app.add_subcommand(
      "transitions", "Print a task's combined transition graph (states, execs, refusals)");
  reach_options(transitions);
  transitions->add_flag("--dot", reach_args.dot_stdout, "Print the graph as Graphviz DOT");

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
  if (ps->parsed()) return cli::ps_command(ps_args);
  if (graph->parsed()) return cli::graph_command(graph_args);
  if (reach->parsed()) return cli::reach_command(reach_args);
  if (transitions->parsed()) return cli::transitions_command(reach_args);
  if (check->parsed()) return cli::check_command(check_files, check_quiet);
  if (schema->parsed()) return cli::schema_command();
  return cli::list_hooks_command();
}

}  // namespace lsmsim
