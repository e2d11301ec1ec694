"""The compiled-table cache: used when valid, rebuilt when the YAML changes, never trusted blindly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import awserrors
from awserrors import _tables

SOURCE = awserrors.mappings_dir() / "ec2_client.yaml"


@pytest.fixture
def yaml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    monkeypatch.setenv("AWSERRORS_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "ec2_client.yaml"
    shutil.copy(SOURCE, target)
    return target


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("*.marshal"))


def check(taxonomy: awserrors.Taxonomy) -> None:
    """The taxonomy answers correctly: a code, an operation fallback and the root."""
    assert (
        "EC2InstanceNotFoundException" == taxonomy.exception_class_for("InvalidInstanceID.NotFound").__name__
    )
    assert "EC2TagOperationException" == taxonomy.exception_class_for("X", operation="add_tags").__name__
    assert "IntegrationException" == taxonomy.exception_class_for("X").__name__


def test_first_load_writes_the_cache_and_the_next_reads_it(yaml_file: Path, tmp_path: Path) -> None:
    check(awserrors.load(yaml_file))
    [cache] = cache_files(tmp_path)
    # A fresh process answers from the cache alone: neither YAML nor the loader is imported.
    script = (
        "import sys, awserrors\n"
        f"t = awserrors.load({str(yaml_file)!r})\n"
        "print(t.exception_class_for('InvalidInstanceID.NotFound').__name__)\n"
        "print('yaml' in sys.modules, 'awserrors._loader' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env={**os.environ}
    )
    assert ["EC2InstanceNotFoundException", "False False"] == out.stdout.splitlines()
    assert [cache] == cache_files(tmp_path)


def test_editing_the_yaml_takes_effect_at_the_next_load(yaml_file: Path) -> None:
    check(awserrors.load(yaml_file))
    text = yaml_file.read_text().replace(
        "      - InvalidGroup.NotFound", "      - InvalidGroup.NotFound\n      - InvalidVpcID.NotFound"
    )
    yaml_file.write_text(text)
    assert (
        "EC2InvalidParameterException"
        == awserrors.load(yaml_file).exception_class_for("InvalidVpcID.NotFound").__name__
    )


@pytest.mark.parametrize(
    "garbage",
    [b"", b"\x00\x01garbage", b"not marshal at all" * 100, "truncate", "other-key", "not-a-dict"],
)
def test_a_broken_cache_is_rebuilt(yaml_file: Path, tmp_path: Path, garbage: bytes | str) -> None:
    check(awserrors.load(yaml_file))
    [cache] = cache_files(tmp_path)
    import marshal

    if garbage == "truncate":
        cache.write_bytes(cache.read_bytes()[: len(cache.read_bytes()) // 2])
    elif garbage == "other-key":  # written by another awserrors, botocore or Python version
        data = marshal.loads(cache.read_bytes())
        data["key"] = data["key"].replace("python=", "python=2.7 ")
        data["codes"] = {}
        cache.write_bytes(marshal.dumps(data))
    elif garbage == "not-a-dict":
        cache.write_bytes(marshal.dumps([1, 2, 3]))
    else:
        assert isinstance(garbage, bytes)
        cache.write_bytes(garbage)
    check(awserrors.load(yaml_file))


def test_a_read_only_cache_location_builds_in_memory(yaml_file: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    cache_dir.chmod(0o500)
    try:
        if os.access(cache_dir, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root): chmod does not bind")
        check(awserrors.load(yaml_file))
        assert [] == cache_files(tmp_path)
    finally:
        cache_dir.chmod(0o700)


def test_an_unwritable_cache_path_builds_in_memory(
    yaml_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AWSERRORS_CACHE_DIR", str(blocker / "cache"))
    check(awserrors.load(yaml_file))


def test_caching_can_be_turned_off(yaml_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWSERRORS_NO_CACHE", "1")
    check(awserrors.load(yaml_file))
    assert [] == cache_files(tmp_path)


def test_processes_building_at_once_all_get_a_correct_taxonomy(yaml_file: Path, tmp_path: Path) -> None:
    script = (
        "import awserrors\n"
        f"t = awserrors.load({str(yaml_file)!r})\n"
        "print(t.exception_class_for('InvalidInstanceID.NotFound').__name__)\n"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) for _ in range(6)
    ]
    outputs = [p.communicate()[0].strip() for p in processes]
    assert ["EC2InstanceNotFoundException"] * 6 == outputs
    assert all(p.returncode == 0 for p in processes)
    assert 1 == len(cache_files(tmp_path))
    assert [] == [p for p in (tmp_path / "cache").iterdir() if p.name.startswith(".tmp-")]
    check(awserrors.load(yaml_file))


def test_cache_key_changes_with_content_and_environment(yaml_file: Path) -> None:
    key = _tables.cache_key([yaml_file], ["module=a"])
    assert key == _tables.cache_key([yaml_file], ["module=a"])
    assert key != _tables.cache_key([yaml_file], ["module=b"])
    yaml_file.write_text(yaml_file.read_text() + "\n# a comment\n")
    assert key != _tables.cache_key([yaml_file], ["module=a"])
    assert _tables.cache_key([yaml_file.with_name("missing.yaml")], []) is None
