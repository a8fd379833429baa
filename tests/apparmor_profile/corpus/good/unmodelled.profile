alias /usr/ -> /mnt/usr/,
profile unmodelled {
  dbus send bus=session path=/org/foo interface=org.foo member={Get,Set},
  dbus (receive) bus=system,
  set rlimit nofile <= 1024,
  link /a -> /b,
  link subset /c -> /d,
  /e l -> /f,
}
