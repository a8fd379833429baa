#include <tunables/global>
abi <abi/3.0>,
include if exists <local/does-not-exist>
profile includes {
  #include <abstractions/base>
  include <abstractions/nameservice>
  include if exists <local/includes>
  /usr/bin/includes mr,
}
