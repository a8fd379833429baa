profile conflicting_flags flags=(complain, kill) { }
