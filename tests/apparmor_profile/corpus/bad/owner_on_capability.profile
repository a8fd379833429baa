profile owner_on_capability { owner capability chown, }
