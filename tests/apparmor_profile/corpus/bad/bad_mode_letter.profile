profile bad_mode_letter { /x rwz, }
