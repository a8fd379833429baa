profile deny_block { deny { /x r, } }
