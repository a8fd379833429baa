// execve(): bprm hooks in the kernel's order, commoncap's credential computation, setuid and
// no_new_privs, and the exec-time LSM transitions.
#pragma once

#include <string>
#include <vector>

#include "model/sys_result.h"

namespace lsmsim {

struct Task;

SysResult sys_execve(Task& caller, const std::string& path,
                     const std::vector<std::string>& argv = {});

}  // namespace lsmsim
