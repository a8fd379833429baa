profile two_exec_modes { /x ixpx, }
