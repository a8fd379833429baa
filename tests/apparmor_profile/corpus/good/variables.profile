#include <tunables/global>
@{APP}=/opt/app
@{DIRS}=lib share
@{DIRS}+="my docs"
@{NESTED}=@{APP}/@{DIRS}
profile variables @{APP}/bin/* {
  @{APP}/etc/** r,
  @{NESTED}/** r,
  /x/{@{DIRS},other}/ r,
  @{PROC}/@{pid}/status r,
  owner @{HOME}/.app/ rw,
}
