profile stray_close_glob { /a/b} r, }
