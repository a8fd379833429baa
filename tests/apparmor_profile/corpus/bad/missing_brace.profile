profile missing_brace /x
