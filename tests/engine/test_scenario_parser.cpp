// The scenario parser: what valid files turn into, and where and how bad input is reported.
#include <boost/test/unit_test.hpp>
#include <sched.h>
#include <sys/mount.h>

#include "engine/scenario_parser.h"

using namespace lsmsim;
using namespace lsmsim::engine;

namespace {

BadInput parse_error(const std::string& text) {
  try {
    parse_scenario(text);
  } catch (const BadInput& e) {
    return e;
  }
  BOOST_FAIL("expected bad input for:\n" << text);
  return {};
}

void check_error(const std::string& text, int line, int column, const std::string& fragment) {
  const BadInput e = parse_error(text);
  BOOST_TEST_INFO("message: " << e.message);
  BOOST_CHECK_EQUAL(e.pos.line, line);
  BOOST_CHECK_EQUAL(e.pos.column, column);
  BOOST_CHECK_MESSAGE(e.message.find(fragment) != std::string::npos,
                      "'" << e.message << "' does not mention '" << fragment << "'");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scenario_parser)

BOOST_AUTO_TEST_CASE(valid_scenario_becomes_steps_with_typed_arguments) {
  const Scenario sc = parse_scenario(R"(name: demo
boot:
  lsm: capability,probe_a
  probes:
    - {name: probe_a, deny: {file_open: EACCES}, allow: [task_kill], exclusive: true}
steps:
  - {as: init, fork: alice}
  - {as: alice, unshare: [user, CLONE_NEWNET], ns_name: ct}
  - {as: alice, mkdir: /d, mode: 0750}
  - {as: alice, mount: /d, flags: make-rslave}
  - {as: alice, kill: init, signal: SIGTERM, expect: {error: EPERM, denied_by: capability}}
  - {as: alice, setresuid: [1000, -1, 1000]}
  - {as: init, read: /proc/self/status}
)");
  BOOST_CHECK_EQUAL(sc.name, "demo");
  BOOST_REQUIRE_EQUAL(sc.probes.size(), 1u);
  BOOST_CHECK_EQUAL(sc.probes[0].answers.at(Hook::file_open), -EACCES);
  BOOST_CHECK_EQUAL(sc.probes[0].answers.at(Hook::task_kill), 0);
  BOOST_CHECK(sc.probes[0].exclusive);
  BOOST_CHECK_EQUAL(*sc.config.lsm.lsm, "capability,probe_a");
  BOOST_REQUIRE_EQUAL(sc.steps.size(), 7u);
  BOOST_CHECK_EQUAL(sc.steps[0].op, "fork");
  BOOST_CHECK_EQUAL(sc.steps[0].args.at("child").text, "alice");
  BOOST_CHECK_EQUAL(sc.steps[1].args.at("flags").number, CLONE_NEWUSER | CLONE_NEWNET);
  BOOST_CHECK_EQUAL(*sc.steps[1].ns_name, "ct");
  BOOST_CHECK_EQUAL(sc.steps[2].args.at("mode").number, 0750);
  BOOST_CHECK_EQUAL(sc.steps[3].args.at("flags").number, MS_REC | MS_SLAVE);
  BOOST_CHECK_EQUAL(sc.steps[4].args.at("pid").text, "init");
  BOOST_CHECK(sc.steps[4].args.at("pid").deferred);
  BOOST_CHECK_EQUAL(*sc.steps[4].expect.error, EPERM);
  BOOST_CHECK_EQUAL(*sc.steps[4].expect.denied_by, "capability");
  BOOST_CHECK_EQUAL(sc.steps[5].args.at("euid").number, -1);
  BOOST_CHECK(sc.steps[6].expect.implicit);
  BOOST_CHECK(*sc.steps[6].expect.ok);
  BOOST_CHECK_EQUAL(sc.steps[6].pos.line, 13);
}

BOOST_AUTO_TEST_CASE(probes_join_config_lsm_when_lsm_is_not_given) {
  const Scenario sc = parse_scenario(
      "name: x\nboot:\n  probes: [{name: pa, allow: [file_open]}]\nsteps: []\n");
  BOOST_CHECK(!sc.config.lsm.lsm);
  BOOST_CHECK(sc.config.lsm.config_lsm.ends_with(",pa"));
}

BOOST_AUTO_TEST_CASE(expect_shorthands) {
  const Scenario sc = parse_scenario(
      "name: x\nsteps:\n  - {as: init, getpid: , expect: ok}\n"
      "  - {as: init, getpid: {}, expect: ENOENT}\n");
  BOOST_CHECK(*sc.steps[0].expect.ok);
  BOOST_CHECK(!sc.steps[0].expect.implicit);
  BOOST_CHECK_EQUAL(*sc.steps[1].expect.error, ENOENT);
}

BOOST_AUTO_TEST_CASE(flags_accept_bars_lists_and_numbers) {
  const Scenario sc = parse_scenario(
      "name: x\nsteps:\n  - {as: init, unshare: CLONE_NEWUSER | CLONE_NEWPID}\n"
      "  - {as: init, unshare: 0x40000000}\n  - {as: init, open: /f, flags: [O_CREAT, O_RDWR]}\n");
  BOOST_CHECK_EQUAL(sc.steps[0].args.at("flags").number, CLONE_NEWUSER | CLONE_NEWPID);
  BOOST_CHECK_EQUAL(sc.steps[1].args.at("flags").number, CLONE_NEWNET);
  BOOST_CHECK_EQUAL(sc.steps[2].args.at("flags").number, O_CREAT | O_RDWR);
}

// One case per kind of bad input; positions are 1-based line:column of the offending node.
BOOST_AUTO_TEST_CASE(malformed_yaml) {
  check_error("name: x\nsteps:\n  - {as: init, fork: a\n", 4, 1, "malformed YAML");
}
BOOST_AUTO_TEST_CASE(empty_file) { check_error("", 1, 1, "empty scenario"); }
BOOST_AUTO_TEST_CASE(top_level_not_a_mapping) {
  check_error("- a\n- b\n", 1, 1, "expected the scenario (a mapping), got a sequence");
}
BOOST_AUTO_TEST_CASE(unknown_top_level_key) {
  check_error("name: x\nstep: []\n", 2, 1, "unknown key 'step' in the scenario");
}
BOOST_AUTO_TEST_CASE(missing_steps) {
  check_error("name: x\n", 1, 1, "needs steps:");
}
BOOST_AUTO_TEST_CASE(duplicate_key) {
  check_error("name: x\nname: y\nsteps: []\n", 2, 1, "duplicate key 'name'");
}
BOOST_AUTO_TEST_CASE(unknown_boot_key) {
  check_error("name: x\nboot:\n  lsms: capability\nsteps: []\n", 3, 3,
              "unknown key 'lsms' in the boot section (expected one of: lsm, security");
}
BOOST_AUTO_TEST_CASE(wrong_type_for_boolean) {
  check_error("name: x\nboot: {stacking: yes}\nsteps: []\n", 2, 18, "(true or false), got 'yes'");
}
BOOST_AUTO_TEST_CASE(unknown_hook_in_probe) {
  check_error("name: x\nboot:\n  probes:\n    - {name: p, deny: {file_opn: EACCES}}\nsteps: []\n", 4,
              24, "unknown hook 'file_opn'");
}
BOOST_AUTO_TEST_CASE(unknown_errno_in_probe) {
  check_error("name: x\nboot:\n  probes:\n    - {name: p, deny: {file_open: EACCESS}}\nsteps: []\n",
              4, 35, "unknown errno name 'EACCESS'");
}
BOOST_AUTO_TEST_CASE(unknown_operation) {
  check_error("name: x\nsteps:\n  - {as: init, spawn: a}\n", 3, 16, "unknown operation 'spawn'");
}
BOOST_AUTO_TEST_CASE(step_without_operation) {
  check_error("name: x\nsteps:\n  - {as: init}\n", 3, 5, "has no operation");
}
BOOST_AUTO_TEST_CASE(two_operations) {
  check_error("name: x\nsteps:\n  - {as: init, getpid: , getuid: }\n", 3, 26,
              "has both 'getpid' and 'getuid'");
}
BOOST_AUTO_TEST_CASE(unknown_argument) {
  check_error("name: x\nsteps:\n  - {as: init, kill: 1, sig: 9}\n", 3, 25,
              "unknown argument 'sig' for kill (expected pid, signal;");
}
BOOST_AUTO_TEST_CASE(missing_required_argument) {
  check_error("name: x\nsteps:\n  - {as: init, write: /f}\n", 3, 16, "write needs 'data'");
}
BOOST_AUTO_TEST_CASE(missing_as) {
  check_error("name: x\nsteps:\n  - {getpid: }\n", 3, 5, "needs as:");
}
BOOST_AUTO_TEST_CASE(argument_of_wrong_type) {
  check_error("name: x\nsteps:\n  - {as: init, chdir: [/a, /b]}\n", 3, 23,
              "expected the arguments of chdir (chdir: PATH), got a sequence");
}
BOOST_AUTO_TEST_CASE(id_out_of_range) {
  check_error("name: x\nsteps:\n  - {as: init, setuid: 4294967296}\n", 3, 24, "out of range");
}
BOOST_AUTO_TEST_CASE(unknown_signal) {
  check_error("name: x\nsteps:\n  - {as: init, kill: 1, signal: SIGFOO}\n", 3, 33,
              "unknown signal 'SIGFOO'");
}
BOOST_AUTO_TEST_CASE(unknown_capability) {
  check_error("name: x\nsteps:\n  - {as: init, capset: {effective: [cap_sys_admn]}}\n", 3, 37,
              "unknown capability 'cap_sys_admn'");
}
BOOST_AUTO_TEST_CASE(unknown_clone_flag) {
  check_error("name: x\nsteps:\n  - {as: init, unshare: [user, network]}\n", 3, 32,
              "unknown clone flag 'network'");
}
BOOST_AUTO_TEST_CASE(bad_octal_mode) {
  check_error("name: x\nsteps:\n  - {as: init, mkdir: /d, mode: 0789}\n", 3, 33,
              "octal permission bits");
}
BOOST_AUTO_TEST_CASE(undefined_task_in_as) {
  check_error("name: x\nsteps:\n  - {as: bob, getpid: }\n", 3, 10,
              "unknown task 'bob' (tasks created by earlier steps: init)");
}
BOOST_AUTO_TEST_CASE(undefined_task_as_pid) {
  check_error("name: x\nsteps:\n  - {as: init, kill: bob}\n", 3, 22, "unknown task 'bob'");
}
BOOST_AUTO_TEST_CASE(task_defined_twice) {
  check_error("name: x\nsteps:\n  - {as: init, fork: a}\n  - {as: init, fork: a}\n", 4, 22,
              "task 'a' already exists (created at line 3)");
}
BOOST_AUTO_TEST_CASE(init_cannot_be_redefined) {
  check_error("name: x\nsteps:\n  - {as: init, fork: init}\n", 3, 22, "the boot task");
}
BOOST_AUTO_TEST_CASE(undefined_task_in_substitution) {
  check_error("name: x\nsteps:\n  - {as: init, read: \"/proc/${pid:ghost}/status\"}\n", 3, 22,
              "unknown task 'ghost'");
}
BOOST_AUTO_TEST_CASE(bad_substitution_kind) {
  check_error("name: x\nsteps:\n  - {as: init, read: \"/proc/${uid:init}\"}\n", 3, 22,
              "unknown reference kind 'uid'");
}
BOOST_AUTO_TEST_CASE(unterminated_substitution) {
  check_error("name: x\nsteps:\n  - {as: init, read: \"/proc/${pid:init\"}\n", 3, 22,
              "unterminated");
}
BOOST_AUTO_TEST_CASE(unsaved_value) {
  check_error("name: x\nsteps:\n  - {as: init, read: \"/proc/${fd}\"}\n", 3, 22,
              "unknown value '${fd}' (saved by earlier steps: none)");
}
BOOST_AUTO_TEST_CASE(unknown_errno_in_expect) {
  check_error("name: x\nsteps:\n  - {as: init, getpid: , expect: {error: EPERMS}}\n", 3, 42,
              "unknown errno name 'EPERMS'");
}
BOOST_AUTO_TEST_CASE(unknown_expect_key) {
  check_error("name: x\nsteps:\n  - {as: init, getpid: , expect: {erorr: EPERM}}\n", 3, 35,
              "unknown key 'erorr' in the expectations");
}
BOOST_AUTO_TEST_CASE(unknown_lsm_in_denied_by) {
  check_error("name: x\nsteps:\n  - {as: init, getpid: , expect: {denied_by: selinx}}\n", 3, 46,
              "unknown LSM 'selinx'");
}
BOOST_AUTO_TEST_CASE(unknown_hook_in_expect) {
  check_error("name: x\nsteps:\n  - {as: init, getpid: , expect: {called: \"capability:capabl\"}}\n",
              3, 43, "unknown hook 'capabl'");
}
BOOST_AUTO_TEST_CASE(bad_regex) {
  check_error("name: x\nsteps:\n  - {as: init, getpid: , expect: {matches: \"(\"}}\n", 3, 44,
              "bad regular expression");
}
BOOST_AUTO_TEST_CASE(contradictory_expectations) {
  check_error("name: x\nsteps:\n  - {as: init, getpid: , expect: {ok: true, error: EPERM}}\n", 3,
              34, "contradictory");
}
BOOST_AUTO_TEST_CASE(ns_name_only_where_namespaces_are_created) {
  check_error("name: x\nsteps:\n  - {as: init, getpid: , ns_name: x}\n", 3, 26,
              "unshare or clone only");
}
BOOST_AUTO_TEST_CASE(read_takes_path_or_fd) {
  check_error("name: x\nsteps:\n  - {as: init, read: {path: /a, fd: 3}}\n", 3, 16,
              "either 'path' or 'fd'");
}
BOOST_AUTO_TEST_CASE(operation_without_arguments_given_some) {
  check_error("name: x\nsteps:\n  - {as: init, getpid: 3}\n", 3, 24, "getpid takes no arguments");
}
BOOST_AUTO_TEST_CASE(two_documents) {
  check_error("name: x\nsteps: []\n---\nname: y\nsteps: []\n", 4, 1, "one YAML document");
}
BOOST_AUTO_TEST_CASE(deep_nesting_does_not_crash) {
  const std::string deep = "name: x\nsteps: " + std::string(5000, '[') + std::string(5000, ']');
  const BadInput e = parse_error(deep);
  BOOST_CHECK(e.pos.line >= 1);
}
BOOST_AUTO_TEST_CASE(binary_garbage_is_bad_input) {
  std::string junk = "name: \x01\xff\xfe\n\tsteps: [\x00]";
  junk.push_back('\0');
  parse_error(junk);
}

BOOST_AUTO_TEST_SUITE_END()

// Audit steps: auditctl refusals at the offending token as the file has it (the opening quote
// and escapes counted), record types auditd does not write, malformed filters, unknown daemons.
BOOST_AUTO_TEST_SUITE(audit_steps)

BOOST_AUTO_TEST_CASE(auditctl_errors_point_into_the_scalar_as_written) {
  // plain block scalar: the value starts at the scalar's column
  check_error("name: a\nsteps:\n  - as: init\n    auditctl: -a always,exit -S nosuch\n", 4, 33,
              "Syscall name unknown: nosuch");
  // double-quoted in a flow mapping: one past the quote
  check_error("name: a\nsteps:\n  - {as: init, auditctl: \"-a always,exit -F bogus=1\"}\n", 3, 45,
              "-F unknown field: bogus");
  // escapes take their written width: \" is 2 columns, \x41 4
  check_error(
      "name: a\nsteps:\n  - {as: init, auditctl: \"-a always,exit -S open -F key=\\x41\\\"B -S nosuch\"}\n",
      3, 68, "Syscall name unknown: nosuch");
  // single-quoted, '' is one quote; the second item of a list
  check_error(
      "name: a\nsteps:\n  - {as: init, auditctl: ['-w /etc/shadow', '-a always,exit -k it''s -S open']}\n",
      3, 61, "key option needs a watch or syscall");
}

BOOST_AUTO_TEST_CASE(record_types_are_auditds_names) {
  const std::string head = "name: a\nsteps:\n  - {as: init, auditd: {name: host}}\n";
  check_error(head + "  - {as: init, audit_records: {type: CONTAINER_ID}}\n", 4, 38,
              "unknown audit record type 'CONTAINER_ID'");
  check_error(head + "  - {as: init, audit_records: {type: \"UNKNOWN[1400]\"}}\n", 4, 38,
              "auditd writes record type 1400 as 'AVC'");
  check_error(head + "  - {as: init, audit_user_msg: {type: SYSCALL, text: x}}\n", 4, 39,
              "'SYSCALL' (1300) is not a user message type");
  BOOST_CHECK_NO_THROW(parse_scenario(head + "  - {as: init, audit_records: {type: \"UNKNOWN[1399]\"}}\n"));
}

BOOST_AUTO_TEST_CASE(filters_and_daemon_names_are_checked) {
  const std::string head = "name: a\nsteps:\n  - {as: init, auditd: {name: host}}\n";
  check_error(head + "  - {as: init, audit_records: {fields: [comm=x, \"a b=1\"]}}\n", 4, 49,
              "bad audit_records field 'a b=1'");
  check_error(head + "  - {as: init, audit_status: ctr}\n", 4, 30,
              "no audit daemon named 'ctr' has been started");
  check_error("name: a\nsteps:\n  - {as: init, audit_drain: host}\n", 3, 29,
              "no audit daemon named 'host'");
  BOOST_CHECK_NO_THROW(parse_scenario(head + "  - {as: init, audit_records: {fields: [key, comm=x]}}\n"));
}

BOOST_AUTO_TEST_SUITE_END()
