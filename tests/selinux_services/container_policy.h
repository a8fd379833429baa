// A small MCS policy in the shape of a container host, built by hand.
#pragma once

#include <boost/test/unit_test.hpp>

#include <string>

#include "lsms/selinux/policy/services.h"
#include "tests/selinux_services/policy_builder.h"

namespace lsmsim::sepolicy::testing {

struct ContainerPolicy {
  PolicyBuilder b;
  std::uint16_t process = 0, file = 0, dir = 0;
  std::uint32_t domain = 0, file_type = 0, unconfined_t = 0, container_t = 0, init_t = 0,
                container_file_t = 0, shadow_t = 0, tmp_t = 0, exec_t = 0;
  std::uint32_t system_r = 0, staff_r = 0, system_u = 0, staff_u = 0;
  std::uint32_t allow_tmp = 0;

  ContainerPolicy() {
    process = b.cls("process", {"fork", "transition", "sigchld", "signal", "dyntransition"});
    file = b.cls("file", {"read", "write", "open", "getattr", "create", "unlink", "relabelto"});
    dir = b.cls("dir", {"read", "write", "search", "add_name"});
    domain = b.attribute("domain");
    file_type = b.attribute("file_type");
    unconfined_t = b.type("unconfined_t", {domain});
    container_t = b.type("container_t", {domain});
    init_t = b.type("init_t", {domain});
    container_file_t = b.type("container_file_t", {file_type});
    shadow_t = b.type("shadow_t", {file_type});
    tmp_t = b.type("tmp_t", {file_type});
    exec_t = b.type("container_exec_t", {file_type});
    system_r = b.role("system_r", {unconfined_t, container_t, init_t});
    staff_r = b.role("staff_r", {container_t});
    b.mls_levels(1, 10);
    MlsRange full{level(1), level(1, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})};
    system_u = b.user("system_u", {1, system_r}, full);
    staff_u = b.user("staff_u", {staff_r}, full);
    allow_tmp = b.boolean("allow_container_tmp", false);

    b.allow(container_t, container_file_t, file, {"read", "write", "open", "getattr", "create"});
    b.allow(unconfined_t, file_type, file, {"read", "write", "open", "getattr", "relabelto"});
    b.allow(domain, domain, process, {"signal", "sigchld"});
    b.allow(unconfined_t, container_t, process, {"transition", "dyntransition"});
    b.allow(init_t, container_t, process, {"transition"});

    // mlsconstrain file { read write open getattr } ((h1 dom h2) or (t1 == unconfined_t))
    Constraint mcs;
    mcs.mls = true;
    mcs.perms = b.perms(file, {"read", "write", "open", "getattr"});
    mcs.expr = {attr_node(CexprAttr::h1h2, CexprOp::dom, "h1 dom h2"),
                names_node(CexprAttr::t1, CexprOp::eq, {unconfined_t}, "t1 == mcs_override"),
                op_node(CexprKind::op_or)};
    mcs.text =
        "mlsconstrain file { read write open getattr } ((h1 dom h2) or (t1 == mcs_override))";
    b.cls_ref(file).constraints.push_back(mcs);
    // constrain process transition (u1 == u2 or t1 == unconfined_t)
    Constraint ident;
    ident.perms = b.perms(process, {"transition"});
    ident.expr = {attr_node(CexprAttr::u1u2, CexprOp::eq),
                  names_node(CexprAttr::t1, CexprOp::eq, {unconfined_t}),
                  op_node(CexprKind::op_or)};
    b.cls_ref(process).constraints.push_back(ident);
  }

  SecurityServer server() { return SecurityServer(b.db()); }
};

// Parses a context or fails the test.
inline Context ctx(const SecurityServer& s, const std::string& text) {
  Context c;
  std::string why;
  const int rc = s.context_from_string(text, c, &why);
  BOOST_REQUIRE_MESSAGE(rc == 0, text + ": " + why);
  return c;
}

inline std::string allowed(const SecurityServer& s, const std::string& sc, const std::string& tc,
                           std::uint16_t tclass) {
  return s.perms_to_string(tclass, s.compute_av(ctx(s, sc), ctx(s, tc), tclass).allowed);
}

}  // namespace lsmsim::sepolicy::testing
