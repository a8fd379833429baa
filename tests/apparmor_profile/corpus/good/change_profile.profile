profile change_profile {
  change_profile,
  change_profile -> other,
  change_profile -> php-fpm//*,
  change_profile /usr/bin/x -> xp,
  change_profile safe /usr/bin/y -> yp,
  change_profile unsafe /usr/bin/z -> zp,
}
