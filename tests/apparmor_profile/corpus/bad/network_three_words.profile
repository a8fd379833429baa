profile network_three_words { network inet stream tcp, }
