profile escapes { /a/b\ c r, /d/\{e\} r, /f/[abc]/[^x]? r, }
