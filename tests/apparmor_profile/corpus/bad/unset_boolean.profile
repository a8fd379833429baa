profile unset_boolean { if ${nope} { /x r, } }
