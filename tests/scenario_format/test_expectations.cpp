// expect audit: (records the step produced) and labels: (as a viewer reads them).
#include "engine/run.h"
#include "format_test_support.h"

using namespace lsmsim;
using namespace lsmsim::engine;
using lsmsim::engine::test::error_of;
using lsmsim::engine::test::mentions;

namespace {

ScenarioReport run(const std::string& text) {
  return run_scenario_text(text, "x.yaml", RunOptions{});
}

const std::string kAudit = R"(name: a
boot: {lsm: capability, audit: {boot: on}}
steps:
  - {as: init, auditd: {name: host}}
  - {as: init, fork: ftp}
  - as: ftp
    audit_user_msg: {type: USER_LOGIN, text: "op=login acct=\"ftp\" res=success"}
    expect:
      audit:
        count: 1
        records: [{type: USER_LOGIN, fields: [acct=ftp, "pid=${pid:ftp}"]}]
        not_records: [{type: USER_AUTH}]
  - as: ftp
    getpid:
    expect: {audit: {count: 0, not_records: [{type: USER_LOGIN}]}}
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_expectations)

BOOST_AUTO_TEST_CASE(records_of_the_step_only_are_seen) {
  const ScenarioReport r = run(kAudit);
  BOOST_TEST_INFO(r.text << r.error);
  BOOST_CHECK(r.passed());
  BOOST_CHECK_EQUAL(r.expectations_failed, 0);
}

BOOST_AUTO_TEST_CASE(a_wrong_audit_expectation_fails_with_the_records_shown) {
  std::string text = kAudit;
  text.replace(text.find("acct=ftp"), 8, "acct=bob");
  text.replace(text.find("count: 0"), 8, "count: 2");
  const ScenarioReport r = run(text);
  BOOST_CHECK(!r.passed());
  BOOST_CHECK_EQUAL(r.expectations_failed, 2);
  BOOST_CHECK(
      mentions(r.text, "expected: audit daemon host received a USER_LOGIN record with acct=bob"));
  BOOST_CHECK(mentions(r.text, "type=USER_LOGIN msg=audit("));
  BOOST_CHECK(mentions(r.text, "actual:   0 records in this step"));
}

BOOST_AUTO_TEST_CASE(audit_expectations_are_checked_when_parsed) {
  const std::string head = "name: a\nboot: {audit: {boot: on}}\nsteps:\n  - {as: init, auditd: }\n";
  BadInput e =
      error_of(head + "  - {as: init, getpid: , expect: {audit: {records: [{type: NOPE}]}}}\n");
  BOOST_CHECK(mentions(e.message, "unknown audit record type 'NOPE'"));
  BOOST_CHECK_EQUAL(e.pos.line, 5);
  e = error_of(head + "  - {as: init, getpid: , expect: {audit: {daemon: ctr, count: 1}}}\n");
  BOOST_CHECK(mentions(e.message, "no audit daemon named 'ctr'"));
  e = error_of(head +
               "  - {as: init, getpid: , expect: {audit: {records: [{fields: [\"=x\"]}]}}}\n");
  BOOST_CHECK(mentions(e.message, "bad audit_records field '=x'"));
  e = error_of(head + "  - {as: init, getpid: , expect: {audit: {}}}\n");
  BOOST_CHECK(mentions(e.message, "needs count:, records: or not_records:"));
  e = error_of(head + "  - {as: init, getpid: , expect: {audit: {records: [{}]}}}\n");
  BOOST_CHECK(mentions(e.message, "needs type: or fields:"));
  e = error_of("name: a\nsteps:\n  - {as: init, getpid: , expect: {audit: {count: 1}}}\n");
  BOOST_CHECK(mentions(e.message, "no audit daemon named 'host' has been started"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(label_expectations)

// Two probes with fixed labels: the legacy attr file answers with the first one's.
const std::string kLabels = R"(name: l
boot:
  lsm: capability,pa,pb
  stacking: true
  interface_lsm: false
  probes:
    - {name: pa, attr: alpha, allow: [getprocattr]}
    - {name: pb, attr: beta, allow: [getprocattr]}
steps:
  - {as: init, fork: alice}
  - {as: alice, unshare: [pid, mnt]}
  - as: alice
    fork: kid
    expect: {labels: {of: {kid: alpha, alice: alpha}}}
  - {as: kid, unshare: mnt}
  - {as: kid, mount: {target: /, flags: make-rprivate}}
  - {as: kid, mount: {type: proc, target: /proc, source: proc}}
  - as: kid
    getpid:
    expect:
      returns: 1
      labels: {of: {kid: alpha, init: invisible, alice: ~}}
  - as: init
    getpid:
    expect: {labels: {viewer: alice, of: {kid: alpha, init: alpha}}}
)";

BOOST_AUTO_TEST_CASE(labels_as_the_viewer_reads_them) {
  const ScenarioReport r = run(kLabels);
  BOOST_TEST_INFO(r.text << r.error);
  BOOST_CHECK(r.passed());
}

BOOST_AUTO_TEST_CASE(wrong_labels_and_visibility_fail) {
  std::string text = kLabels;
  text.replace(text.find("init: invisible"), 15, "init: alpha");
  text.replace(text.find("of: {kid: alpha, init: alpha}"), 29, "of: {kid: beta, init: invisible}");
  const ScenarioReport r = run(text);
  BOOST_CHECK_EQUAL(r.expectations_failed, 3);
  BOOST_CHECK(mentions(r.text, "actual:   invisible (no pid in kid's pid namespace)"));
  BOOST_CHECK(mentions(r.text, "expected: kid's attr/current as alice sees it: \"beta\""));
}

BOOST_AUTO_TEST_CASE(label_expectations_are_checked_when_parsed) {
  BadInput e =
      error_of("name: l\nsteps:\n  - {as: init, getpid: , expect: {labels: {of: {bob: x}}}}\n");
  BOOST_CHECK(mentions(e.message, "unknown task 'bob'"));
  BOOST_CHECK_EQUAL(e.pos.line, 3);
  BOOST_CHECK_EQUAL(e.pos.column, 49);
  e = error_of(
      "name: l\nsteps:\n  - {as: init, getpid: , expect: {labels: {viewer: bob, of: {init: "
      "x}}}}\n");
  BOOST_CHECK(mentions(e.message, "unknown task 'bob'"));
  e = error_of(
      "name: l\nsteps:\n  - {as: init, getpid: , expect: {labels: {lsm: selinx, of: {init: "
      "x}}}}\n");
  BOOST_CHECK(mentions(e.message, "unknown LSM 'selinx'"));
  e = error_of(
      "name: l\nsteps:\n  - {as: init, getpid: , expect: {labels: {of: {init: {error: "
      "EWHAT}}}}}\n");
  BOOST_CHECK(mentions(e.message, "unknown errno name 'EWHAT'"));
  e = error_of("name: l\nsteps:\n  - {as: init, getpid: , expect: {labels: {}}}\n");
  BOOST_CHECK(mentions(e.message, "labels: needs of:"));
  // The task a fork creates may be named in the same step.
  BOOST_CHECK_NO_THROW(
      parse_scenario("name: l\nsteps:\n  - {as: init, fork: a, expect: {labels: {of: {a: x}}}}\n"));
}

BOOST_AUTO_TEST_SUITE_END()
