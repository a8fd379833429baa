profile empty_set { signal set=(), }
