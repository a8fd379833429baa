profile mode_then_nonpath { rw x, }
