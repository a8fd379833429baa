profile bad_unix_perm { unix (foo), }
