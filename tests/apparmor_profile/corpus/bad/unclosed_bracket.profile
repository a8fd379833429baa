profile unclosed_bracket { /a/[b r, }
