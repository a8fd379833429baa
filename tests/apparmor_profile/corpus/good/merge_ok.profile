profile merge_ok {
  /x px,
  owner /x px,
  audit /x px,
  /x rw,
  /y ix,
  /y mrix,
  /z* ux,
  /z px,
  deny /x x,
}
