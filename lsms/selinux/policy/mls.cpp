#include "lsms/selinux/policy/mls.h"

#include <cerrno>

namespace lsmsim::sepolicy {

bool mls_level_isvalid(const Policydb& db, const MlsLevel& l) {
  if (l.sens == 0 || l.sens > db.sensitivities.size()) return false;
  return db.sensitivities[l.sens - 1].cats.contains(l.cats);
}

bool mls_range_isvalid(const Policydb& db, const MlsRange& r) {
  return mls_level_isvalid(db, r.low) && mls_level_isvalid(db, r.high) &&
         mls_level_dom(r.high, r.low);
}

namespace {
}

bool context_isvalid(const Policydb& db, const Context& c, std::string* why) {
  auto fail = [&](std::string m) {
    if (why) *why = std::move(m);
    return false;
  };
  if (c.role == 0 || c.role > db.roles.size()) return fail("no such role");
  if (c.user == 0 || c.user > db.users.size()) return fail("no such user");
  if (c.type == 0 || c.type > db.types.size()) return fail("no such type");
  const TypeDatum& type = db.types[c.type - 1];
  if (type.attribute) return fail(type.name + " is an attribute, not a type");
  const RoleDatum& role = db.roles[c.role - 1];
  const UserDatum& user = db.users[c.user - 1];
  // object_r is exempt from the role checks (policydb_context_isvalid).
  if (c.role != kObjectRole) {
    if (!role.types.test(c.type - 1))
      return fail("type " + type.name + " is not authorized for role " + role.name);
    if (!user.roles.test(c.role - 1))
      return fail("role " + role.name + " is not authorized for user " + user.name);
  }
  if (!db.mls) return true;
  if (!mls_level_isvalid(db, c.range.low) || !mls_level_isvalid(db, c.range.high))
    return fail("level not defined (sensitivity or its categories)");
  if (!mls_level_dom(c.range.high, c.range.low)) return fail("high level does not dominate low");
  // mls_context_isvalid(): object_r contexts need not lie within the user's range.
  if (c.role != kObjectRole && !mls_range_contains(user.range, c.range))
    return fail("range " + mls_range_to_string(db, c.range) + " is not within user " + user.name +
                "'s range " + mls_range_to_string(db, user.range));
  return true;
}

namespace {

void copy_low(Context& out, const Context& from) {
  out.range.low = from.range.low;
  out.range.high = from.range.low;
}
void copy_high(Context& out, const Context& from) {
  out.range.low = from.range.high;
  out.range.high = from.range.high;
}

// mls_context_glblub(): the greatest low sensitivity and the least high one; the categories of
// both lows are intersected, as are those of both highs. Only ranges with no sensitivity in
// common are refused; a result that is not a valid range is caught later, when the computed
// context is validated (mls_context_isvalid in security_compute_sid).
int glblub(Context& out, const Context& a, const Context& b) {
  if (a.range.high.sens < b.range.low.sens || b.range.high.sens < a.range.low.sens) {
    return -EINVAL;
  }
  MlsRange r;
  r.low.sens = std::max(a.range.low.sens, b.range.low.sens);
  r.high.sens = std::min(a.range.high.sens, b.range.high.sens);
  r.low.cats = a.range.low.cats;
  r.low.cats &= b.range.low.cats;
  r.high.cats = a.range.high.cats;
  r.high.cats &= b.range.high.cats;
  out.range = std::move(r);
  return 0;
}

}  // namespace

int mls_compute_sid(const Policydb& db, const Context& s, const Context& t, std::uint16_t tclass,
                    SidKind kind, bool sock, Context& out) {
  if (!db.mls) return 0;
  const std::uint16_t process = db.class_value("process");
  switch (kind) {
    case SidKind::transition: {
      auto it = db.range_trans.find(RangeTransKey{s.type, t.type, tclass});
      if (it != db.range_trans.end()) {
        out.range = it->second;
        return 0;
      }
      const SecurityClass* cls = db.tclass(tclass);
      switch (cls ? cls->default_range : DefaultRange::none) {
        case DefaultRange::source_low:
          copy_low(out, s);
          return 0;
        case DefaultRange::source_high:
          copy_high(out, s);
          return 0;
        case DefaultRange::source_low_high:
          out.range = s.range;
          return 0;
        case DefaultRange::target_low:
          copy_low(out, t);
          return 0;
        case DefaultRange::target_high:
          copy_high(out, t);
          return 0;
        case DefaultRange::target_low_high:
          out.range = t.range;
          return 0;
        case DefaultRange::glblub:
          return glblub(out, s, t);
        case DefaultRange::none:
          break;
      }
      [[fallthrough]];
    }
    case SidKind::change:
      // Processes and sockets keep the whole range; other objects get the low level.
      if (tclass == process || sock)
        out.range = s.range;
      else
        copy_low(out, s);
      return 0;
    case SidKind::member:
      copy_low(out, s);
      return 0;
  }
  return -EINVAL;
}

std::string mls_level_to_string(const Policydb& db, const MlsLevel& l) {
  std::string out = l.sens >= 1 && l.sens <= db.sensitivities.size()
                        ? db.sensitivities[l.sens - 1].name
                        : "s?" + std::to_string(l.sens);
  auto cat = [&](std::uint32_t bit) {
    return bit < db.categories.size() ? db.categories[bit] : "c?" + std::to_string(bit);
  };
  // Runs of three or more consecutive categories print as "first.last", a run of two as
  // "first,last" (mls_sid_to_context).
  bool first = true;
  std::int64_t head = -2, prev = -2;
  auto close_run = [&] {
    if (prev != head) {
      out += prev - head > 1 ? '.' : ',';
      out += cat(static_cast<std::uint32_t>(prev));
    }
  };
  l.cats.for_each([&](std::uint32_t bit) {
    const std::int64_t i = bit;
    if (i - prev > 1) {
      close_run();
      out += first ? ':' : ',';
      first = false;
      out += cat(bit);
      head = i;
    }
    prev = i;
  });
  close_run();
  return out;
}

std::string mls_range_to_string(const Policydb& db, const MlsRange& r) {
  std::string out = mls_level_to_string(db, r.low);
  if (!(r.low == r.high)) out += "-" + mls_level_to_string(db, r.high);
  return out;
}

}  // namespace lsmsim::sepolicy
