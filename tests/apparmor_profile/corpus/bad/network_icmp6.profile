profile network_icmp6 { network inet6 icmp, }
