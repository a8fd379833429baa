profile children /usr/sbin/daemon {
  /usr/sbin/helper Cx -> helper,
  profile helper {
    /usr/sbin/helper r,
    profile grandchild { }
  }
  ^hat_a {
    /tmp/a rw,
  }
  hat hat_b { }
}
