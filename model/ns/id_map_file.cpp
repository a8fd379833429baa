// /proc/PID/{uid_map,gid_map,projid_map,setgroups} (kernel/user_namespace.c: map_write,
// new_idmap_permitted, verify_root_map, uid_m_show, proc_setgroups_write).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <vector>

#include "model/capable.h"
#include "model/kernel.h"
#include "model/syscalls/denial.h"
#include "model/syscalls/ns.h"

namespace lsmsim {

namespace {

constexpr std::size_t kPageSize = 4096;
constexpr std::size_t kMaxExtents = 340;      // UID_GID_MAP_MAX_EXTENTS
constexpr std::size_t kMaxBaseExtents = 5;    // UID_GID_MAP_MAX_BASE_EXTENTS: sorted above this
constexpr std::uint32_t kInvalidId = static_cast<std::uint32_t>(-1);

IdMap& map_of(UserNamespace& ns, IdMapKind kind) {
  switch (kind) {
    case IdMapKind::uid:
      return ns.uid_map;
    case IdMapKind::gid:
      return ns.gid_map;
    case IdMapKind::projid:
      break;
  }
  return ns.projid_map;
}

const char* map_name(IdMapKind kind) {
  return kind == IdMapKind::uid ? "uid_map" : kind == IdMapKind::gid ? "gid_map" : "projid_map";
}

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// simple_strtoul(pos, &pos, 10): digits only, wrapping on overflow; no digits gives 0.
std::uint32_t parse_ulong(const std::string& s, std::size_t& pos) {
  unsigned long v = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
    v = v * 10 + static_cast<unsigned long>(s[pos++] - '0');
  return static_cast<std::uint32_t>(v);
}

void skip_spaces(const std::string& s, std::size_t& pos) {
  while (pos < s.size() && is_space(s[pos])) ++pos;
}

bool overlaps(const std::vector<IdMapExtent>& extents, const IdMapExtent& e) {
  const std::uint32_t upper_last = e.first + e.count - 1;
  const std::uint32_t lower_last = e.lower_first + e.count - 1;
  for (const IdMapExtent& p : extents) {
    if (p.first <= upper_last && p.first + p.count - 1 >= e.first) return true;
    if (p.lower_first <= lower_last && p.lower_first + p.count - 1 >= e.lower_first) return true;
  }
  return false;
}

// Parses the lines the way map_write() does; false on any malformed line.
bool parse_map(const std::string& text, std::vector<IdMapExtent>& out) {
  std::size_t start = 0;
  for (bool more = true; more;) {
    std::size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    more = nl != std::string::npos && nl + 1 < text.size();  // a final '\n' ends the input
    start = nl + 1;
    std::size_t pos = 0;
    IdMapExtent e;
    skip_spaces(line, pos);
    e.first = parse_ulong(line, pos);
    if (pos >= line.size() || !is_space(line[pos])) return false;
    skip_spaces(line, pos);
    e.lower_first = parse_ulong(line, pos);
    if (pos >= line.size() || !is_space(line[pos])) return false;
    skip_spaces(line, pos);
    e.count = parse_ulong(line, pos);
    if (pos < line.size() && !is_space(line[pos])) return false;
    skip_spaces(line, pos);
    if (pos != line.size()) return false;  // trailing junk
    if (e.first == kInvalidId || e.lower_first == kInvalidId) return false;
    // A zero count or a range that wraps around is refused.
    if (static_cast<std::uint32_t>(e.first + e.count) <= e.first) return false;
    if (static_cast<std::uint32_t>(e.lower_first + e.count) <= e.lower_first) return false;
    if (overlaps(out, e)) return false;
    if (out.size() + 1 == kMaxExtents && more) return false;
    out.push_back(e);
  }
  return !out.empty();
}

// map_id_range_down(): the whole range must sit inside one extent of the parent's map.
bool range_mapped_in(const UserNamespace& parent, IdMapKind kind, std::uint32_t lower,
                     std::uint32_t count) {
  if (parent.parent == nullptr) return true;  // the initial namespace maps every id
  const IdMap& m = map_of(const_cast<UserNamespace&>(parent), kind);
  const std::uint32_t last = lower + count - 1;
  for (const IdMapExtent& e : m.extents)
    if (lower >= e.first && last <= e.first + e.count - 1) return true;
  return false;
}

// The capability tests map_write() makes, each through the capable hook.
bool writer_capable(Task& writer, const UserNamespace& ns, int cap, SysResult& why) {
  return ns_capable_why(writer, ns, cap, why);
}

// new_idmap_permitted() with verify_root_map().
SysResult idmap_permitted(Task& writer, UserNamespace& ns, IdMapKind kind,
                          const std::vector<IdMapExtent>& extents) {
  const Cred& cred = *writer.cred;
  SysResult why;
  if (kind == IdMapKind::uid) {
    // Mapping the parent's uid 0 lets the namespace write file capabilities valid outside.
    bool maps_root = false;
    for (const IdMapExtent& e : extents) maps_root = maps_root || e.lower_first == 0;
    if (maps_root) {
      if (cred.user_ns.get() == &ns) {
        if (!ns.parent_could_setfcap)
          return kernel_denial(EPERM,
                               "mapping the parent's uid 0 needs CAP_SETFCAP at creation time",
                               ns.display_name());
      } else if (!writer_capable(writer, *ns.parent, CAP_SETFCAP, why)) {
        return why;
      }
    }
  }
  // Without privilege: one line of count 1 mapping the owner's own euid (or egid once
  // setgroups is denied), which grants nothing an unprivileged user did not have.
  if (extents.size() == 1 && extents[0].count == 1 && ns.owner_uid == cred.euid) {
    const std::uint32_t id = extents[0].lower_first;
    if (kind == IdMapKind::uid && make_kuid(*ns.parent, id) == cred.euid)
      return SysResult::success();
    if (kind == IdMapKind::gid && !ns.setgroups_allowed && make_kgid(*ns.parent, id) == cred.egid)
      return SysResult::success();
  }
  if (kind == IdMapKind::projid) return SysResult::success();  // needs no privilege
  const int cap = kind == IdMapKind::uid ? CAP_SETUID : CAP_SETGID;
  if (writer_capable(writer, *ns.parent, cap, why)) return SysResult::success();
  if (why.denial) {
    why.denial->reason =
        std::string(kind == IdMapKind::gid && ns.setgroups_allowed
                        ? "an unprivileged gid_map needs \"deny\" in setgroups first and"
                        : "an unprivileged writer may map only its own id, in one line of "
                          "count 1, and") +
        " the writer lacks " + (kind == IdMapKind::uid ? "cap_setuid" : "cap_setgid") +
        " in the parent; " + why.denial->reason;
  }
  return why;
}

}  // namespace

SysResult write_id_map(Task& writer, Task& target, IdMapKind kind, const std::string& text) {
  Kernel::CurrentScope scope(writer.kernel, writer);
  UserNamespace& ns = *target.cred->user_ns;
  const UserNamespace* seq_ns = writer.cred->user_ns.get();
  if (ns.parent == nullptr)
    return kernel_denial(EPERM, "the initial user namespace's maps cannot be written", "init");
  if (seq_ns != &ns && seq_ns != ns.parent.get())
    return kernel_denial(EPERM,
                         "the writer must be in the target user namespace or its parent",
                         ns.display_name());
  if (text.size() >= kPageSize) return kernel_denial(EINVAL, "map text of a page or more");
  IdMap& map = map_of(ns, kind);
  if (map.written || !map.extents.empty())
    return kernel_denial(EPERM, std::string(map_name(kind)) + " may be written only once",
                         ns.display_name());
  SysResult why;
  if (kind != IdMapKind::projid && !writer_capable(writer, ns, CAP_SYS_ADMIN, why)) return why;
  std::vector<IdMapExtent> extents;
  if (!parse_map(text, extents))
    return kernel_denial(EINVAL,
                         std::string("malformed ") + map_name(kind) +
                             " (bad line, zero or wrapping count, overlap, or over 340 lines)",
                         ns.display_name());
  if (SysResult r = idmap_permitted(writer, ns, kind, extents); !r.ok()) return r;
  for (const IdMapExtent& e : extents)
    if (!range_mapped_in(*ns.parent, kind, e.lower_first, e.count))
      return kernel_denial(EPERM,
                           "lower ids " + std::to_string(e.lower_first) + "+" +
                               std::to_string(e.count) + " are not mapped in the parent",
                           ns.parent->display_name());
  map.extents = std::move(extents);
  map.written = true;
  return SysResult::success(static_cast<long>(text.size()));
}

std::string read_id_map(Task& reader, Task& target, IdMapKind kind) {
  UserNamespace& ns = *target.cred->user_ns;
  // uid_m_show(): lower ids are shown in the reader's namespace, or in its parent when the
  // reader looks at its own namespace's map.
  const UserNamespace* lower_ns = reader.cred->user_ns.get();
  if (lower_ns == &ns && lower_ns->parent != nullptr) lower_ns = lower_ns->parent.get();
  std::vector<IdMapExtent> extents = map_of(ns, kind).extents;
  if (extents.size() > kMaxBaseExtents)  // the kernel keeps large maps sorted
    std::sort(extents.begin(), extents.end(),
              [](const IdMapExtent& a, const IdMapExtent& b) { return a.first < b.first; });
  std::string out;
  for (const IdMapExtent& e : extents) {
    std::uint32_t kid = e.lower_first;
    std::uint32_t lower = 0;
    if (kind == IdMapKind::gid) {
      if (ns.parent != nullptr) kid = make_kgid(*ns.parent, kid);
      lower = from_kgid(*lower_ns, kid);
    } else if (kind == IdMapKind::uid) {
      if (ns.parent != nullptr) kid = make_kuid(*ns.parent, kid);
      lower = from_kuid(*lower_ns, kid);
    } else {
      lower = kid;  // project ids: not translated (no projid walk modelled)
    }
    char line[48];
    std::snprintf(line, sizeof line, "%10u %10u %10u\n", e.first, lower, e.count);
    out += line;
  }
  return out;
}

SysResult write_setgroups(Task& writer, Task& target, const std::string& text) {
  Kernel::CurrentScope scope(writer.kernel, writer);
  UserNamespace& ns = *target.cred->user_ns;
  // proc_setgroups_open(): opening for write needs CAP_SYS_ADMIN in the namespace.
  SysResult why;
  if (!ns_capable_why(writer, ns, CAP_SYS_ADMIN, why)) {
    why.err = EACCES;
    return why;
  }
  if (text.size() >= 8) return kernel_denial(EINVAL, "setgroups accepts \"allow\" or \"deny\"");
  std::size_t pos = 0;
  bool allow = false;
  if (text.compare(0, 5, "allow") == 0) {
    pos = 5;
    allow = true;
  } else if (text.compare(0, 4, "deny") == 0) {
    pos = 4;
  } else {
    return kernel_denial(EINVAL, "setgroups accepts \"allow\" or \"deny\"");
  }
  skip_spaces(text, pos);
  if (pos != text.size()) return kernel_denial(EINVAL, "trailing junk after allow/deny");
  if (allow) {
    if (!ns.setgroups_allowed)
      return kernel_denial(EPERM, "setgroups cannot be re-allowed once denied",
                           ns.display_name());
  } else {
    if (!ns.gid_map.extents.empty())
      return kernel_denial(EPERM, "setgroups cannot be denied after gid_map was written",
                           ns.display_name());
    ns.setgroups_allowed = false;
  }
  return SysResult::success(static_cast<long>(text.size()));
}

std::string read_setgroups(Task& target) {
  return target.cred->user_ns->setgroups_allowed ? "allow\n" : "deny\n";
}

}  // namespace lsmsim
