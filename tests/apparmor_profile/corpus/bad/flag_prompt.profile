profile flag_prompt flags=(prompt) { }
