profile unclosed_brace_glob { /a/{b r, }
