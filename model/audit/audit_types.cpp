#include "model/audit/audit_types.h"

#include <array>
#include <cstdlib>
#include <utility>

namespace lsmsim {

bool audit_is_user_message(int type) {
  return type == AUDIT_USER || (type >= AUDIT_FIRST_USER_MSG && type <= AUDIT_LAST_USER_MSG) ||
         (type >= AUDIT_FIRST_USER_MSG2 && type <= AUDIT_LAST_USER_MSG2);
}

namespace {

// The names auditd 3.0.9 knows (audit-userspace lib/msg_typetab.h) for the types lsmsim emits
// or receives, plus their immediate neighbours. 1020-1022, 1399, 1425 and 1426 are absent
// there, so they print as UNKNOWN[n].
constexpr std::array<std::pair<int, const char*>, 70> kNames{{
    {1005, "USER"},
    {1006, "LOGIN"},
    {1100, "USER_AUTH"},
    {1101, "USER_ACCT"},
    {1102, "USER_MGMT"},
    {1103, "CRED_ACQ"},
    {1104, "CRED_DISP"},
    {1105, "USER_START"},
    {1106, "USER_END"},
    {1107, "USER_AVC"},
    {1108, "USER_CHAUTH"},
    {1109, "USER_ERR"},
    {1110, "CRED_REFR"},
    {1111, "USYS_CONFIG"},
    {1112, "USER_LOGIN"},
    {1113, "USER_LOGOUT"},
    {1114, "ADD_USER"},
    {1115, "DEL_USER"},
    {1116, "ADD_GROUP"},
    {1117, "DEL_GROUP"},
    {1118, "DAC_CHECK"},
    {1119, "CHGRP_ID"},
    {1120, "TEST"},
    {1121, "TRUSTED_APP"},
    {1122, "USER_SELINUX_ERR"},
    {1123, "USER_CMD"},
    {1124, "USER_TTY"},
    {1125, "CHUSER_ID"},
    {1126, "GRP_AUTH"},
    {1127, "SYSTEM_BOOT"},
    {1128, "SYSTEM_SHUTDOWN"},
    {1129, "SYSTEM_RUNLEVEL"},
    {1130, "SERVICE_START"},
    {1131, "SERVICE_STOP"},
    {1200, "DAEMON_START"},
    {1201, "DAEMON_END"},
    {1202, "DAEMON_ABORT"},
    {1203, "DAEMON_CONFIG"},
    {1300, "SYSCALL"},
    {1302, "PATH"},
    {1303, "IPC"},
    {1304, "SOCKETCALL"},
    {1305, "CONFIG_CHANGE"},
    {1306, "SOCKADDR"},
    {1307, "CWD"},
    {1309, "EXECVE"},
    {1317, "FD_PAIR"},
    {1318, "OBJ_PID"},
    {1319, "TTY"},
    {1320, "EOE"},
    {1321, "BPRM_FCAPS"},
    {1322, "CAPSET"},
    {1324, "NETFILTER_PKT"},
    {1325, "NETFILTER_CFG"},
    {1326, "SECCOMP"},
    {1327, "PROCTITLE"},
    {1328, "FEATURE_CHANGE"},
    {1334, "BPF"},
    {1335, "EVENT_LISTENER"},
    {1336, "URINGOP"},
    {1337, "OPENAT2"},
    {1400, "AVC"},
    {1401, "SELINUX_ERR"},
    {1402, "AVC_PATH"},
    {1403, "MAC_POLICY_LOAD"},
    {1404, "MAC_STATUS"},
    {1405, "MAC_CONFIG_CHANGE"},
    {1700, "ANOM_PROMISCUOUS"},
    {1701, "ANOM_ABEND"},
    {2000, "KERNEL"},
}};

}  // namespace

std::string audit_type_name(int type) {
  for (const auto& [n, name] : kNames)
    if (n == type) return name;
  return "UNKNOWN[" + std::to_string(type) + "]";
}

int audit_type_number(const std::string& name) {
  for (const auto& [n, nm] : kNames)
    if (name == nm) return n;
  // "UNKNOWN[n]" as auditd writes it for numbers its table lacks.
  const std::string prefix = "UNKNOWN[";
  if (name.size() > prefix.size() + 1 && name.compare(0, prefix.size(), prefix) == 0 &&
      name.back() == ']') {
    std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - 1);
    if (digits.empty() || digits.size() > 9) return -1;
    for (char c : digits)
      if (c < '0' || c > '9') return -1;
    return std::atoi(digits.c_str());
  }
  return -1;
}

}  // namespace lsmsim
