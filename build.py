#!/usr/bin/env python3
"""Build the open data site of UN human rights recommendations to New Zealand.

Run `python build.py --help` for the commands."""

import sys

from recommendations_site.cli import main

if __name__ == "__main__":
    sys.exit(main())
