profile dup_child { profile c { } ^c { } }
