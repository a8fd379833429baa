profile merged_conflict_fallback { /x pix, /x px, }
