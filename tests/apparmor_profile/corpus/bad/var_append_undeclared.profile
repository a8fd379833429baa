@{A}+=y
profile var_append_undeclared { }
