profile bad_signal_perm { signal (send, foo), }
