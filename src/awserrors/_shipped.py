"""What awserrors ships: its version, and its taxonomies, the one list the package, the CLI,
the stubs and the wheel read.

Each is a generated module made from YAML files below the mappings folder
(:func:`awserrors.mappings_dir`), listed in overlay order: a later file's rows
change only the fields they set, so curated choices come last.
"""

from __future__ import annotations

import os

#: The version of awserrors (one place: pyproject.toml reads it from here).
__version__ = "0.1.0"


class Shipped:
    """One shipped taxonomy: the name the CLI knows it by, its module, its YAML files.

    A plain class: ``awserrors.__version__`` and a first lookup import this module, and
    nothing more for it."""

    __slots__ = ("files", "module", "name")

    def __init__(self, name: str, module: str, files: tuple[str, ...]) -> None:
        self.name, self.module, self.files = name, module, files

    def __repr__(self) -> str:
        return f"Shipped({self.name!r}, {self.module!r}, {self.files!r})"


AWS = Shipped(
    "aws",
    "awserrors",
    tuple(
        f"aws/{name}"
        for name in ("categories.yaml", "botocore.yaml", "ec2.yaml", "s3.yaml", "common.yaml", "curated.yaml")
    ),
)
DEVOPS_AGENT = Shipped("devops_agent", "awserrors.taxonomies.devops_agent", ("devops_agent.yaml",))
EC2_CLIENT = Shipped("ec2_client", "awserrors.taxonomies.ec2_client", ("ec2_client.yaml",))

#: Every shipped taxonomy, by the name the CLI knows it by.
SHIPPED = {shipped.name: shipped for shipped in (AWS, DEVOPS_AGENT, EC2_CLIENT)}


def mappings_folder() -> str:
    """The folder holding the YAML of the shipped taxonomies, as a string (without pathlib).

    Inside an installed wheel it is ``awserrors/mappings``; in a source checkout
    it is the repository's top-level ``mappings/``.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(here, "mappings")
    return (
        installed
        if os.path.isdir(installed)
        else os.path.normpath(os.path.join(here, "..", "..", "mappings"))
    )


_common: list[dict[str, tuple[int | None, str | None]]] = []


def common_errors() -> dict[str, tuple[int | None, str | None]]:
    """The errors any AWS operation can meet (throttling, signature and token, access,
    validation, 5xx), each code with its documented HTTP status and fault ("client" or
    "server"), sorted by code: the rows of the APIs' "Common Errors" pages the AWS-wide
    taxonomy ships (``mappings/aws/common.yaml``).  Read once, when first asked for."""
    if not _common:
        import yaml  # one shipped file, read as data: the tables do not keep files apart

        with open(os.path.join(mappings_folder(), "aws", "common.yaml"), encoding="utf-8") as stream:
            rows = yaml.safe_load(stream).get("errors", {})
        found = {}
        for code, row in sorted(rows.items()):
            row = row if isinstance(row, dict) else {}
            status, fault = row.get("http_status"), row.get("fault")
            found[code] = (
                status if isinstance(status, int) else None,
                fault if isinstance(fault, str) else None,
            )
        _common.append(found)
    return _common[0]


def common_codes() -> tuple[str, ...]:
    """The codes of :func:`common_errors`, sorted."""
    return tuple(common_errors())


__all__ = [
    "AWS",
    "DEVOPS_AGENT",
    "EC2_CLIENT",
    "SHIPPED",
    "Shipped",
    "common_codes",
    "common_errors",
    "mappings_folder",
]
