"""Shared fixtures: the shipped taxonomies and their YAML, read independently of awserrors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

import awserrors
from awserrors.taxonomies import devops_agent, ec2_client

# Every run draws the same examples (a seed derived from each test), so a run on one
# machine is the run on any other and CI cannot flake on a rare draw.  To explore new
# examples instead: AWSERRORS_HYPOTHESIS=explore.  No deadline: an example that builds a
# class or loads tables first is slower than the next, and speed is the benchmarks' to
# measure (benchmarks/run.py), never a test's.
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.register_profile("explore", derandomize=False, deadline=None)
settings.load_profile(os.environ.get("AWSERRORS_HYPOTHESIS", "deterministic"))

#: module -> the YAML file it is generated from
SHIPPED = {
    awserrors: awserrors.mappings_dir() / "aws" / "categories.yaml",
    devops_agent: awserrors.mappings_dir() / "devops_agent.yaml",
    ec2_client: awserrors.mappings_dir() / "ec2_client.yaml",
}


def yaml_classes(path: Path) -> dict[str, dict[str, Any]]:
    """The ``classes`` mapping of a YAML file, read with plain ``yaml.safe_load``."""
    with path.open(encoding="utf-8") as stream:
        return dict(yaml.safe_load(stream)["classes"])


def yaml_codes(path: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(class name, code, per-code overrides) for every code row of a YAML file."""
    rows = []
    for name, body in yaml_classes(path).items():
        for item in (body or {}).get("codes", []):
            if isinstance(item, str):
                rows.append((name, item, {}))
            else:
                [(code, overrides)] = item.items()
                rows.append((name, code, overrides or {}))
    return rows


def rows(field: str) -> list[Any]:
    """pytest params (module, class, value) for every value of a class field in every taxonomy."""
    params = []
    for module, path in SHIPPED.items():
        for name, body in yaml_classes(path).items():
            for value in (body or {}).get(field, []):
                params.append(pytest.param(module, name, value, id=f"{module.__name__}:{name}:{value}"))
    return params
