profile all { all, }
