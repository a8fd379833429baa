profile rlimit_value { set rlimit nofile <= 10k, }
