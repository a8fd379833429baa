profile bad_unix_type { unix type=foo, }
