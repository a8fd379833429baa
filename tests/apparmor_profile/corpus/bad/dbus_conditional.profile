profile dbus_cond { dbus bogus=x, }
