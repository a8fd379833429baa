// Policy namespaces and who may manage them (aa_policy_view_capable/aa_policy_admin_capable,
// aa_replace_profiles, aa_remove_profiles), the apparmorfs files, profile text loading.
#include <cerrno>

#include "lsms/apparmor/policy/profile_parser.h"
#include "tests/apparmor/apparmor_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

const std::string kAafs = "/sys/kernel/security/apparmor/";

// A "container root": uid 100000 outside, 0 inside a user namespace one level down, with
// every capability there, confined by `label`.
Task& container_root(Kernel& k, const std::string& label) {
  Task& t = spawn(k, k.init_task(), 100000, 100000);
  set_label(k, t, label);
  enter_user_ns(k, t, make_user_ns(k, t, 100000));
  return t;
}

aa::ProfileParseOptions opts() {
  aa::ProfileParseOptions o;
  o.filename = "test";
  return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(apparmor_policy)

BOOST_AUTO_TEST_CASE(container_root_manages_its_own_namespace_only) {
  Kernel k(aa_config());
  load(k, {ProfileBuilder("host-only")});
  apparmor_create_ns(k, "c1");
  Task& root = container_root(k, ":c1:");
  // Loads from inside land in the caller's namespace (its view of policy is "root").
  BOOST_TEST(load_err(k, {ProfileBuilder("/usr/sbin/cupsd")}, {}, &root) == 0);
  const auto inside = apparmor_profile_list(k, &root);
  BOOST_TEST_REQUIRE(inside.size() == 1u);
  BOOST_TEST(inside[0] == "/usr/sbin/cupsd (enforce)");
  const auto host = apparmor_profile_list(k);
  BOOST_TEST_REQUIRE(host.size() == 2u);
  BOOST_TEST(host[0] == "host-only (enforce)");
  BOOST_TEST(host[1] == ":c1:/usr/sbin/cupsd (enforce)");
  // A sub-namespace of its own is fine (created on load as aa_prepare_ns does).
  BOOST_TEST(load_err(k, {ProfileBuilder("inner")}, "sub", &root) == 0);
  BOOST_TEST(apparmor_profile_list(k, &root).back() == ":sub:inner (enforce)");
  // The host's profiles are out of its view: removing one finds nothing.
  try {
    apparmor_remove_profile(k, "host-only", &root);
    BOOST_FAIL("removal of a host profile succeeded");
  } catch (const ApparmorError& e) {
    BOOST_TEST(e.err() == ENOENT);
  }
  apparmor_remove_profile(k, "/usr/sbin/cupsd", &root);
  BOOST_TEST(apparmor_profile_list(k).size() == 2u);  // host-only and :c1//sub:inner
}

BOOST_AUTO_TEST_CASE(admin_needs_root_mac_admin_and_matching_levels) {
  Kernel k(aa_config());
  apparmor_create_ns(k, "c1");
  // The policy namespace must sit at the user namespace's level: a container root still in
  // the root policy namespace is refused.
  Task& wrong_level = container_root(k, "unconfined");
  BOOST_TEST(load_err(k, {ProfileBuilder("x")}, {}, &wrong_level) == EACCES);
  // Not root in its user namespace.
  Task& user = spawn(k, k.init_task(), 100000, 100000);
  set_label(k, user, ":c1:");
  enter_user_ns(k, user, make_user_ns(k, user, 99000));  // uid 0 inside is 99000 outside
  BOOST_TEST(load_err(k, {ProfileBuilder("x")}, {}, &user) == EACCES);
  // Without CAP_MAC_ADMIN.
  Task& nocap = container_root(k, ":c1:");
  {
    int err = 0;
    auto c = k.prepare_creds(*nocap.cred, err);
    c->cap_effective.drop(CAP_MAC_ADMIN);
    k.commit_creds(nocap, c);
  }
  BOOST_TEST(load_err(k, {ProfileBuilder("x")}, {}, &nocap) == EACCES);
  // The sysctl off: only the initial user namespace may manage policy.
  Task& ok = container_root(k, ":c1:");
  apparmor_set_unprivileged_userns_policy(k, 0);
  BOOST_TEST(load_err(k, {ProfileBuilder("x")}, {}, &ok) == EACCES);
  apparmor_set_unprivileged_userns_policy(k, 1);
  BOOST_TEST(load_err(k, {ProfileBuilder("x")}, {}, &ok) == 0);
  // Host root without CAP_MAC_ADMIN.
  Task& host = spawn(k, k.init_task());
  {
    int err = 0;
    auto c = k.prepare_creds(*host.cred, err);
    c->cap_effective.drop(CAP_MAC_ADMIN);
    k.commit_creds(host, c);
  }
  BOOST_TEST(load_err(k, {ProfileBuilder("y")}, {}, &host) == EACCES);
  // The refusal is audited as a status record naming the caller (.replace semantics).
  BOOST_TEST(last_record(k).find("apparmor=\"STATUS\" operation=\"profile_replace\" "
                                 "info=\"not policy admin\" error=-13 profile=\"unconfined\"") ==
             0u);
}

BOOST_AUTO_TEST_CASE(a_confined_admin_needs_the_mac_admin_capability_rule) {
  Kernel k(aa_config());
  load(k, {ProfileBuilder("admin").file("/**", aa::kMayRead | aa::kMayWrite),
           ProfileBuilder("admin2").file("/**", aa::kMayRead | aa::kMayWrite).cap(CAP_MAC_ADMIN)});
  Task& t = spawn(k, k.init_task());
  set_label(k, t, "admin");
  BOOST_TEST(load_err(k, {ProfileBuilder("x")}, {}, &t) == EACCES);
  set_label(k, t, "admin2");
  BOOST_TEST(load_err(k, {ProfileBuilder("x")}, {}, &t) == 0);
}

BOOST_AUTO_TEST_CASE(apparmorfs_load_replace_remove_profiles) {
  Kernel k(aa_config());
  Task& t = spawn(k, k.init_task());
  const std::string text = "/usr/bin/foo { /etc/** r, }\nprofile bar flags=(complain) { }\n";
  BOOST_TEST(write_file(t, kAafs + ".load", text).ok());
  SysResult r = read_file(t, kAafs + "profiles");
  BOOST_TEST_REQUIRE(r.ok());
  // The kernel's list order: __add_profile puts the newest profile first.
  BOOST_TEST(r.data == "bar (complain)\n/usr/bin/foo (enforce)\n");
  BOOST_TEST(write_file(t, kAafs + ".load", text).err == EEXIST);
  BOOST_TEST(write_file(t, kAafs + ".replace", text).ok());
  BOOST_TEST(write_file(t, kAafs + ".load", "/bad { /x rr }").err == EPROTO);
  BOOST_TEST(write_file(t, kAafs + ".remove", "bar").ok());
  BOOST_TEST(write_file(t, kAafs + ".remove", "bar").err == ENOENT);
  BOOST_TEST(read_file(t, kAafs + "profiles").data == "/usr/bin/foo (enforce)\n");
  // A profile naming its namespace creates it; the file shows it with its prefix.
  BOOST_TEST(write_file(t, kAafs + ".replace", ":ns1:p { }\n").ok());
  BOOST_TEST(read_file(t, kAafs + "profiles").data == "/usr/bin/foo (enforce)\n:ns1:p (enforce)\n");
  BOOST_TEST(write_file(t, kAafs + ".remove", ":ns1:").ok());
  BOOST_TEST(read_file(t, kAafs + "profiles").data == "/usr/bin/foo (enforce)\n");
  // An unprivileged user may open .load (0666) but not load.
  Task& u = spawn(k, k.init_task(), 1000, 1000);
  BOOST_TEST(write_file(u, kAafs + ".load", "x { }\n").err == EACCES);
  BOOST_TEST(read_file(u, kAafs + "profiles").err == EACCES);
}

BOOST_AUTO_TEST_CASE(profile_text_api_and_errors) {
  Kernel k(aa_config());
  apparmor_load_profiles(k, "profile a { }\nprofile b { ^hat { } }\n", opts());
  BOOST_TEST(apparmor_profile_list(k).size() == 3u);  // a, b, b//hat
  aa::ProfileParseOptions o = opts();
  o.ns = "n1";
  apparmor_load_profiles(k, "profile c { }\n", o);
  BOOST_TEST(apparmor_profile_list(k).back() == ":n1:c (enforce)");
  BOOST_CHECK_THROW(apparmor_load_profiles(k, "profile { }", opts()), aa::ProfileError);
  // Mixed namespaces in one load: EACCES, as aa_replace_profiles refuses them.
  try {
    apparmor_load_profiles(k, ":x:p { }\n:y:q { }\n", opts());
    BOOST_FAIL("mixed namespaces loaded");
  } catch (const ApparmorError& e) {
    BOOST_TEST(e.err() == EACCES);
  }
}

// The `profiles` file walks the kernel's lists: newest first, children after their parent,
// a replaced profile in its old place, then sub-namespaces.
BOOST_AUTO_TEST_CASE(profiles_file_in_kernel_list_order) {
  Kernel k(aa_config());
  Task& t = spawn(k, k.init_task());
  BOOST_TEST(write_file(t, kAafs + ".load", "profile b { ^h1 { } ^h2 { } }\n").ok());
  BOOST_TEST(write_file(t, kAafs + ".load", "profile a { }\nprofile c { }\n").ok());
  BOOST_TEST(write_file(t, kAafs + ".replace", "profile b flags=(complain) { }\n").ok());
  BOOST_TEST(write_file(t, kAafs + ".load", ":n1:z { }\n").ok());
  BOOST_TEST(read_file(t, kAafs + "profiles").data ==
             "c (enforce)\na (enforce)\nb (complain)\nb//h2 (enforce)\nb//h1 (enforce)\n"
             ":n1:z (enforce)\n");
}

// aa_replace_profiles(): a profile naming a namespace after one naming none mixes them.
BOOST_AUTO_TEST_CASE(mixed_namespace_loads_are_refused) {
  Kernel k(aa_config());
  Task& t = spawn(k, k.init_task());
  const std::size_t n = apparmor_audit_records(k).size();
  BOOST_TEST(write_file(t, kAafs + ".load", "profile p { }\n:x:q { }\n").err == EACCES);
  // The failing entry's record, then the rest of the set's.
  const auto log = apparmor_audit_records(k);
  BOOST_TEST_REQUIRE(log.size() == n + 2);
  BOOST_TEST(log[n].find("info=\"policy load has mixed namespaces\"") != std::string::npos);
  BOOST_TEST(log[n].find("name=\"q\"") != std::string::npos);
  BOOST_TEST(log[n + 1].find("info=\"valid profile in failed atomic policy load\"") !=
             std::string::npos);
  // The other order is one namespace: the ns-less profile joins x.
  BOOST_TEST(write_file(t, kAafs + ".load", ":x:q { }\nprofile p { }\n").ok());
  BOOST_TEST(read_file(t, kAafs + "profiles").data == ":x:p (enforce)\n:x:q (enforce)\n");
}

// aa_prepare_ns() takes the name literally: `:a//b:p` makes one child named "a//b".
BOOST_AUTO_TEST_CASE(prepare_ns_does_not_split_names) {
  Kernel k(aa_config());
  Task& t = spawn(k, k.init_task());
  BOOST_TEST(write_file(t, kAafs + ".load", ":a//b:p { }\n").ok());
  const AaNs& root = apparmor_lsm(k)->policy.root();
  BOOST_TEST(root.children.count("a//b") == 1u);
  BOOST_TEST(root.children.count("a") == 0u);
}

// profile_remove(): the written bytes are the name; a trailing newline is part of it.
BOOST_AUTO_TEST_CASE(remove_takes_the_name_literally) {
  Kernel k(aa_config());
  Task& t = spawn(k, k.init_task());
  BOOST_TEST(write_file(t, kAafs + ".load", "profile bar { }\n").ok());
  BOOST_TEST(write_file(t, kAafs + ".remove", "bar\n").err == ENOENT);
  BOOST_TEST(write_file(t, kAafs + ".remove", std::string("bar\0", 4)).ok());
}

// aa_replace_profiles()' fail path: the failing entry, then every other entry of the set.
BOOST_AUTO_TEST_CASE(failed_load_records_the_whole_set) {
  Kernel k(aa_config());
  Task& t = spawn(k, k.init_task());
  BOOST_TEST(write_file(t, kAafs + ".load", "profile a { }\n").ok());
  const std::size_t n = apparmor_audit_records(k).size();
  BOOST_TEST(write_file(t, kAafs + ".load", "profile z { }\nprofile a { }\nprofile y { }\n").err ==
             EEXIST);
  const auto log = apparmor_audit_records(k);
  BOOST_TEST_REQUIRE(log.size() == n + 3);
  BOOST_TEST(log[n].find("operation=\"profile_replace\" info=\"profile can not be replaced\" "
                         "error=-17") != std::string::npos);
  BOOST_TEST(log[n].find("name=\"a\"") != std::string::npos);
  BOOST_TEST(log[n + 1].find("operation=\"profile_load\" info=\"valid profile in failed atomic "
                             "policy load\"") != std::string::npos);
  BOOST_TEST(log[n + 1].find("name=\"z\"") != std::string::npos);
  BOOST_TEST(log[n + 2].find("info=\"unchecked profile in failed atomic policy load\"") !=
             std::string::npos);
  BOOST_TEST(log[n + 2].find("name=\"y\"") != std::string::npos);
  BOOST_TEST(read_file(t, kAafs + "profiles").data == "a (enforce)\n");
}

BOOST_AUTO_TEST_SUITE_END()
