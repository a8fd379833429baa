profile exec_target_ns { /bin/a px -> :ns:other, /bin/b Px -> &stacked, }
