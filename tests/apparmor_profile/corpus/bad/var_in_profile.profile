profile var_in_profile { @{X}=y
}
