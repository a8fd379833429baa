profile bad_flag flags=(bogus) { }
