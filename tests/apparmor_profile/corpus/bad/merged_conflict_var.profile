@{X}=/x
profile merged_conflict_var { @{X} ux, /x px, }
