profile bad_network_family { network foo, }
