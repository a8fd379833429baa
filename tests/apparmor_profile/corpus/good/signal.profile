profile signal {
  signal,
  signal (send) set=(hup, term) peer=other,
  signal (receive) peer=unconfined,
  signal send set=kill,
  signal (send receive) set=(usr1 usr2 rtmin+3),
  deny signal (send) set=(stop),
}
