profile empty_perm_lists { signal (), ptrace (), unix (), dbus (), }
