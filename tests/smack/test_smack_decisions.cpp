// smk_access() through smackfs access2: the decision order of the kernel code and rule updates.
// The expected values of the first cases are answers of a real kernel (6.1, user-mode-linux;
// /work/shared/reference/oracles.md §5).
#include <boost/test/unit_test.hpp>

#include <cstdio>

#include "model/syscalls/process.h"
#include "tests/smack/smack_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(smack_decisions)

BOOST_AUTO_TEST_CASE(real_kernel_answers) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "Alpha Beta r") == 0);
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "Alpha Gamma rwx") == 0);
  const std::pair<const char*, const char*> cases[] = {
      {"Alpha Beta r", "1"},  {"Alpha Beta w", "0"},   {"Alpha Gamma rwx", "1"},
      {"Alpha Delta r", "0"}, {"Alpha Alpha rw", "1"}, {"Alpha _ r", "1"},
      {"Alpha _ w", "0"},     {"_ Beta r", "0"},       {"* Beta r", "0"},
      {"Alpha * w", "1"},     {"^ Beta r", "1"},       {"^ Beta w", "0"},
      {"@ Alpha w", "1"},     {"Alpha @ w", "1"},
  };
  for (const auto& [rule, answer] : cases) BOOST_TEST(ask(init, rule) == answer, rule);
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "Alpha Gamma -") == 0);
  BOOST_TEST(ask(init, "Alpha Gamma r") == "0");
}

// More answers of the real kernel (6.1, user-mode-linux, lsm=smack; run while writing lsmsim's
// smackfs): the floor/hat rule needs a read-only or lock-only request, an empty request needs a
// rule, labels end at the first bad character, access letters stop at one, change-rule edits.
BOOST_AUTO_TEST_CASE(more_real_kernel_answers) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "Alpha Beta r") == 0);
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "Alpha Gamma rwx") == 0);
  const std::pair<const char*, const char*> cases[] = {
      {"Alpha _ rl", "0"}, {"Alpha _ l", "1"},    {"^ Beta l", "1"},
      {"^ Beta rl", "0"},  {"Alpha Beta -", "1"}, {"Alpha Delta -", "0"},
  };
  for (const auto& [rule, answer] : cases) BOOST_TEST(ask(init, rule) == answer, rule);
  BOOST_TEST(smk_write(init, "load2", "P/x Q r") == 0);
  BOOST_TEST(ask(init, "P Q r") == "1");
  BOOST_TEST(smk_write(init, "load2", "S T rzw") == 0);
  BOOST_TEST(ask(init, "S T w") == "0");
  BOOST_TEST(ask(init, "S T r") == "1");
  BOOST_TEST(smk_write(init, "load2", "A B rw") == 0);
  BOOST_TEST(smk_write(init, "change-rule", "A B x r") == 0);
  BOOST_TEST(ask(init, "A B w") == "1");
  BOOST_TEST(ask(init, "A B r") == "0");
  BOOST_TEST(smk_write(init, "load2", "  I\tJ   r  \n\n") == 0);
  BOOST_TEST(ask(init, "I J r") == "1");
  BOOST_TEST(smk_write(init, "load2", std::string("K L r\0M N r", 11)) == EINVAL);
  BOOST_TEST(ask(init, "K L r") == "1");
  BOOST_TEST(ask(init, "M N r") == "0");
  // smackfs write handlers leave f_pos alone: a second write on the same open file works.
  SysResult o = sys_open(init, smackfs("load2"), O_WRONLY);
  BOOST_TEST_REQUIRE(o.ok());
  const int fd = static_cast<int>(o.ret);
  BOOST_TEST(sys_write(init, fd, "E F r").ok());
  BOOST_TEST(sys_write(init, fd, "G H r").ok());
  sys_close(init, fd);
  BOOST_TEST(ask(init, "G H r") == "1");
}

// The order smk_access() checks in: star subject before web and star object, then equal
// labels, then floor/hat only for read-only or lock-only requests, then the rule.
BOOST_AUTO_TEST_CASE(code_order_of_the_built_in_checks) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  // access2 finds labels, it does not import them: unknown ones answer 0 whatever the check.
  BOOST_TEST(ask(init, "Alpha _ r") == "0");
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "Alpha Beta -") == 0);  // imports both labels
  BOOST_TEST(ask(init, "* @ r") == "0");                              // star subject first
  BOOST_TEST(ask(init, "* * r") == "0");
  BOOST_TEST(ask(init, "@ * rwx") == "1");
  BOOST_TEST(ask(init, "_ _ rwxat") == "1");  // equal labels, any access
  BOOST_TEST(ask(init, "Alpha _ x") == "1");  // floor: read and execute
  BOOST_TEST(ask(init, "Alpha _ rx") == "1");
  BOOST_TEST(ask(init, "Alpha _ l") == "1");   // lock alone
  BOOST_TEST(ask(init, "Alpha _ rl") == "0");  // neither read-only nor lock-only
  BOOST_TEST(ask(init, "^ Beta l") == "1");
  BOOST_TEST(ask(init, "^ Beta a") == "0");
  BOOST_TEST(ask(init, "^ _ w") == "0");
  // "?" has no built-in meaning.
  BOOST_TEST(ask(init, "? Beta r") == "0");
  BOOST_TEST(ask(init, "Never Seen r") == "0");
  BOOST_TEST(smack_lsm(k)->known.lookup("Never") == 0u);
}

BOOST_AUTO_TEST_CASE(rules_grant_what_they_list) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "A B w\nA C rxa\nA D -\n") == 0);
  BOOST_TEST(ask(init, "A B l") == "1");  // write implies lock
  BOOST_TEST(ask(init, "A B wl") == "1");
  BOOST_TEST(ask(init, "A B r") == "0");
  BOOST_TEST(ask(init, "A C rxa") == "1");
  BOOST_TEST(ask(init, "A C ra") == "1");
  BOOST_TEST(ask(init, "A C rw") == "0");
  BOOST_TEST(ask(init, "A C l") == "0");
  // An empty request needs a rule with some access.
  BOOST_TEST(ask(init, "A C -") == "1");
  BOOST_TEST(ask(init, "A D -") == "0");
  BOOST_TEST(ask(init, "A E -") == "0");
  // Rules are directed.
  BOOST_TEST(ask(init, "B A w") == "0");
}

BOOST_AUTO_TEST_CASE(last_write_wins_and_change_rule_edits) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "A B rwx") == 0);
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "A B r") == 0);
  BOOST_TEST(ask(init, "A B w") == "0");
  BOOST_TEST(ask(init, "A B r") == "1");
  // change-rule: "subject object allow deny".
  BOOST_TEST_REQUIRE(smk_write(init, "change-rule", "A B wx r") == 0);
  BOOST_TEST(ask(init, "A B wx") == "1");
  BOOST_TEST(ask(init, "A B r") == "0");
  BOOST_TEST(smk_read(init, "load2") == "A B wx\n");
  // A new pair gets allow minus deny.
  BOOST_TEST_REQUIRE(smk_write(init, "change-rule", "A C rw w") == 0);
  BOOST_TEST(ask(init, "A C r") == "1");
  BOOST_TEST(ask(init, "A C w") == "0");
  BOOST_TEST(smk_write(init, "change-rule", "A C rw") == EINVAL);  // needs four words
}

BOOST_AUTO_TEST_CASE(load2_reads_the_newest_rule_first_and_hides_empty_ones) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  BOOST_TEST(smk_read(init, "load2").empty());
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "A B rwxatlb\nC D Rx\nE F -\n") == 0);
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "A B r") == 0);  // in place: keeps its position
  BOOST_TEST(smk_read(init, "load2") == "C D rx\nA B r\n");
  BOOST_TEST(smack_rules_text(k) == smk_read(init, "load2"));
  // load shows only rules whose labels fit the legacy 24-byte fields.
  const std::string longl(24, 'L');
  BOOST_TEST_REQUIRE(smk_write(init, "load2", longl + " B w") == 0);
  BOOST_TEST(smk_read(init, "load") == "C D rx\nA B r\n");
  BOOST_TEST(smk_read(init, "load2") == longl + " B w\nC D rx\nA B r\n");
}

// load2_seq_show() walks smack_known_list (newest label first) and each label's rules (newest
// first): rules come grouped by subject, not in the order they were written. A real 6.1.176
// kernel lists 60 generated rules so.
BOOST_AUTO_TEST_CASE(load2_lists_rules_label_by_label) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "A X r\nB X w\nA Y x\n_ A r\n") == 0);
  BOOST_TEST(smk_read(init, "load2") == "B X w\nA Y x\nA X r\n_ A r\n");
}

BOOST_AUTO_TEST_CASE(revoke_subject_clears_every_rule_of_the_subject) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "A B rw\nA C x\nB C r\n") == 0);
  BOOST_TEST(smk_write(init, "revoke-subject", "A") == 0);
  BOOST_TEST(ask(init, "A B r") == "0");
  BOOST_TEST(ask(init, "A C x") == "0");
  BOOST_TEST(ask(init, "B C r") == "1");
  BOOST_TEST(smk_read(init, "load2") == "B C r\n");
  // An unknown subject is no error; a bad label is.
  BOOST_TEST(smk_write(init, "revoke-subject", "Nobody") == 0);
  BOOST_TEST(smk_write(init, "revoke-subject", "-A") == EINVAL);
  BOOST_TEST(smk_write(init, "revoke-subject", "") == EINVAL);
  // A rule written again after the revocation counts again.
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "A B r") == 0);
  BOOST_TEST(ask(init, "A B r") == "1");
}

BOOST_AUTO_TEST_CASE(bad_rules_and_what_the_kernel_imports) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  SmackLsm& me = smack_of(k);
  BOOST_TEST(smk_write(init, "load2", "A") == EINVAL);
  BOOST_TEST(smk_write(init, "load2", "A B") == EINVAL);
  BOOST_TEST(smk_write(init, "load2", "-A B r") == EINVAL);
  BOOST_TEST(smk_write(init, "load2", "A /B r") == EINVAL);
  BOOST_TEST(smk_write(init, "load2", std::string(256, 'x') + " B r") == EINVAL);
  BOOST_TEST(smk_write(init, "load2", std::string(255, 'x') + " B r") == 0);
  // A label ends at the first character labels may not hold: "A/x" imports "A".
  BOOST_TEST(smk_write(init, "load2", "P/x Q r") == 0);
  BOOST_TEST(me.known.lookup("P") != 0u);
  BOOST_TEST(ask(init, "P Q r") == "1");
  // Access letters stop at the first other character; no error.
  BOOST_TEST(smk_write(init, "load2", "S T rzw") == 0);
  BOOST_TEST(ask(init, "S T r") == "1");
  BOOST_TEST(ask(init, "S T w") == "0");
  // The rules before a bad one stay; a bad subject is still imported before the object fails.
  BOOST_TEST(smk_write(init, "load2", "U V r\nW -X r\n") == EINVAL);
  BOOST_TEST(ask(init, "U V r") == "1");
  BOOST_TEST(me.known.lookup("W") != 0u);
  // A fourth word starts the next rule.
  BOOST_TEST(smk_write(init, "load2", "Y Z r extra") == EINVAL);
  BOOST_TEST(ask(init, "Y Z r") == "1");
  // access2 refuses bad lines but answers 0 for unknown labels.
  BOOST_TEST(access2(init, "A") == "<errno 22>");
  BOOST_TEST(access2(init, "-A B r") == "<errno 22>");
  BOOST_TEST(ask(init, "A Unknown r") == "0");
}

BOOST_AUTO_TEST_CASE(access2_is_a_transaction) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "A B r") == 0);
  SysResult o = sys_open(init, smackfs("access2"), O_RDWR);
  BOOST_TEST_REQUIRE(o.ok());
  const int fd = static_cast<int>(o.ret);
  BOOST_TEST(sys_write(init, fd, "A B r").ret == 5);
  BOOST_TEST(sys_read(init, fd, 10).data == std::string("1") + '\0');
  BOOST_TEST(sys_write(init, fd, "A B w").err == EBUSY);  // one write per open
  sys_close(init, fd);
  BOOST_TEST(access2(init, "A B w") == std::string("0") + '\0');
  // The legacy access file: fixed 24-byte label fields and 6 access bytes (SMK_LOADLEN).
  char line[64];
  std::snprintf(line, sizeof line, "%-23s %-23s %-6s", "A", "B", "r");
  BOOST_TEST(access2(init, line, "access") == std::string("1") + '\0');
  std::snprintf(line, sizeof line, "%-23s %-23s %-6s", "A", "B", "w");
  BOOST_TEST(access2(init, line, "access") == std::string("0") + '\0');
  BOOST_TEST(access2(init, "A B r", "access") == "<errno 22>");
  BOOST_TEST(access2(init, std::string(5000, 'a'), "access2") == "<errno 27>");  // EFBIG
}

BOOST_AUTO_TEST_CASE(legacy_load_takes_fixed_width_rules) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  // libsmack's KERNEL_SHORT_FORMAT "%-23s %-23s %5.5s" with its dash-filled access string.
  char line[64];
  std::snprintf(line, sizeof line, "%-23s %-23s %5.5s", "Old", "Style", "rw----");
  BOOST_TEST(smk_write(init, "load", line) == 0);
  BOOST_TEST(ask(init, "Old Style rw") == "1");
  BOOST_TEST(smk_write(init, "load", "Old Style r") == EINVAL);  // too short
}

BOOST_AUTO_TEST_CASE(have_access_api_agrees_with_access2) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  BOOST_TEST(smack_load_rules(k, "Alpha Beta r\n\nAlpha Gamma rwx\n") == 0);
  for (const char* q : {"Alpha Beta r", "Alpha Beta w", "Alpha Gamma x", "^ Gamma r", "Alpha _ w",
                        "* Beta r", "Beta Alpha r"}) {
    std::string s(q);
    const auto a = s.find(' '), b = s.find(' ', a + 1);
    const bool have =
        smack_have_access(k, s.substr(0, a), s.substr(a + 1, b - a - 1), s.substr(b + 1));
    BOOST_TEST((have ? "1" : "0") == ask(init, q), q);
  }
  // Every line is checked for its words before any is written (smackload parses first).
  BOOST_TEST(smack_load_rules(k, "X Y r\nbad\n") == EINVAL);
  BOOST_TEST(!smack_have_access(k, "X", "Y", "r"));
  BOOST_TEST(smack_load_rules(k, "X Y r\n \n") == EINVAL);  // only an empty line is skipped
  BOOST_TEST(smack_load_rules(k, "X Y rw\n\nX Y x w\n") == 0);  // four words: change-rule
  BOOST_TEST(smack_have_access(k, "X", "Y", "rx"));
  BOOST_TEST(!smack_have_access(k, "X", "Y", "w"));
  BOOST_CHECK_THROW(smack_have_access(k, "-X", "Y", "r"), std::invalid_argument);
}

// simple_transaction_get() marks the open file before the question is parsed: a refused
// question uses the open up too (a real 6.1.176 kernel: EINVAL, then EBUSY, then a read of
// nothing; the same on the legacy access file).
BOOST_AUTO_TEST_CASE(a_refused_question_uses_up_the_transaction) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(smk_write(init, "load2", "A B r") == 0);
  for (const char* file : {"access2", "access"}) {
    SysResult o = sys_open(init, smackfs(file), O_RDWR);
    BOOST_TEST_REQUIRE(o.ok());
    const int fd = static_cast<int>(o.ret);
    BOOST_TEST(sys_write(init, fd, "A").err == EINVAL, file);
    BOOST_TEST(sys_write(init, fd, "A B r").err == EBUSY, file);
    const SysResult r = sys_read(init, fd, 10);
    BOOST_TEST(r.ok(), file);
    BOOST_TEST(r.data.empty(), file);
    sys_close(init, fd);
  }
  BOOST_TEST(ask(init, "A B r") == "1");  // a fresh open answers
}

// The kernel's isspace() counts byte 0xA0 (lib/ctype.c): it separates a rule's words, as a
// real 6.1.176 kernel shows ("A\xa0B r" loads and lists as "A B r").
BOOST_AUTO_TEST_CASE(byte_a0_separates_words) {
  Kernel k(smack_config());
  Task& init = k.init_task();
  BOOST_TEST(smk_write(init, "load2",
                       "A\xa0"
                       "B r") == 0);
  BOOST_TEST(smk_write(init, "load2",
                       "C\xa0"
                       "D\xa0rw") == 0);
  BOOST_TEST(smk_read(init, "load2") == "C D rw\nA B r\n");
  BOOST_TEST(ask(init,
                 "A\xa0"
                 "B r") == "1");
}

// v6.12 smk_tskacc() ends with smack_privileged(CAP_MAC_OVERRIDE): the privilege of current,
// whichever cred the check is about. PTRACE_TRACEME checks the parent's label against the
// child's, with the CHILD's override: a real 6.1.176 kernel denies an unprivileged child of a
// root parent (EACCES) and lets a root child trace itself to a parent without effective caps.
BOOST_AUTO_TEST_CASE(cap_mac_override_is_the_current_tasks) {
  Kernel k(smack_config());
  SmackLsm& me = smack_of(k);
  Task& parent = labelled_task(k, "A");  // root, every capability
  Task& child = spawn(k, parent);
  BOOST_TEST_REQUIRE(write_file(child, "/proc/self/attr/current", "B").ok());
  drop_caps(k, child);
  const std::uint32_t b = me.known.lookup("B");
  {
    Kernel::CurrentScope scope(k, child);  // the parent's cred, the child's privilege
    BOOST_TEST(smk_tskacc(me, *parent.cred, b, MAY_READWRITE, nullptr) == -EACCES);
  }
  BOOST_TEST(sys_ptrace_traceme(child).err == EACCES);
  // The other way round: the parent keeps its permitted set (so commoncap lets it trace) but
  // has no effective capability; the child is root.
  Task& parent2 = labelled_task(k, "A");
  Task& child2 = spawn(k, parent2);
  BOOST_TEST_REQUIRE(write_file(child2, "/proc/self/attr/current", "B").ok());
  int err = 0;
  auto c = k.prepare_creds(*parent2.cred, err);
  BOOST_TEST_REQUIRE(c != nullptr);
  c->cap_effective = CapSet();
  k.commit_creds(parent2, c);
  BOOST_TEST(sys_ptrace_traceme(child2).ok());
}

BOOST_AUTO_TEST_SUITE_END()
