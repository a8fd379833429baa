// The names AppArmor rules use for numbers: capabilities (model/capability.h's table,
// without the cap_ prefix as apparmor_parser spells them), address families, socket types
// and protocols of `network` rules, and signal names of `signal` rules, as apparmor_parser
// 3.0 knows them (parser/network.c, parser/signal.cc, their generated name tables).
#pragma once

#include <optional>
#include <string>

namespace lsmsim::aa {

// "sys_admin" -> 21. Refuses "cap_sys_admin" and upper case, as the parser does.
std::optional<int> aa_capability_number(const std::string& name);
// "inet" -> AF_INET (2).
std::optional<int> aa_family_number(const std::string& name);
// "stream" -> SOCK_STREAM (1).
std::optional<int> aa_sock_type_number(const std::string& name);

// A `network` protocol name: the IPPROTO_* number and the socket type it implies
// ("tcp" is stream, "udp" dgram, "icmp" raw), valid only for the families it names.
struct AaProtocol {
  int protocol;
  int sock_type;
};
std::optional<AaProtocol> aa_protocol(const std::string& name, int family);

// "hup" -> 1, "rtmin+2" -> 34, "exists" -> 0 (the existence check, kill(pid, 0)).
std::optional<int> aa_signal_number(const std::string& name);

}  // namespace lsmsim::aa
