profile cap_prefix { capability cap_chown, }
