"""The ``awserrors`` command (also ``python -m awserrors``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from awserrors._registry import mappings_dir


def _import_botocore(args: argparse.Namespace) -> int:
    import botocore

    from awserrors import _importer

    installed = _importer.botocore_rows()
    target = Path(args.output)
    if args.check:
        if not target.is_file():
            print(f"{target}: missing; run `awserrors import-botocore` to write it", file=sys.stderr)
            return 1
        lines = _importer.drift(_importer.read_rows(target), installed)
        for line in lines:
            print(line)
        shapes = sum(len(rows) for rows in installed.values())
        print(
            f"{len(lines)} difference(s) between {target} and botocore {botocore.__version__} "
            f"({len(installed)} services, {shapes} error shapes)",
            file=sys.stderr,
        )
        return 1 if lines else 0
    target.write_text(_importer.render(installed, botocore.__version__), encoding="utf-8")
    shapes = sum(len(rows) for rows in installed.values())
    version = botocore.__version__
    print(f"wrote {target}: {len(installed)} services, {shapes} error shapes (botocore {version})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="awserrors", description="Error classes for every AWS error code, from YAML mapping tables."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    importer = commands.add_parser(
        "import-botocore",
        help="write the YAML rows of every error shape the installed botocore models",
        description="Write mappings/aws/botocore.yaml from the installed botocore's service models, "
        "or with --check list what differs (exit 1 on any difference).",
    )
    importer.add_argument(
        "--output", default=str(mappings_dir() / "aws" / "botocore.yaml"), help="the file to write or check"
    )
    importer.add_argument("--check", action="store_true", help="only report drift; exit 1 if any")
    importer.set_defaults(run=_import_botocore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
