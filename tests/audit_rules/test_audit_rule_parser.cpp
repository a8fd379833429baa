// auditctl rule syntax (src/auditctl.c setopt, lib/libaudit.c audit_rule_fieldpair_data): what
// parses, what auditctl -l prints back, and every refusal with its file:line:col.
#include <boost/test/unit_test.hpp>

#include <string>

#include "model/audit/audit_rule.h"
#include "model/audit/audit_types.h"

using namespace lsmsim;

namespace {

// The error parse_auditctl raises for `text`, which must be one.
AuditRuleError error_of(const std::string& text) {
  try {
    parse_auditctl(text, "rules", 3);
  } catch (const AuditRuleError& e) {
    return e;
  }
  BOOST_FAIL("no error for: " + text);
  throw;  // unreachable
}

void check_error(const std::string& text, int column, const std::string& fragment) {
  const AuditRuleError e = error_of(text);
  BOOST_TEST(e.file() == "rules", text);
  BOOST_TEST(e.line() == 3, text);
  BOOST_TEST(e.column() == column, text + " -> " + e.what());
  BOOST_TEST(e.message().find(fragment) != std::string::npos, text + " -> " + e.what());
  BOOST_TEST(std::string(e.what()) ==
             "rules:3:" + std::to_string(column) + ": " + e.message());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_rule_parser)

BOOST_AUTO_TEST_CASE(syscall_rule_with_fields_and_key) {
  const auto c = parse_auditctl(
      "-a always,exit -F arch=b64 -S openat,open -S 59 -F auid>=1000 -F auid!=unset "
      "-F exit=-EACCES -F success=0 -F subj_type=httpd_t -k access");
  BOOST_TEST(static_cast<int>(c.kind) == static_cast<int>(AuditctlCommand::Kind::append_rule));
  const AuditRule& r = c.rule;
  BOOST_TEST(static_cast<int>(r.list) == static_cast<int>(AuditFilterList::exit));
  BOOST_TEST(static_cast<int>(r.action) == static_cast<int>(AuditAction::always));
  BOOST_TEST(!r.all_syscalls);
  BOOST_TEST((r.syscalls == std::vector<int>{2, 59, 257}));
  BOOST_TEST_REQUIRE(r.fields.size() == 6u);
  BOOST_TEST(r.fields[0].field == "arch");
  BOOST_TEST(r.fields[0].number == 0xc000003eu);
  BOOST_TEST(r.fields[1].field == "auid");
  BOOST_TEST(static_cast<int>(r.fields[1].op) == static_cast<int>(AuditOp::ge));
  BOOST_TEST(r.fields[1].number == 1000u);
  BOOST_TEST(static_cast<int>(r.fields[2].op) == static_cast<int>(AuditOp::ne));
  BOOST_TEST(r.fields[2].number == 4294967295u);
  BOOST_TEST(r.fields[3].field == "exit");
  BOOST_TEST(r.fields[3].number == static_cast<std::uint32_t>(-13));
  BOOST_TEST(r.fields[4].number == 0u);
  BOOST_TEST(r.fields[5].is_text);
  BOOST_TEST(r.fields[5].text == "httpd_t");
  BOOST_TEST(r.key == "access");
  BOOST_TEST(format_audit_rule(r) ==
             "-a always,exit -F arch=b64 -S open,execve,openat -F auid>=1000 -F auid!=-1 "
             "-F exit=-EACCES -F success=0 -F subj_type=httpd_t -F key=access");
}

BOOST_AUTO_TEST_CASE(list_and_action_in_either_order) {
  const auto a = parse_auditctl("-a exit,always -S kill");
  const auto b = parse_auditctl("-a always,exit -S kill");
  BOOST_TEST((a.rule == b.rule));
  const auto n = parse_auditctl("-A never,task");
  BOOST_TEST(static_cast<int>(n.kind) == static_cast<int>(AuditctlCommand::Kind::prepend_rule));
  BOOST_TEST(static_cast<int>(n.rule.action) == static_cast<int>(AuditAction::never));
  BOOST_TEST(static_cast<int>(n.rule.list) == static_cast<int>(AuditFilterList::task));
  BOOST_TEST(format_audit_rule(n.rule) == "-a never,task");
}

BOOST_AUTO_TEST_CASE(exit_rule_without_syscalls_is_all) {
  const auto c = parse_auditctl("-a always,exit -F uid=0");
  BOOST_TEST(c.rule.all_syscalls);
  BOOST_TEST(format_audit_rule(c.rule) == "-a always,exit -S all -F uid=0");
  const auto all = parse_auditctl("-a always,exit -S all -F contid=123456789012");
  BOOST_TEST(all.rule.all_syscalls);
  BOOST_TEST(all.rule.fields[0].number == 123456789012ull);
  BOOST_TEST(format_audit_rule(all.rule) == "-a always,exit -S all -F contid=123456789012");
}

BOOST_AUTO_TEST_CASE(watches) {
  const auto w = parse_auditctl("-w /etc/shadow/ -p wa -k shadow");
  BOOST_TEST(w.rule.watch_path == "/etc/shadow");
  BOOST_TEST(w.rule.watch_perms == 10u);  // write 2 | attr 8
  BOOST_TEST(w.rule.key == "shadow");
  BOOST_TEST(format_audit_rule(w.rule) == "-w /etc/shadow -p wa -k shadow");
  const auto all = parse_auditctl("-w /etc/passwd");
  BOOST_TEST(all.rule.watch_perms == 15u);
  BOOST_TEST(format_audit_rule(all.rule) == "-w /etc/passwd -p rwxa");
  const auto del = parse_auditctl("-W /etc/passwd");
  BOOST_TEST(static_cast<int>(del.kind) == static_cast<int>(AuditctlCommand::Kind::delete_rule));
  BOOST_TEST((del.rule == all.rule));
}

BOOST_AUTO_TEST_CASE(exclude_by_msgtype) {
  const auto c = parse_auditctl("-a always,exclude -F msgtype=AVC");
  BOOST_TEST_REQUIRE(c.rule.fields.size() == 1u);
  BOOST_TEST(c.rule.fields[0].number == 1400u);
  BOOST_TEST(format_audit_rule(c.rule) == "-a always,exclude -F msgtype=AVC");
  const auto n = parse_auditctl("-a never,exclude -F msgtype=1300");
  BOOST_TEST(n.rule.fields[0].number == 1300u);
  BOOST_TEST(format_audit_rule(n.rule) == "-a never,exclude -F msgtype=SYSCALL");
}

BOOST_AUTO_TEST_CASE(control_commands) {
  using K = AuditctlCommand::Kind;
  const std::pair<const char*, K> cases[] = {
      {"-e 2", K::set_enabled},         {"-f 0", K::set_failure},
      {"-b 8192", K::set_backlog_limit}, {"--backlog_wait_time 0", K::set_backlog_wait_time},
      {"-r 100", K::set_rate_limit},    {"-D", K::delete_all},
      {"-l", K::list_rules},            {"-s", K::status},
  };
  for (const auto& [text, kind] : cases) {
    BOOST_TEST(static_cast<int>(parse_auditctl(text).kind) == static_cast<int>(kind), text);
  }
  BOOST_TEST(parse_auditctl("-b 8192").value == 8192u);
  BOOST_TEST(parse_auditctl("-e 2").value == 2u);
  BOOST_TEST(parse_auditctl("-r 100").value == 100u);
}

BOOST_AUTO_TEST_CASE(rules_file_lines_and_comments) {
  const std::string text =
      "# audit.rules\n"
      "-D\n"
      "\n"
      "-b 320\n"
      "  # indented comment\n"
      "-a always,exit -F arch=b64 -S unlink,unlinkat,rename -k delete\n";
  const auto cmds = parse_audit_rules(text, "audit.rules");
  BOOST_TEST_REQUIRE(cmds.size() == 3u);
  BOOST_TEST(cmds[2].rule.text == "-a always,exit -F arch=b64 -S unlink,unlinkat,rename -k delete");
  try {
    parse_audit_rules("-D\n\n-a always,exit -S nosuchcall\n", "audit.rules");
    BOOST_FAIL("accepted an unknown syscall");
  } catch (const AuditRuleError& e) {
    BOOST_TEST(std::string(e.what()).rfind("audit.rules:3:19: Syscall name unknown: nosuchcall", 0)
               == 0, e.what());
  }
}

BOOST_AUTO_TEST_CASE(syscall_table) {
  const std::pair<const char*, int> known[] = {
      {"read", 0},      {"write", 1},         {"open", 2},           {"close", 3},
      {"stat", 4},      {"kill", 62},         {"execve", 59},        {"fork", 57},
      {"clone", 56},    {"exit_group", 231},  {"wait4", 61},         {"ptrace", 101},
      {"setuid", 105},  {"capset", 126},      {"prctl", 157},        {"unshare", 272},
      {"setns", 308},   {"mount", 165},       {"umount2", 166},      {"socket", 41},
      {"connect", 42},  {"bind", 49},         {"listen", 50},        {"accept", 43},
      {"sendto", 44},   {"getsockopt", 55},   {"setxattr", 188},     {"removexattr", 197},
      {"openat", 257},  {"mkdir", 83},        {"unlink", 87},        {"rename", 82},
      {"chmod", 90},    {"fchmod", 91},       {"chown", 92},         {"truncate", 76},
      {"lsm_get_self_attr", 459}, {"lsm_set_self_attr", 460}, {"lsm_list_modules", 461},
  };
  for (const auto& [name, nr] : known) {
    BOOST_TEST(audit_syscall_number(name) == nr, name);
    BOOST_TEST(audit_syscall_name(nr) == name, name);
  }
  BOOST_TEST(audit_syscall_number("frobnicate") == -1);
  BOOST_TEST(audit_syscall_name(1999).empty());
  // A number lsmsim cannot name still parses and lists as the number.
  BOOST_TEST(format_audit_rule(parse_auditctl("-a always,exit -S 1999").rule) ==
             "-a always,exit -S 1999");
}

BOOST_AUTO_TEST_CASE(round_trips) {
  const char* rules[] = {
      "-a always,exit -F arch=b64 -S openat -F key=k",
      "-a never,exit -S all -F pid=1",
      "-a always,exit -F arch=b64 -S execve -F euid=0 -F auid!=-1 -F key=root",
      "-a always,exit -S all -F exit=-EPERM -F success=0",
      "-a always,exit -S all -F path=/etc/shadow -F perm=wa",
      "-a always,exit -S all -F obj_type=shadow_t -F subj_role!=system_r",
      "-a always,user -F uid=1000",
      "-a never,exclude -F msgtype=CWD",
      "-w /etc -p rwxa -k etc",
  };
  for (const char* text : rules) {
    const AuditRule r = parse_auditctl(text).rule;
    BOOST_TEST(format_audit_rule(r) == text);
    BOOST_TEST((parse_auditctl(format_audit_rule(r)).rule == r), text);
  }
  BOOST_TEST(!(parse_auditctl("-a always,exit -S all -F uid=1").rule ==
               parse_auditctl("-a always,exit -S all -F uid=2").rule));
  BOOST_TEST(!(parse_auditctl("-a always,exit -S kill -k a").rule ==
               parse_auditctl("-a always,exit -S kill -k b").rule));
}

BOOST_AUTO_TEST_CASE(every_error_names_its_column) {
  check_error("", 1, "expected an auditctl option");
  check_error("-a entry,always -S open", 4, "Use of entry filter is deprecated");
  check_error("-a always,entry", 11, "Use of entry filter is deprecated");
  check_error("-a always", 4, "Append rule - bad keyword always");
  check_error("-a always,exit,task", 4, "bad keyword");
  check_error("-a always,bogus", 11, "unknown list 'bogus'");
  check_error("-A task,sometimes", 9, "Add rule - bad keyword");
  check_error("-d exit,possible", 9, "Delete rule - possible is deprecated");
  check_error("-a always,exit -a always,exit", 16, "Multiple rule insert/delete");
  check_error("-a", 1, "requires LIST,ACTION");
  check_error("-a always,exit -S", 16, "requires a syscall name");
  check_error("-a always,exit -S open,nope", 24, "Syscall name unknown: nope");
  check_error("-a always,exit -S 2048", 19, "Syscall name unknown: 2048");
  check_error("-a always,task -S open", 19, "syscall auditing being added to task list");
  check_error("-a always,user -S open", 19, "syscall auditing being added to user list");
  check_error("-S open -a always,exclude -F msgtype=AVC", 4,
              "syscall auditing cannot be put on exclude list");
  check_error("-F uid=0 -a always,exit", 4, "List must be given before field");
  check_error("-a always,exit -F uid", 19, "-F missing operation for uid");
  check_error("-a always,exit -F =0", 19, "missing field name");
  check_error("-a always,exit -F bogus=1", 19, "-F unknown field: bogus");
  check_error("-a always,exit -F uid=", 23, "-F missing value after operation");
  check_error("-a always,exit -F uid=root", 23, "-F value should be number for uid=root");
  check_error("-a always,exit -F uid=99999999999", 23, "value should be number");
  check_error("-a always,exit -F exit=-ENOTANERRNO", 24, "-F unknown errno");
  check_error("-a always,exit -F success=2", 27, "expected 0 or 1");
  check_error("-a always,task -F exit=-EACCES", 19, "exit can only be used with exit filter");
  check_error("-a always,exit -F subj_type<x_t", 28, "subj_type only takes = or !=");
  check_error("-a always,exit -F contid>5", 25, "contid only takes = or !=");
  check_error("-a always,exit -F contid=abc", 26, "value should be number");
  check_error("-a always,exit -F arch=b32 -S open", 24, "arch=b32 is not supported");
  check_error("-a always,exit -F arch=sparc", 24, "unknown arch");
  check_error("-a always,exit -S open -F arch=b64", 27, "arch must be before -S");
  check_error("-a always,exit -F msgtype=AVC", 19,
              "msgtype field can only be used with exclude filter list");
  check_error("-a always,exclude -F msgtype=NOPE", 30, "-F unknown message type - NOPE");
  check_error("-a always,exclude -F uid=0", 22, "Only msgtype field can be used with exclude");
  check_error("-a always,exclude", 4, "exclude rule needs -F msgtype");
  check_error("-a always,exit -F path=etc", 24, "The path must start with '/'");
  check_error("-a always,exit -F perm=rq", 25, "Permission can only contain");
  check_error("-a always,exit -F uid=0 -k x", 25, "key option needs a watch or syscall");
  check_error("-k x", 1, "key option needs a watch or syscall");
  check_error("-a always,exit -S open -F key!=x", 30, "key only takes the = operator");
  check_error("-a always,exit -S open -k " + std::string(257, 'k'), 27, "exceeds size limit");
  check_error("-w etc", 4, "The path must start with '/'");
  check_error("-a always,exit -w /etc", 16, "watch option can't be given with a syscall");
  check_error("-p wa", 1, "permission option needs a watch");
  check_error("-w /etc -p wz", 13, "Permission z isn't supported");
  check_error("-w /etc -p rwxaa", 12, "permission rwxaa is too long");
  check_error("-e 3", 4, "Enable must be 0, 1, or 2 was 3");
  check_error("-f x", 4, "Failure must be 0, 1, or 2 was x");
  check_error("-b lots", 4, "Backlog must be a numeric value was lots");
  check_error("-b 99999999999", 4, "Error converting backlog");
  check_error("-r fast", 4, "Rate must be a numeric value");
  check_error("--backlog_wait_time x", 21, "Backlog_wait_time must be a numeric value");
  check_error("-e 1 -b 2", 6, "must be given alone");
  check_error("-D -l", 4, "must be given alone");
  check_error("-l -i", 4, "must be given alone");
  check_error("-a always,exit -S open extra", 24, "parameter passed without an option given");
  check_error("-a always,exit -Z", 16, "Option -Z is invalid");
}

BOOST_AUTO_TEST_CASE(column_offset_is_added) {
  try {
    parse_auditctl("-a always,exit -S nope", "scenario.yaml", 12, 10);
    BOOST_FAIL("accepted");
  } catch (const AuditRuleError& e) {
    BOOST_TEST(e.column() == 29);
    BOOST_TEST(e.line() == 12);
    BOOST_TEST(e.file() == "scenario.yaml");
  }
}

BOOST_AUTO_TEST_SUITE_END()
