"""The ``lsmsim`` console command: the native command line, run in-process."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from lsmsim import _core


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``lsmsim`` with ``argv`` (default: ``sys.argv[1:]``) and exit with its status.

    Exit status: 0 all expectations passed, 1 some failed, 2 bad input.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    status = _core.cli_main(["lsmsim", *args])
    sys.exit(status)


if __name__ == "__main__":
    main()
