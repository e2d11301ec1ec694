"""The installed package is whole: scripts/test.sh tests a real, non-editable wheel install."""

from __future__ import annotations

from pathlib import Path

import pytest

import awserrors

PACKAGE = Path(awserrors.__file__).parent
SHIPPED_YAML = sorted(
    [*(f"aws/{name}" for name in awserrors.AWS_MAPPINGS), "devops_agent.yaml", "ec2_client.yaml"]
)


def test_the_installed_wheel_ships_its_mappings_and_type_marker() -> None:
    if PACKAGE.parent.name == "src":
        pytest.skip("imported from a source checkout; scripts/test.sh runs against the installed wheel")
    assert PACKAGE / "mappings" == awserrors.mappings_dir()
    assert [] == [name for name in SHIPPED_YAML if not (PACKAGE / "mappings" / name).is_file()]
    assert (PACKAGE / "py.typed").is_file()


def test_every_shipped_yaml_file_is_used_by_a_module() -> None:
    found = sorted(p.relative_to(awserrors.mappings_dir()).as_posix()
                   for p in awserrors.mappings_dir().rglob("*.yaml"))
    assert SHIPPED_YAML == found
