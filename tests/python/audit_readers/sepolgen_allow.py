"""Run with /usr/bin/python3 (Debian's python3-sepolgen): prints the allow rules sepolgen
generates from the AVC denials in the log file argv[1] (audit2allow's core, no policy needed)."""

import sys

import sepolgen.audit
import sepolgen.output
import sepolgen.policygen

parser = sepolgen.audit.AuditParser()
with open(sys.argv[1]) as f:
    parser.parse_file(f)
gen = sepolgen.policygen.PolicyGenerator()
gen.add_access(parser.to_access())
sepolgen.output.ModuleWriter().write(gen.get_module(), sys.stdout)
