// lsm_prop (one secid slot per LSM), secid <-> context per LSM, and the exclusive secmark and
// NetLabel of the stacking series.
#include <boost/test/unit_test.hpp>

#include "tests/apparmor/apparmor_support.h"

#include "model/lsm/interface_lsm.h"
#include "model/lsm/lsm_uapi.h"
#include "model/lsm/security.h"
#include "tests/attr/attr_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(secids)

BOOST_AUTO_TEST_CASE(lsm_prop_has_a_slot_per_lsm) {
  Kernel k(lsm_config("selinux,smack,apparmor", true));
  Task& t = k.init_task();
  Kernel::CurrentScope scope(k, t);
  LsmProp prop;
  security_task_getlsmprop_obj(k.lsm(), t, prop);
  const auto slot = [&](const char* name) { return prop.secid[k.lsm().find(name)->index()]; };
  BOOST_TEST(slot("selinux") != 0u);
  BOOST_TEST(slot("smack") != 0u);
  BOOST_TEST(slot("apparmor") != 0u);
  BOOST_TEST(slot("capability") == 0u);
  std::string ctx;
  BOOST_TEST(security_lsmprop_to_secctx(k.lsm(), prop, ctx, LSM_ID_SMACK) == 0);
  BOOST_TEST(ctx == "_");
  BOOST_TEST(security_lsmprop_to_secctx(k.lsm(), prop, ctx, LSM_ID_APPARMOR) == 0);
  BOOST_TEST(ctx == "unconfined");
  // LSM_ID_UNDEF: the interface LSM, or the first one.
  BOOST_TEST(security_lsmprop_to_secctx(k.lsm(), prop, ctx) == 0);
  BOOST_TEST(ctx == "system_u:system_r:kernel_t:s0");
  lsm_task_set_ilsm(k.lsm(), t, LSM_ID_SMACK);
  BOOST_TEST(security_lsmprop_to_secctx(k.lsm(), prop, ctx) == 0);
  BOOST_TEST(ctx == "_");
  BOOST_TEST(security_lsmprop_to_secctx(k.lsm(), prop, ctx, LSM_ID_CAPABILITY) == -EOPNOTSUPP);
}

BOOST_AUTO_TEST_CASE(secctx_to_secid_fills_the_interface_lsms_slot) {
  Kernel k(lsm_config("selinux,apparmor", true));
  load(k, {ProfileBuilder("/bin/foo")});  // secctx_to_secid finds existing profiles only
  Task& t = k.init_task();
  Kernel::CurrentScope scope(k, t);
  LsmProp prop;
  BOOST_TEST(security_secctx_to_secid(k.lsm(), "user_u:user_r:user_t:s0", prop) == 0);
  const std::size_t se = k.lsm().find("selinux")->index();
  const std::size_t aa = k.lsm().find("apparmor")->index();
  BOOST_TEST(prop.secid[se] != 0u);
  BOOST_TEST(prop.secid[aa] == 0u);
  std::string ctx;
  BOOST_TEST(security_secid_to_secctx(k.lsm(), prop.secid[se], ctx) == 0);
  BOOST_TEST(ctx == "user_u:user_r:user_t:s0");
  BOOST_TEST(security_secctx_to_secid(k.lsm(), "not a context", prop) == -EINVAL);
  lsm_task_set_ilsm(k.lsm(), t, LSM_ID_APPARMOR);
  BOOST_TEST(security_secctx_to_secid(k.lsm(), "/bin/foo (enforce)", prop) == 0);
  BOOST_TEST(prop.secid[se] == 0u);
  BOOST_TEST(prop.secid[aa] != 0u);
  BOOST_TEST(security_secid_to_secctx(k.lsm(), prop.secid[aa], ctx) == 0);
  BOOST_TEST(ctx == "/bin/foo");  // no mode: apparmor_display_secid_mode is off
}

BOOST_AUTO_TEST_CASE(secmark_and_netlabel_go_to_the_first_lsm_asking) {
  Kernel k(lsm_config("selinux,smack,apparmor", true));
  BOOST_TEST(k.lsm().secmark_owner() == "selinux");
  BOOST_TEST(k.lsm().netlabel_owner() == "selinux");
  BOOST_TEST(k.lsm().find("selinux")->has_secmark());
  BOOST_TEST(!k.lsm().find("smack")->has_secmark());  // a second LSM asking is refused
  BOOST_TEST(!k.lsm().find("apparmor")->has_secmark());
  BOOST_TEST(!k.lsm().find("smack")->has_netlabel());
  bool refused = false;
  for (const std::string& m : k.lsm().boot_messages())
    refused = refused || m == "secmark: refused to apparmor (selinux uses it)";
  BOOST_TEST(refused);
  // Order decides: AppArmor first takes secmark, Smack then still gets NetLabel.
  Kernel o(lsm_config("apparmor,smack,selinux", true));
  BOOST_TEST(o.lsm().secmark_owner() == "apparmor");
  BOOST_TEST(o.lsm().netlabel_owner() == "smack");
  BOOST_TEST(!o.lsm().find("selinux")->has_netlabel());
}

BOOST_AUTO_TEST_SUITE_END()
