profile "quoted name" "/usr/bin/with space" { "/tmp/a b" rw, }
