profile relative_path { x rw, }
