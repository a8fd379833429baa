profile unix {
  unix,
  unix (send receive) type=stream addr=@foo peer=(label=bar, addr=@baz),
  unix (connect) type=dgram,
  unix (bind listen accept) type=seqpacket addr=@srv,
  deny unix (create),
}
