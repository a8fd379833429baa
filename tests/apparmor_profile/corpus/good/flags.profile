profile flags_a flags=(complain) { }
profile flags_b flags=(attach_disconnected, mediate_deleted) { }
profile flags_c (kill) { }
/usr/bin/flags_d flags=(unconfined) { }
profile flags_e flags=(audit chroot_relative) { }
profile flags_f /usr/bin/f* flags=(enforce) { }
