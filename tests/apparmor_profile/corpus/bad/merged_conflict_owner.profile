profile merged_conflict_owner { owner /x ix, /x px, }
