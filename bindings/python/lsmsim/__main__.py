"""``python -m lsmsim ...`` runs the lsmsim command line."""

from __future__ import annotations

from lsmsim.cli import main

main()
