profile merged_conflict_scrub { /x Px, /x px, }
