profile mqueue { mqueue (create read write) type=posix /q, }
