"""Check course packages: `python -m studyguide.coursepack PATH...`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from studyguide.coursepack.models import PackageError
from studyguide.coursepack.reader import read_package
from studyguide.coursepack.summary import summarize


def main(argv: Sequence[str] | None = None) -> int:
    """Check each package, print its problems or a summary, and return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m studyguide.coursepack", description="Check course packages."
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="package folder")
    args = parser.parse_args(argv)
    status = 0
    for path in args.paths:
        try:
            package = read_package(path)
        except PackageError as error:
            status = 1
            # Prefix the package folder so lines from several packages stay unambiguous.
            for problem in error.problems:
                print(f"{path / problem.file}: {problem.field}: {problem.message}")
            continue
        print(f"{path}: ok: {summarize(package)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
