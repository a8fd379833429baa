# The shape of Ubuntu 24.04's /etc/apparmor.d/unprivileged_userns and of its per-program
# userns profiles (AppArmor 4: abi/4.0, `allow all`, `userns`).
abi <abi/4.0>,
include <tunables/global>

profile unprivileged_userns flags=(attach_disconnected) {
  audit deny capability,
  audit deny change_profile,
  allow all,
  userns,
  include if exists <local/unprivileged_userns>
}

profile chrome /opt/google/chrome/chrome flags=(unconfined) {
  userns,
  include if exists <local/chrome>
}
