profile bad_capability { capability frobnicate, }
