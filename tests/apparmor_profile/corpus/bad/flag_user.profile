profile flag_user flags=(user) { }
