^toplevel_hat { /tmp/x r, }
