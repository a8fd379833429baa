// parse_policy_conf(): the passes and the statement order of checkpolicy's grammar
// (checkpolicy/policy_parse.y, base_policy), token helpers and PolicyError.
#include "lsms/selinux/policy/policy_parser.h"

#include "lsms/selinux/policy/policy_parser_impl.h"

namespace lsmsim::sepolicy {

namespace detail {
namespace {

// Constructs checkpolicy knows but lsmsim refuses to model, by their keyword.
const char* unsupported_construct(Tok k) {
  switch (k) {
    case Tok::kw_module: return "module policy ('module')";
    case Tok::kw_require: return "'require' block";
    case Tok::kw_optional: return "'optional' block";
    case Tok::kw_allowxperm: return "extended permissions ('allowxperm')";
    case Tok::kw_auditallowxperm: return "extended permissions ('auditallowxperm')";
    case Tok::kw_dontauditxperm: return "extended permissions ('dontauditxperm')";
    case Tok::kw_neverallowxperm: return "extended permissions ('neverallowxperm')";
    case Tok::kw_tunable: return "'tunable'";
    case Tok::kw_attribute_role: return "role attributes ('attribute_role')";
    case Tok::kw_roleattribute: return "role attributes ('roleattribute')";
    case Tok::kw_expandattribute: return "'expandattribute'";
    case Tok::kw_dominance: return "role dominance ('dominance' outside the MLS block)";
    case Tok::kw_fscon: return "'fscon'";
    case Tok::kw_ibpkeycon: return "'ibpkeycon'";
    case Tok::kw_ibendportcon: return "'ibendportcon'";
    case Tok::kw_pirqcon: return "Xen device labelling ('pirqcon')";
    case Tok::kw_iomemcon: return "Xen device labelling ('iomemcon')";
    case Tok::kw_ioportcon: return "Xen device labelling ('ioportcon')";
    case Tok::kw_pcidevicecon: return "Xen device labelling ('pcidevicecon')";
    case Tok::kw_devicetreecon: return "Xen device labelling ('devicetreecon')";
    default: return nullptr;
  }
}

}  // namespace

Parser::Parser(std::string_view text, const PolicyParseOptions& options)
    : text_(text), options_(options) {
  toks_ = tokenize(text_, options_.filename);
}

void Parser::fail(const Token& t, const std::string& message) const {
  throw PolicyError(options_.filename, static_cast<int>(t.line), static_cast<int>(t.col),
                    message);
}

void Parser::unexpected(const Token& t, std::string_view expected) const {
  if (const char* what = unsupported_construct(t.kind))
    fail(t, std::string("unsupported construct: ") + what + " is not modelled by lsmsim");
  std::string found = tok_describe(t.kind);
  if (t.kind == Tok::identifier || t.kind == Tok::number || t.kind == Tok::filesystem)
    found += " '" + s(t) + "'";
  fail(t, "expected " + std::string(expected) + ", found " + found);
}

const Token& Parser::expect(Tok k, std::string_view context) {
  if (at(k)) return next();
  if (k == Tok::semi && pos_ > 0) {
    // A missing ';' is reported just after the token it should follow.
    Token after = toks_[pos_ - 1];
    after.col += after.length;
    const Token& found = peek();
    std::string f = tok_describe(found.kind);
    if (found.kind == Tok::identifier) f += " '" + s(found) + "'";
    fail(after, "expected ';' " + std::string(context) + ", found " + f);
  }
  unexpected(peek(), tok_describe(k) + " " + std::string(context));
}

const Token& Parser::expect_identifier(std::string_view what) {
  if (at(Tok::identifier)) return next();
  unexpected(peek(), std::string(what));
}

std::string Parser::text_from(const Token* first) const {
  std::string out;
  const Token* last = &toks_[pos_];
  bool space = false;
  for (const Token* t = first; t < last; ++t) {
    const bool no_space_before = t->kind == Tok::rparen || t->kind == Tok::semi ||
                                 t->kind == Tok::comma || t->kind == Tok::colon;
    if (space && !no_space_before && !out.empty()) out += ' ';
    out += str(*t);
    space = !(t->kind == Tok::lparen || t->kind == Tok::tilde || t->kind == Tok::colon);
  }
  return out;
}

std::vector<const Token*> Parser::parse_id_comma_list() {
  std::vector<const Token*> out;
  out.push_back(&expect_identifier("identifier"));
  while (accept(Tok::comma)) out.push_back(&expect_identifier("identifier after ','"));
  return out;
}

// names: identifier | nested_id_set | '*' | '~' identifier | '~' nested_id_set
//      | identifier '-' identifier
NameSet Parser::parse_names() {
  NameSet set;
  set.start = &peek();
  auto nested = [&](auto&& self_ref) -> void {
    const NestingGuard guard(*this);
    expect(Tok::lbrace, "");
    set.braced = true;
    bool any = false;
    while (!at(Tok::rbrace)) {
      if (at(Tok::lbrace)) {
        self_ref(self_ref);
      } else if (accept(Tok::minus)) {
        set.items.push_back({&expect_identifier("identifier after '-'"), true});
      } else {
        set.items.push_back({&expect_identifier("identifier or '}'"), false});
      }
      any = true;
    }
    if (!any) unexpected(peek(), "identifier in '{ }'");
    next();
  };
  if (accept(Tok::star)) {
    set.star = true;
  } else if (accept(Tok::tilde)) {
    set.comp = true;
    if (at(Tok::lbrace)) {
      nested(nested);
    } else {
      set.items.push_back({&expect_identifier("identifier or '{' after '~'"), false});
    }
  } else if (at(Tok::lbrace)) {
    nested(nested);
  } else {
    set.items.push_back({&expect_identifier("identifier, '{', '*' or '~'"), false});
    if (accept(Tok::minus)) set.items.push_back({&expect_identifier("identifier after '-'"), true});
  }
  return set;
}

// names_push: identifier | '{' identifier+ '}' | '*' | '~' identifier | '~' '{' identifier+ '}'
NameSet Parser::parse_names_push() {
  NameSet set;
  set.start = &peek();
  auto list = [&] {
    next();
    set.braced = true;
    set.items.push_back({&expect_identifier("identifier in '{ }'"), false});
    while (!accept(Tok::rbrace)) set.items.push_back({&expect_identifier("identifier or '}'"), false});
  };
  if (accept(Tok::star)) {
    set.star = true;
  } else if (accept(Tok::tilde)) {
    set.comp = true;
    if (at(Tok::lbrace)) {
      list();
    } else {
      set.items.push_back({&expect_identifier("identifier or '{' after '~'"), false});
    }
  } else if (at(Tok::lbrace)) {
    list();
  } else {
    set.items.push_back({&expect_identifier("identifier, '{', '*' or '~'"), false});
  }
  return set;
}

Policydb Parser::run() {
  db_.mls = options_.mls;
  // libsepol predefines object_r as role 1. Unlike declared roles it dominates nothing,
  // not even itself (so `r1 dom r2` is false between two object_r contexts), as the
  // binary policy checkpolicy writes and the kernel reads has it.
  RoleDatum object_r;
  object_r.name = "object_r";
  db_.roles.push_back(object_r);
  db_.role_values["object_r"] = 1;

  for (pass_ = 1; pass_ <= 3; ++pass_) {
    pos_ = 0;
    // classes initial_sids access_vectors
    if (!at(Tok::kw_class)) unexpected(peek(), "'class' (a policy starts with its classes)");
    while (at(Tok::kw_class) && peek(2).kind != Tok::lbrace && peek(2).kind != Tok::kw_inherits)
      parse_class_decl();
    if (!at(Tok::kw_sid)) unexpected(peek(), "'class' or 'sid' (initial SIDs follow the classes)");
    while (at(Tok::kw_sid)) parse_initial_sid_decl();
    while (at(Tok::kw_common)) parse_common();
    if (!at(Tok::kw_class))
      unexpected(peek(), "'sid', 'common' or 'class' (access vectors follow the initial SIDs)");
    while (at(Tok::kw_class)) parse_av_perms();
    // opt_default_rules opt_mls
    while (at(Tok::kw_default_user) || at(Tok::kw_default_role) || at(Tok::kw_default_type) ||
           at(Tok::kw_default_range))
      parse_default_rule();
    if (at(Tok::kw_sensitivity)) {
      if (!options_.mls) fail(peek(), "sensitivity definition in a non-MLS policy");
      parse_mls_block();
    } else if (options_.mls) {
      unexpected(peek(), "'sensitivity' (an MLS policy has its MLS block after the classes)");
    }
    // te_rbac users opt_constraints
    if (!at_te_rbac()) unexpected(peek(), "a type enforcement or role statement");
    while (at_te_rbac()) parse_te_rbac_decl();
    if (!at(Tok::kw_user)) unexpected(peek(), "a type enforcement or role statement, or 'user'");
    while (at(Tok::kw_user)) parse_user();
    while (at(Tok::kw_constrain) || at(Tok::kw_validatetrans))
      parse_constraint(false, at(Tok::kw_validatetrans));
    // initial_sid_contexts opt_fs_contexts opt_fs_uses opt_genfs_contexts net_contexts
    if (!at(Tok::kw_sid))
      unexpected(peek(), "'user', 'constrain', 'validatetrans' or 'sid' (SID contexts follow the "
                         "users and constraints)");
    while (at(Tok::kw_sid)) parse_sid_context();
    if (at(Tok::kw_fscon)) unexpected(peek(), "");
    while (at(Tok::kw_fs_use_xattr) || at(Tok::kw_fs_use_task) || at(Tok::kw_fs_use_trans))
      parse_fs_use();
    while (at(Tok::kw_genfscon)) parse_genfscon();
    while (at(Tok::kw_portcon)) parse_portcon();
    while (at(Tok::kw_netifcon)) parse_netifcon();
    while (at(Tok::kw_nodecon)) parse_nodecon();
    if (!at(Tok::end))
      unexpected(peek(), "end of policy (the order is: SID contexts, fs_use, genfscon, portcon, "
                         "netifcon, nodecon)");
    if (pass_ == 2) finish_pass2();
  }
  check_neverallows();
  return std::move(db_);
}

}  // namespace detail

Policydb parse_policy_conf(std::string_view text, const PolicyParseOptions& options) {
  detail::Parser parser(text, options);
  return parser.run();
}

bool policy_conf_is_mls(std::string_view text) {
  try {
    for (const Token& t : tokenize(text, ""))
      if (t.kind == Tok::kw_sensitivity) return true;
  } catch (const PolicyError&) {
    return true;  // the parse will report the bad character; MLS is checkpolicy -M's default here
  }
  return false;
}

}  // namespace lsmsim::sepolicy
