profile missing_comma { /x r }
