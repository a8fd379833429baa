# Plain file rules, both orders, quoted paths.
profile file_basic /usr/bin/file_basic {
  /etc/passwd r,
  /var/log/app/** rw,
  /tmp/*.sock rwk,
  rw /srv/data/{a,b}/*,
  "/opt/with space/bin" ix,
  owner /home/*/.config/app/ rwl,
  audit deny /etc/shadow r,
  deny /proc/sys/** w,
  /usr/lib/** mr,
  file /etc/hosts r,
  file r /etc/hostname,
}
