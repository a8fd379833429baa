abi <abi/9.9>,
profile bad_abi { }
