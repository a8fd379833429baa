profile deny_exec_qualifier { deny /x ix, }
