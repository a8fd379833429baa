profile exec_mode_alone { /x p, }
