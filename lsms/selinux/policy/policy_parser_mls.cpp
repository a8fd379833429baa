// The MLS block (sensitivities, dominance, categories, levels, then mlsconstrain and
// mlsvalidatetrans), levels and ranges as written in users and contexts, and
// range_transition (checkpolicy's define_sens, define_dominance, define_category,
// define_level, parse_semantic_categories, define_range_trans).
#include <algorithm>

#include "lsms/selinux/policy/policy_parser_impl.h"

namespace lsmsim::sepolicy::detail {

void Parser::parse_mls_block() {
  while (at(Tok::kw_sensitivity)) parse_sensitivity();
  if (!at(Tok::kw_dominance)) unexpected(peek(), "'sensitivity' or 'dominance'");
  parse_dominance();
  while (at(Tok::kw_category)) parse_category();
  if (!at(Tok::kw_level)) unexpected(peek(), "'category' or 'level'");
  while (at(Tok::kw_level)) parse_level_decl();
  if (!at(Tok::kw_mlsconstrain) && !at(Tok::kw_mlsvalidatetrans))
    unexpected(peek(), "'level', 'mlsconstrain' or 'mlsvalidatetrans' (the MLS block ends with at "
                       "least one MLS constraint)");
  while (at(Tok::kw_mlsconstrain) || at(Tok::kw_mlsvalidatetrans))
    parse_constraint(true, at(Tok::kw_mlsvalidatetrans));
}

void Parser::parse_sensitivity() {
  next();
  const Token& name = expect_identifier("sensitivity name");
  NameSet aliases;
  if (accept(Tok::kw_alias)) aliases = parse_names();
  expect(Tok::semi, "after the sensitivity declaration");
  if (pass_ != 1) return;
  auto known = [&](std::string_view n) {
    if (std::find(pending_sens_.begin(), pending_sens_.end(), n) != pending_sens_.end())
      return true;
    for (const auto& list : pending_sens_aliases_)
      if (std::find(list.begin(), list.end(), n) != list.end()) return true;
    return false;
  };
  if (known(str(name))) fail(name, "duplicate declaration of sensitivity '" + s(name) + "'");
  pending_sens_.push_back(s(name));
  pending_sens_aliases_.emplace_back();
  for (const NameItem& a : aliases.items) {
    if (known(str(*a.tok))) fail(*a.tok, "duplicate declaration of sensitivity '" + s(*a.tok) + "'");
    pending_sens_aliases_.back().push_back(s(*a.tok));
  }
}

void Parser::parse_dominance() {
  const Token& kw = next();
  std::vector<const Token*> order;
  if (accept(Tok::lbrace)) {
    while (!accept(Tok::rbrace)) order.push_back(&expect_identifier("sensitivity name or '}'"));
  } else {
    order.push_back(&expect_identifier("sensitivity name or '{'"));
  }
  if (order.empty()) unexpected(toks_[pos_ - 1], "sensitivity name");
  if (pass_ != 1) return;
  for (const Token* t : order) {
    auto it = std::find(pending_sens_.begin(), pending_sens_.end(), str(*t));
    if (it == pending_sens_.end()) fail(*t, "unknown sensitivity '" + s(*t) + "' in dominance");
    if (db_.sens_values.count(str(*t)) != 0)
      fail(*t, "sensitivity '" + s(*t) + "' appears twice in dominance");
    Sensitivity sens;
    sens.name = s(*t);
    db_.sensitivities.push_back(std::move(sens));
    const auto value = static_cast<std::uint32_t>(db_.sensitivities.size());
    db_.sens_values[s(*t)] = value;
    for (const std::string& a : pending_sens_aliases_[std::size_t(it - pending_sens_.begin())])
      db_.sens_values[a] = value;
  }
  for (const std::string& n : pending_sens_)
    if (db_.sens_values.count(n) == 0)
      fail(kw, "sensitivity '" + n + "' is not listed in dominance");
}

void Parser::parse_category() {
  next();
  const Token& name = expect_identifier("category name");
  NameSet aliases;
  if (accept(Tok::kw_alias)) aliases = parse_names();
  expect(Tok::semi, "after the category declaration");
  if (pass_ != 1) return;
  if (db_.cat_values.count(str(name)) != 0)
    fail(name, "duplicate declaration of category '" + s(name) + "'");
  db_.categories.push_back(s(name));
  const auto value = static_cast<std::uint32_t>(db_.categories.size());
  db_.cat_values[s(name)] = value;
  for (const NameItem& a : aliases.items) {
    if (db_.cat_values.count(str(*a.tok)) != 0)
      fail(*a.tok, "duplicate declaration of category '" + s(*a.tok) + "'");
    db_.cat_values[s(*a.tok)] = value;
  }
}

// c1,c3 and c0.c5: a '.' inside an identifier makes a range (parse_semantic_categories).
Ebitmap Parser::parse_category_list(const std::vector<const Token*>& ids) const {
  Ebitmap cats;
  for (const Token* t : ids) {
    const std::string_view text = str(*t);
    const std::size_t dot = text.find('.');
    auto cat = [&](std::string_view n) {
      auto it = db_.cat_values.find(n);
      if (it == db_.cat_values.end()) fail(*t, "unknown category '" + std::string(n) + "'");
      return it->second;
    };
    if (dot == std::string_view::npos) {
      cats.set(cat(text) - 1);
      continue;
    }
    const std::uint32_t lo = cat(text.substr(0, dot)), hi = cat(text.substr(dot + 1));
    if (lo > hi) fail(*t, "category range '" + s(*t) + "' is not increasing");
    for (std::uint32_t c = lo; c <= hi; ++c) cats.set(c - 1);
  }
  return cats;
}

void Parser::parse_level_decl() {
  next();
  const Token& name = expect_identifier("sensitivity name");
  std::vector<const Token*> ids;
  if (accept(Tok::colon)) ids = parse_id_comma_list();
  expect(Tok::semi, "after the level definition");
  if (pass_ != 1) return;
  auto it = db_.sens_values.find(str(name));
  if (it == db_.sens_values.end()) fail(name, "unknown sensitivity '" + s(name) + "'");
  Sensitivity& sens = db_.sensitivities[it->second - 1];
  if (sens.defined_level) fail(name, "duplicate level definition for '" + s(name) + "'");
  sens.cats = parse_category_list(ids);
  sens.defined_level = true;
}

void Parser::check_level(const MlsLevel& l, const Token& at_tok) const {
  const Sensitivity& sens = db_.sensitivities[l.sens - 1];
  if (!sens.defined_level) fail(at_tok, "sensitivity '" + sens.name + "' has no level definition");
  if (!sens.cats.contains(l.cats)) {
    Ebitmap extra = l.cats;
    extra.subtract(sens.cats);
    std::uint32_t first = 0;
    extra.for_each([&](std::uint32_t b) {
      if (first == 0) first = b + 1;
    });
    fail(at_tok, "category '" + db_.categories[first - 1] + "' can not be associated with level '" +
                     sens.name + "'");
  }
}

// mls_level_def: identifier [':' id_comma_list]
MlsLevel Parser::parse_level(bool act) {
  const Token& name = expect_identifier("sensitivity");
  std::vector<const Token*> ids;
  if (accept(Tok::colon)) ids = parse_id_comma_list();
  MlsLevel level;
  if (!act) return level;
  auto it = db_.sens_values.find(str(name));
  if (it == db_.sens_values.end()) fail(name, "unknown sensitivity '" + s(name) + "'");
  level.sens = it->second;
  level.cats = parse_category_list(ids);
  check_level(level, name);
  return level;
}

// mls_range_def: level ['-' level]
MlsRange Parser::parse_range(bool act) {
  const Token& first = peek();
  MlsRange r;
  r.low = parse_level(act);
  r.high = accept(Tok::minus) ? parse_level(act) : r.low;
  if (act && !dominates(r.high, r.low)) fail(first, "high level does not dominate low level");
  return r;
}

void Parser::parse_range_transition() {
  const Token& kw = next();
  NameSet sources = parse_names(), targets = parse_names();
  std::optional<NameSet> classes;
  if (accept(Tok::colon)) classes = parse_names();
  const MlsRange range = parse_range(pass_ == 3);
  expect(Tok::semi, "after the range_transition rule");
  if (pass_ != 3) return;
  if (!options_.mls) fail(kw, "range_transition in a non-MLS policy");
  no_star_or_tilde(sources);
  no_star_or_tilde(targets);
  const std::vector<std::uint16_t> cls = classes_or_process(classes, kw);
  const Ebitmap st = expand_types(sources), tt = expand_types(targets);
  st.for_each([&](std::uint32_t sb) {
    tt.for_each([&](std::uint32_t tb) {
      for (std::uint16_t c : cls) {
        const RangeTransKey key{sb + 1, tb + 1, c};
        auto [it, inserted] = db_.range_trans.emplace(key, range);
        if (!inserted && !(it->second == range))
          fail(kw, "conflicting range_transition rule for (" + db_.types[sb].name + ", " +
                       db_.types[tb].name + ":" + klass(c).name + ")");
      }
    });
  });
}

}  // namespace lsmsim::sepolicy::detail
