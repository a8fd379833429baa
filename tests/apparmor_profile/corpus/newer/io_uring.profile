profile io_uring { io_uring (sqpoll override_creds) label=foo, }
