@{A}=x
@{A}=y
profile var_redefined { }
