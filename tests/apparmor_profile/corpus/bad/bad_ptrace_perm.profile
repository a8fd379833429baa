profile bad_ptrace_perm { ptrace (foo), }
