#include <tunables/global>
profile qualifier_blocks {
  owner {
    /tmp/x rw,
    @{HOME}/y r,
  }
  audit {
    /etc/z r,
  }
}
