profile debug_flag flags=(debug) { }
