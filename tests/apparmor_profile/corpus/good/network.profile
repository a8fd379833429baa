profile network {
  network,
  network inet stream,
  network inet6 dgram,
  network unix,
  network netlink raw,
  network inet tcp,
  network udp,
  network packet,
  deny network bluetooth,
  audit network inet icmp,
}
