profile bad_network_type { network inet foo, }
