profile caps {
  capability chown dac_override,
  capability net_raw,
  deny capability sys_admin,
  audit capability setuid,
  audit deny capability sys_module,
}
