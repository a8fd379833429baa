profile wa_conflict { /x wa, }
