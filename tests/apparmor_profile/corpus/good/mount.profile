profile mount {
  mount,
  mount fstype=ext4 /dev/sda1 -> /mnt/,
  mount options=(ro,bind) /a/ -> /b/,
  mount fstype=(proc sysfs) -> /proc/,
  remount /data/,
  umount /mnt/**,
  umount,
  pivot_root /newroot/,
  pivot_root oldroot=/newroot/old/ /newroot/,
  deny mount fstype=nfs,
}
