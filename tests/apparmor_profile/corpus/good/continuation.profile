@{DIRS}=/srv/a \
  /srv/b   # continued
@{EMPTYISH}=/x
profile continuation {
  @{DIRS}/** r,
  @{EMPTYISH}/ r, # a comment after a rule
}
