// lsm= / security= parsing and exclusivity (ordered_lsm_parse + prepare_lsm, v6.12).
#include <boost/test/unit_test.hpp>

#include "model/lsm/lsm_order.h"
#include "model/lsm/lsm_uapi.h"

using namespace lsmsim;

namespace {

// Ordering-only descriptors shaped like the kernel's (create == nullptr).
std::vector<LsmDescriptor> catalog() {
  auto d = [](std::string name, std::uint64_t id, LsmOrder order, unsigned flags) {
    LsmDescriptor x;
    x.name = std::move(name);
    x.id = id;
    x.order = order;
    x.flags = flags;
    return x;
  };
  const unsigned major = LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE;
  return {d("capability", LSM_ID_CAPABILITY, LsmOrder::first, 0),
          d("landlock", LSM_ID_LANDLOCK, LsmOrder::mutable_order, 0),
          d("yama", LSM_ID_YAMA, LsmOrder::mutable_order, 0),
          d("selinux", LSM_ID_SELINUX, LsmOrder::mutable_order, major),
          d("smack", LSM_ID_SMACK, LsmOrder::mutable_order, major),
          d("apparmor", LSM_ID_APPARMOR, LsmOrder::mutable_order, major),
          d("ima", LSM_ID_IMA, LsmOrder::last, 0)};
}

std::string names(const LsmOrderResult& r) {
  std::string s;
  for (const LsmDescriptor* d : r.active) s += (s.empty() ? "" : ",") + d->name;
  return s;
}

bool has_message(const LsmOrderResult& r, const std::string& m) {
  for (const auto& x : r.messages)
    if (x == m) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lsm_order)

BOOST_AUTO_TEST_CASE(capability_first_and_last_lsms_always_present) {
  const auto cat = catalog();
  LsmBootParams p;
  p.lsm = "yama,capability,ima";
  auto r = lsm_order_parse(cat, p);
  BOOST_TEST(names(r) == "capability,yama,ima");
}

BOOST_AUTO_TEST_CASE(default_config_lsm_first_exclusive_wins) {
  const auto cat = catalog();
  auto r = lsm_order_parse(cat, LsmBootParams{});
  // CONFIG_LSM lists selinux before smack and apparmor.
  BOOST_TEST(names(r) == "capability,landlock,yama,selinux,ima");
  BOOST_TEST(has_message(r, "exclusive disabled: smack (selinux was chosen first)"));
  BOOST_TEST(has_message(r, "exclusive disabled: apparmor (selinux was chosen first)"));
}

BOOST_AUTO_TEST_CASE(duplicates_and_unknown_names_are_ignored_and_reported) {
  const auto cat = catalog();
  LsmBootParams p;
  p.lsm = "apparmor,yama,apparmor,tomoyo,,selinux";
  auto r = lsm_order_parse(cat, p);
  BOOST_TEST(names(r) == "capability,apparmor,yama,ima");
  BOOST_TEST(has_message(r, "cmdline duplicate ignored: apparmor"));
  BOOST_TEST(has_message(r, "cmdline ignored: tomoyo (not built into kernel)"));
  BOOST_TEST(has_message(r, "exclusive disabled: selinux (apparmor was chosen first)"));
  BOOST_TEST(has_message(r, "cmdline skipped: landlock (not in requested order)"));
}

BOOST_AUTO_TEST_CASE(stacking_lifts_exclusivity) {
  const auto cat = catalog();
  LsmBootParams p;
  p.lsm = "selinux,apparmor,smack";
  p.stacking = true;
  BOOST_TEST(names(lsm_order_parse(cat, p)) == "capability,selinux,apparmor,smack,ima");
}

BOOST_AUTO_TEST_CASE(security_selects_the_legacy_major) {
  const auto cat = catalog();
  LsmBootParams p;
  p.security = "apparmor";
  auto r = lsm_order_parse(cat, p);
  BOOST_TEST(names(r) == "capability,landlock,yama,apparmor,ima");
  BOOST_TEST(has_message(r, "security=apparmor disabled: selinux (only one legacy major LSM)"));
}

BOOST_AUTO_TEST_CASE(security_is_ignored_when_lsm_is_given) {
  const auto cat = catalog();
  LsmBootParams p;
  p.security = "apparmor";
  p.lsm = "smack";
  auto r = lsm_order_parse(cat, p);
  BOOST_TEST(names(r) == "capability,smack,ima");
  BOOST_TEST(has_message(r, "security=apparmor is ignored because it is superseded by lsm=smack"));
}

BOOST_AUTO_TEST_CASE(explicitly_disabled_lsm_is_skipped_and_next_exclusive_wins) {
  const auto cat = catalog();
  LsmBootParams p;
  p.enabled["selinux"] = false;  // selinux=0
  auto r = lsm_order_parse(cat, p);
  BOOST_TEST(names(r) == "capability,landlock,yama,smack,ima");
  BOOST_TEST(has_message(r, "disabled: selinux"));
}

BOOST_AUTO_TEST_SUITE_END()
