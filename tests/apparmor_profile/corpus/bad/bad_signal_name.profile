profile bad_signal_name { signal set=(foo), }
