profile empty_flags flags=() { }
