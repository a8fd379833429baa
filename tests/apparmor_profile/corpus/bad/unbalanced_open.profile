profile unbalanced_open { /x r,
