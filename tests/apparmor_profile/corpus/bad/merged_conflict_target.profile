profile merged_conflict_target { /x px -> a, /x px -> b, }
