// Security contexts as written in the policy and the labelling statements: initial SID
// contexts, fs_use_*, genfscon, portcon, netifcon, nodecon (checkpolicy's
// parse_security_context, define_initial_sid_context, define_fs_use, define_genfs_context,
// define_port_context, define_netif_context, define_ipv4/ipv6_node_context). A context is
// checked as policydb_context_isvalid() checks it.
#include <algorithm>

#include "lsms/selinux/policy/policy_parser_impl.h"

namespace lsmsim::sepolicy::detail {

Context Parser::parse_context(bool act) {
  const Token& u = expect_identifier("user of the security context");
  expect(Tok::colon, "after the user");
  const Token& r = expect_identifier("role of the security context");
  expect(Tok::colon, "after the role");
  const Token& t = expect_identifier("type of the security context");
  Context c;
  const Token* range_at = nullptr;
  if (options_.mls) {
    expect(Tok::colon, "before the MLS range of the security context");
    range_at = &peek();
    c.range = parse_range(act);
  } else if (at(Tok::colon)) {
    fail(peek(), "MLS range in a security context of a non-MLS policy");
  }
  if (!act) return c;
  c.user = lookup_user(u);
  c.role = lookup_role(r);
  c.type = lookup_concrete_type(t);
  const UserDatum& user = db_.users[c.user - 1];
  if (c.role != 1) {  // object_r (role 1) is not checked (policydb_context_isvalid)
    if (!db_.roles[c.role - 1].types.test(c.type - 1))
      fail(t, "invalid security context: type '" + s(t) + "' is not authorized for role '" +
                  s(r) + "'");
    if (!user.roles.test(c.role - 1))
      fail(r, "invalid security context: role '" + s(r) + "' is not authorized for user '" +
                  s(u) + "'");
  }
  if (range_at != nullptr &&
      (!dominates(c.range.low, user.range.low) || !dominates(user.range.high, c.range.high)))
    fail(*range_at, "invalid security context: the range is not within the range of user '" +
                        s(u) + "'");
  return c;
}

void Parser::parse_sid_context() {
  next();
  const Token& name = expect_identifier("initial SID name");
  Context c = parse_context(pass_ == 3);
  if (pass_ != 3) return;
  auto it = std::find_if(db_.initial_sids.begin(), db_.initial_sids.end(),
                         [&](const InitialSid& sid) { return sid.name == str(name); });
  if (it == db_.initial_sids.end()) fail(name, "unknown initial SID '" + s(name) + "'");
  if (it->context) fail(name, "duplicate context for initial SID '" + s(name) + "'");
  it->context = c;
}

void Parser::parse_fs_use() {
  const Token& kw = next();
  const Token& fs = at(Tok::filesystem) ? next() : expect_identifier("file system name");
  Context c = parse_context(pass_ == 3);
  expect(Tok::semi, "after the " + s(kw) + " statement");
  if (pass_ != 3) return;
  for (const FsUse& f : db_.fs_use)
    if (f.fstype == str(fs)) fail(fs, "duplicate fs_use entry for file system '" + s(fs) + "'");
  FsUse f;
  f.kind = kw.kind == Tok::kw_fs_use_xattr  ? FsUseKind::xattr
           : kw.kind == Tok::kw_fs_use_task ? FsUseKind::task
                                            : FsUseKind::trans;
  f.fstype = s(fs);
  f.context = c;
  db_.fs_use.push_back(std::move(f));
}

void Parser::parse_genfscon() {
  next();
  const Token& fs = at(Tok::filesystem) ? next() : expect_identifier("file system name");
  if (!at(Tok::path) && !at(Tok::qpath)) unexpected(peek(), "a path after the file system name");
  const Token& path = next();
  char file_type = 0;
  if (accept(Tok::minus)) {
    if (accept(Tok::minus)) {
      file_type = '-';
    } else {
      const Token& ft = expect_identifier("file type after '-' (b, c, d, p, l, s or -)");
      const std::string_view v = str(ft);
      if (v.size() != 1 || std::string_view("bcdpls").find(v[0]) == std::string_view::npos)
        fail(ft, "invalid file type '" + s(ft) + "' in genfscon");
      file_type = v[0];
    }
  }
  Context c = parse_context(pass_ == 3);
  if (pass_ != 3) return;
  Genfscon g;
  g.fstype = s(fs);
  g.path = path.kind == Tok::qpath ? std::string(str(path).substr(1, path.length - 2)) : s(path);
  g.file_type = file_type;
  g.context = c;
  for (const Genfscon& o : db_.genfscon)
    if (o.fstype == g.fstype && o.path == g.path && o.file_type == g.file_type)
      fail(fs, "duplicate genfscon entry for '" + g.fstype + "' '" + g.path + "'");
  db_.genfscon.push_back(std::move(g));
}

namespace {
bool parse_port(std::string_view text, std::uint32_t& out) {
  std::uint64_t v = 0;
  const bool hex = text.size() > 2 && text[0] == '0' && text[1] == 'x';
  for (std::size_t i = hex ? 2 : 0; i < text.size(); ++i) {
    const char ch = text[i];
    const unsigned d = ch >= '0' && ch <= '9'   ? unsigned(ch - '0')
                       : ch >= 'a' && ch <= 'f' ? unsigned(ch - 'a' + 10)
                                                : unsigned(ch - 'A' + 10);
    v = v * (hex ? 16u : 10u) + d;
    if (v > 0xffffffffu) return false;
  }
  out = static_cast<std::uint32_t>(v);
  return true;
}
}  // namespace

void Parser::parse_portcon() {
  next();
  const Token& proto = expect_identifier("protocol (tcp, udp, dccp or sctp)");
  const Token& lo_tok = expect(Tok::number, "(the port) after the protocol");
  const Token* hi_tok = &lo_tok;
  if (accept(Tok::minus)) hi_tok = &expect(Tok::number, "(the last port) after '-'");
  Context c = parse_context(pass_ == 3);
  if (pass_ != 3) return;
  const std::string_view p = str(proto);
  if (p != "tcp" && p != "udp" && p != "dccp" && p != "sctp")
    fail(proto, "unrecognized protocol '" + s(proto) + "'");
  std::uint32_t lo = 0, hi = 0;
  if (!parse_port(str(lo_tok), lo) || lo > 65535) fail(lo_tok, "invalid port " + s(lo_tok));
  if (!parse_port(str(*hi_tok), hi) || hi > 65535) fail(*hi_tok, "invalid port " + s(*hi_tok));
  if (lo > hi) fail(lo_tok, "low port " + s(lo_tok) + " exceeds high port " + s(*hi_tok));
  for (const Portcon& o : db_.portcon)
    if (o.protocol == p && o.low == lo && o.high == hi)
      fail(proto, "duplicate portcon entry for " + s(proto) + " " + std::to_string(lo) + "-" +
                      std::to_string(hi));
  db_.portcon.push_back({s(proto), static_cast<std::uint16_t>(lo), static_cast<std::uint16_t>(hi), c});
}

void Parser::parse_netifcon() {
  next();
  const Token& name = expect_identifier("interface name");
  Context ifc = parse_context(pass_ == 3);
  Context pkt = parse_context(pass_ == 3);
  if (pass_ != 3) return;
  for (const Netifcon& o : db_.netifcon)
    if (o.name == str(name)) fail(name, "duplicate netifcon entry for '" + s(name) + "'");
  db_.netifcon.push_back({s(name), ifc, pkt});
}

void Parser::parse_nodecon() {
  next();
  const bool v6 = at(Tok::ipv6);
  if (!at(Tok::ipv4) && !v6) unexpected(peek(), "an IPv4 or IPv6 address");
  const Token& addr = next();
  const Token& mask = expect(v6 ? Tok::ipv6 : Tok::ipv4, "(the mask) after the address");
  Context c = parse_context(pass_ == 3);
  if (pass_ != 3) return;
  db_.nodecon.push_back({v6, s(addr), s(mask), c});
}

}  // namespace lsmsim::sepolicy::detail
