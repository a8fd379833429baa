${is_on} = true
${is_off} = false
profile conditional {
  if ${is_on} {
    /on r,
  } else {
    /off r,
  }
  if not ${is_off} {
    /not_off r,
  }
  if ${is_off} { /nope r, } else if ${is_on} { /elseif r, }
}
