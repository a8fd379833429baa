profile unknown_keyword { frobnicate /x, }
