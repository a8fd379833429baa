#include "lsms/apparmor/policy/aa_names.h"

#include <array>
#include <cctype>
#include <string_view>
#include <utility>

#include "model/capability.h"

namespace lsmsim::aa {

namespace {

using NameNum = std::pair<std::string_view, int>;

template <std::size_t N>
std::optional<int> lookup(const std::array<NameNum, N>& table, const std::string& name) {
  for (const auto& [n, v] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

// Linux AF_* numbers (include/linux/socket.h) under apparmor_parser 3.0's names: it takes
// them from the AF_ macros of the headers it was built with, lower-cased; "local",
// "route", "unspec" and "decnet" are refused by 3.0.8 ("Invalid network entry").
constexpr std::array<NameNum, 44> kFamilies = {{
    {"unix", 1},     {"inet", 2},     {"ax25", 3},      {"ipx", 4},      {"appletalk", 5},
    {"netrom", 6},   {"bridge", 7},   {"atmpvc", 8},    {"x25", 9},      {"inet6", 10},
    {"rose", 11},    {"netbeui", 13}, {"security", 14}, {"key", 15},     {"netlink", 16},
    {"packet", 17},  {"ash", 18},     {"econet", 19},   {"atmsvc", 20},  {"rds", 21},
    {"sna", 22},     {"irda", 23},    {"pppox", 24},    {"wanpipe", 25}, {"llc", 26},
    {"ib", 27},      {"mpls", 28},    {"can", 29},      {"tipc", 30},    {"bluetooth", 31},
    {"iucv", 32},    {"rxrpc", 33},   {"isdn", 34},     {"phonet", 35},  {"ieee802154", 36},
    {"caif", 37},    {"alg", 38},     {"nfc", 39},      {"vsock", 40},   {"kcm", 41},
    {"qipcrtr", 42}, {"smc", 43},     {"xdp", 44},      {"mctp", 45},
}};

// SOCK_* (include/linux/net.h); 3.0.8 refuses "dccp" in network rules.
constexpr std::array<NameNum, 6> kSockTypes = {{
    {"stream", 1},
    {"dgram", 2},
    {"raw", 3},
    {"rdm", 4},
    {"seqpacket", 5},
    {"packet", 10},
}};

// Signal numbers as the parser's signal table names them (parser/signal.cc): the usual
// x86 numbering, "emt" as the parser maps it, rtmin+N as 32+N.
constexpr std::array<NameNum, 34> kSignals = {{
    {"hup", 1},   {"int", 2},   {"quit", 3},    {"ill", 4},    {"trap", 5},    {"abrt", 6},
    {"iot", 6},   {"bus", 7},   {"fpe", 8},     {"kill", 9},   {"usr1", 10},   {"segv", 11},
    {"usr2", 12}, {"pipe", 13}, {"alrm", 14},   {"term", 15},  {"stkflt", 16}, {"chld", 17},
    {"cont", 18}, {"stop", 19}, {"stp", 20},    {"ttin", 21},  {"ttou", 22},   {"urg", 23},
    {"xcpu", 24}, {"xfsz", 25}, {"vtalrm", 26}, {"prof", 27},  {"winch", 28},  {"io", 29},
    {"pwr", 30},  {"sys", 31},  {"emt", 7},     {"exists", 0},
}};

}  // namespace

std::optional<int> aa_capability_number(const std::string& name) {
  // The parser's table is the kernel's names without "cap_", lower case only.
  for (char c : name) {
    if (std::isupper(static_cast<unsigned char>(c)) != 0) return std::nullopt;
  }
  if (name.rfind("cap_", 0) == 0) return std::nullopt;
  return capability_from_name(name);
}

std::optional<int> aa_family_number(const std::string& name) {
  return lookup(kFamilies, name);
}

std::optional<int> aa_sock_type_number(const std::string& name) {
  return lookup(kSockTypes, name);
}

std::optional<AaProtocol> aa_protocol(const std::string& name, int family) {
  // Only these three names, and icmp only for inet: what 3.0.8 accepts.
  const bool any_inet = family == -1 || family == 2 || family == 10;
  if (name == "tcp" && any_inet) return AaProtocol{6, 1};
  if (name == "udp" && any_inet) return AaProtocol{17, 2};
  if (name == "icmp" && (family == -1 || family == 2)) return AaProtocol{1, 3};
  return std::nullopt;
}

std::optional<int> aa_signal_number(const std::string& name) {
  if (name.rfind("rtmin+", 0) == 0 && name.size() > 6 && name.size() <= 8) {
    int n = 0;
    for (std::size_t i = 6; i < name.size(); ++i) {
      if (std::isdigit(static_cast<unsigned char>(name[i])) == 0) return std::nullopt;
      n = n * 10 + (name[i] - '0');
    }
    if (n > 32) return std::nullopt;
    return 32 + n;
  }
  return lookup(kSignals, name);
}

}  // namespace lsmsim::aa
