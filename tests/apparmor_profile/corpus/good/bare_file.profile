profile bare_file { file, owner file, }
