// Audit record and message type numbers (include/uapi/linux/audit.h), the unmerged audit
// container ID series' numbers, and the names auditd 3.0.9 writes for them.
#pragma once

#include <string>

namespace lsmsim {

// ---- netlink requests (1000-1099) ----
inline constexpr int AUDIT_GET = 1000;
inline constexpr int AUDIT_SET = 1001;
inline constexpr int AUDIT_LIST = 1002;  // legacy
inline constexpr int AUDIT_ADD = 1003;   // legacy
inline constexpr int AUDIT_DEL = 1004;   // legacy
inline constexpr int AUDIT_USER = 1005;
inline constexpr int AUDIT_LOGIN = 1006;
inline constexpr int AUDIT_SIGNAL_INFO = 1010;
inline constexpr int AUDIT_ADD_RULE = 1011;
inline constexpr int AUDIT_DEL_RULE = 1012;
inline constexpr int AUDIT_LIST_RULES = 1013;
inline constexpr int AUDIT_TRIM = 1014;
inline constexpr int AUDIT_MAKE_EQUIV = 1015;
inline constexpr int AUDIT_TTY_GET = 1016;
inline constexpr int AUDIT_TTY_SET = 1017;
inline constexpr int AUDIT_SET_FEATURE = 1018;
inline constexpr int AUDIT_GET_FEATURE = 1019;
// ghak90 (never merged; 1020-1022 are still free in mainline).
inline constexpr int AUDIT_CONTAINER_OP = 1020;
inline constexpr int AUDIT_SIGNAL_INFO2 = 1021;
inline constexpr int AUDIT_SET_CAPCONTID = 1022;

// ---- user space messages (1100-1199, 2100-2999) ----
inline constexpr int AUDIT_FIRST_USER_MSG = 1100;
inline constexpr int AUDIT_USER_AUTH = 1100;
inline constexpr int AUDIT_USER_ACCT = 1101;
inline constexpr int AUDIT_USER_MGMT = 1102;
inline constexpr int AUDIT_CRED_ACQ = 1103;
inline constexpr int AUDIT_CRED_DISP = 1104;
inline constexpr int AUDIT_USER_START = 1105;
inline constexpr int AUDIT_USER_END = 1106;
inline constexpr int AUDIT_USER_AVC = 1107;
inline constexpr int AUDIT_USER_CHAUTH = 1108;
inline constexpr int AUDIT_USER_ERR = 1109;
inline constexpr int AUDIT_CRED_REFR = 1110;
inline constexpr int AUDIT_USYS_CONFIG = 1111;
inline constexpr int AUDIT_USER_LOGIN = 1112;
inline constexpr int AUDIT_USER_LOGOUT = 1113;
inline constexpr int AUDIT_LAST_USER_MSG = 1199;
inline constexpr int AUDIT_FIRST_USER_MSG2 = 2100;
inline constexpr int AUDIT_LAST_USER_MSG2 = 2999;

// ---- kernel records ----
inline constexpr int AUDIT_DAEMON_START = 1200;
inline constexpr int AUDIT_SYSCALL = 1300;
inline constexpr int AUDIT_PATH = 1302;
inline constexpr int AUDIT_CONFIG_CHANGE = 1305;
inline constexpr int AUDIT_CWD = 1307;
inline constexpr int AUDIT_EXECVE = 1309;
inline constexpr int AUDIT_OBJ_PID = 1318;
inline constexpr int AUDIT_EOE = 1320;
inline constexpr int AUDIT_NETFILTER_PKT = 1324;
inline constexpr int AUDIT_PROCTITLE = 1327;
inline constexpr int AUDIT_EVENT_LISTENER = 1335;
inline constexpr int AUDIT_URINGOP = 1336;
// ghak90 v10/v11 numbered CONTAINER_ID 1336, which mainline gave to URINGOP in 5.16; auditd
// would then name the record URINGOP. lsmsim writes it under a number no kernel uses
// (documented in docs/audit.md) so every reader sees UNKNOWN[1399] rather than a lie.
inline constexpr int AUDIT_CONTAINER_ID_V11 = 1336;
inline constexpr int AUDIT_CONTAINER_ID = 1399;
inline constexpr int AUDIT_AVC = 1400;
inline constexpr int AUDIT_MAC_TASK_CONTEXTS = 1425;  // v6.18
inline constexpr int AUDIT_MAC_OBJ_CONTEXTS = 1426;   // v6.18
inline constexpr int AUDIT_ANOM_ABEND = 1701;
inline constexpr int AUDIT_KERNEL = 2000;

// Whether a netlink message type is a user message (AUDIT_USER, 1100-1199, 2100-2999).
bool audit_is_user_message(int type);

// The name auditd 3.0.9 (Debian bookworm) writes after "type=": "AVC", "SYSCALL", ...;
// "UNKNOWN[n]" for a number its table lacks (1020, 1399, 1425, 1426 among them).
std::string audit_type_name(int type);

// The number for a name that audit_type_name() returns ("AVC" -> 1400, "UNKNOWN[1425]" ->
// 1425); -1 if the name is not known.
int audit_type_number(const std::string& name);

}  // namespace lsmsim
