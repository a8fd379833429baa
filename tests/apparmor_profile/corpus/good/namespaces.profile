profile :ns1:web /usr/bin/web { /srv/www/** r, }
:ns2:/usr/bin/db { /var/lib/db/** rw, }
