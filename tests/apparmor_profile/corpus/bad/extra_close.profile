profile extra_close { /x r, } }
