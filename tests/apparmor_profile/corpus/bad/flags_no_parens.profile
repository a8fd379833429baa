profile flags_no_parens flags=complain { }
