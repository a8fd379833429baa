profile ptrace {
  ptrace,
  ptrace (read, trace) peer=foo,
  ptrace readby,
  ptrace (tracedby) peer=unconfined,
  deny ptrace (trace),
}
