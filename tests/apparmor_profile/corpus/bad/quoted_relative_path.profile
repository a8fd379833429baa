profile quoted_relative { "c d" r, }
