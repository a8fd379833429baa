profile bad_mount_option { mount options=(foo) /a -> /b, }
