profile undefined_variable { @{NOPE}/x r, }
