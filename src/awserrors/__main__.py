"""The ``awserrors`` command (also ``python -m awserrors``); the commands live in :mod:`awserrors._cli`."""

from __future__ import annotations

import sys

from awserrors._cli import build_parser, main

__all__ = ["build_parser", "main"]

if __name__ == "__main__":
    sys.exit(main())
