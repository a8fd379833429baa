profile merged_conflict { /x ux, /x px, }
