profile var_after_profile { }
@{V}=y
