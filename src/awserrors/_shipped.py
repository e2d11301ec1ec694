"""The taxonomies awserrors ships: the one list the package, the CLI, the stubs and the wheel read.

Each is a generated module made from YAML files below the mappings folder
(:func:`awserrors.mappings_dir`), listed in overlay order: a later file's rows
change only the fields they set, so curated choices come last.
"""

from __future__ import annotations

from awserrors._typed import Record


class Shipped(Record):
    """One shipped taxonomy: the name the CLI knows it by, its module, its YAML files."""

    name: str
    module: str
    files: tuple[str, ...]


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

__all__ = ["AWS", "DEVOPS_AGENT", "EC2_CLIENT", "SHIPPED", "Shipped"]
