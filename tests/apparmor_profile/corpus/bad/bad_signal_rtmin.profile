profile bad_signal_rtmin { signal set=(rtmin+33), }
