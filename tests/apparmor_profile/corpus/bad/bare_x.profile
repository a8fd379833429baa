profile bare_x { /x x, }
