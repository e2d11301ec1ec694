"""The compiled-table cache: used when valid, rebuilt when the YAML changes, never trusted blindly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import awserrors
from awserrors import _cache, _cache_write
from awserrors._tables import class_row

SOURCE = awserrors.mappings_dir() / "ec2_client.yaml"


@pytest.fixture
def yaml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    monkeypatch.setenv("AWSERRORS_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "ec2_client.yaml"
    shutil.copy(SOURCE, target)
    return target


def decoded(path: Path) -> dict[str, object]:
    """The dict a cache file holds, every blob in place (its header and checksums checked)."""
    data = _cache_write._decoded(path.read_bytes())
    assert data is not None, f"{path} is not a whole cache file"
    return data


def encoded(data: dict[str, object]) -> bytes:
    """A cache file holding ``data`` (as :func:`decoded` gives it), with a header and checksums that hold."""
    return _cache_write._encoded(data)


def head_only(head: object) -> bytes:
    """A cache file whose head is ``head`` and that holds no blobs: a checksum that holds."""
    import marshal

    payload = marshal.dumps(head)
    return _cache.MAGIC + _cache.header_line(_cache.digest(payload), len(payload)) + payload


#: No codes, as a cache file holds them.
NO_CODES = (_cache_write._bucketed({}, by_namespace=False), None)


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
        "print('yaml' in sys.modules, 'awserrors._yaml' in sys.modules)\n"
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
    [b"", b"\x00\x01garbage", b"not marshal at all" * 100, "truncate", "other-key", "not-a-dict",
     "buckets-outside"],
)  # fmt: skip
def test_a_broken_cache_is_rebuilt(yaml_file: Path, tmp_path: Path, garbage: bytes | str) -> None:
    check(awserrors.load(yaml_file))
    [cache] = cache_files(tmp_path)

    if garbage == "truncate":
        cache.write_bytes(cache.read_bytes()[: len(cache.read_bytes()) // 2])
    elif garbage == "other-key":  # written by another awserrors, botocore or Python version
        data = decoded(cache)
        data["key"] = str(data["key"]).replace("python=", "python=2.7 ")
        data["codes"] = NO_CODES
        cache.write_bytes(encoded(data))
    elif garbage == "not-a-dict":
        cache.write_bytes(head_only([1, 2, 3]))
    elif garbage == "buckets-outside":  # a namespace whose buckets run past the file's
        data = decoded(cache)
        (_, buckets, length), values = data["codes"]  # type: ignore[misc]
        data["codes"] = (({"": (len(buckets), 1)}, buckets, length), values)
        cache.write_bytes(encoded(data))
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


#: Run in a fresh process: load a YAML when told to (a line on stdin), then print as JSON the
#: answer to a lookup and what logger "awserrors" said (it says when it built the tables).
COLD_START = """
import json, logging, sys
import awserrors
said = []
class Recorder(logging.Handler):
    def emit(self, record):
        said.append(record.getMessage())
logger = logging.getLogger("awserrors")
logger.addHandler(Recorder())
logger.setLevel(logging.DEBUG)
print("ready", flush=True)
sys.stdin.readline()
taxonomy = awserrors.load(sys.argv[1])
print(json.dumps({
    "answer": taxonomy.exception_class_for(sys.argv[2]).__name__,
    "built": [m for m in said if m.startswith("built the tables")],
    "waited": [m for m in said if m.startswith("waited")],
    "parsed": "awserrors._yaml" in sys.modules,
}))
"""


def cold_starts(
    yaml_file: Path, code: str, count: int, env: dict[str, str] | None = None
) -> list[dict[str, object]]:
    """``count`` fresh processes, all started and importing awserrors first, then told at once
    to load ``yaml_file`` and look ``code`` up: what each printed."""
    import json

    processes = [
        subprocess.Popen(
            [sys.executable, "-c", COLD_START, str(yaml_file), code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env or {**os.environ},
        )
        for _ in range(count)
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            assert "ready" == process.stdout.readline().strip(), process.stderr
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        outputs = [process.communicate(timeout=_cache_write.LOCK_WAIT_SECONDS + 300) for process in processes]
    finally:
        for process in processes:
            process.kill()
    assert [0] * count == [p.returncode for p in processes], [err for _, err in outputs]
    return [json.loads(out) for out, _ in outputs]


def test_processes_starting_together_on_a_cold_cache_build_once(yaml_file: Path, tmp_path: Path) -> None:
    """Of 20 processes starting at once on a cold cache, 16 built the tables (issue 14): now
    one builds while the others wait for its lock, then read what it wrote."""
    import collections

    found = cold_starts(yaml_file, "InvalidInstanceID.NotFound", 8)
    assert ["EC2InstanceNotFoundException"] * 8 == [f["answer"] for f in found]
    # Each taxonomy built once (from a source checkout the AWS-wide tables are built too).
    built = collections.Counter(m.split(" in ")[0] for f in found for m in f["built"])  # type: ignore[attr-defined]
    assert 1 == built.pop("built the tables of awserrors.loaded.ec2_client"), found
    assert set(built.values()) <= {1}, found
    assert sum(1 for f in found if f["built"]) == sum(1 for f in found if f["parsed"])
    assert [] == [f["waited"] for f in found if f["waited"]]
    assert 1 == len([c for c in cache_files(tmp_path) if c.name.startswith("ec2_client-")])
    # No temporary file and no lock file is left behind; at most a stamp per taxonomy (the
    # shipped one's: the YAML written for this test changed too recently to be stamped).
    left = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert [p.name for p in cache_files(tmp_path)] == [n for n in left if not n.endswith(".stamp")]
    assert [n.split("-")[0] for n in left if n.endswith(".stamp")] in ([], ["categories"])
    check(awserrors.load(yaml_file))


def test_cache_key_changes_with_content_and_environment(yaml_file: Path) -> None:
    key = _cache.cache_key([yaml_file], ["module=a"])
    assert key == _cache.cache_key([yaml_file], ["module=a"])
    assert key != _cache.cache_key([yaml_file], ["module=b"])
    yaml_file.write_text(yaml_file.read_text() + "\n# a comment\n")
    assert key != _cache.cache_key([yaml_file], ["module=a"])
    assert _cache.cache_key([yaml_file.with_name("missing.yaml")], []) is None


# --- prebuilt tables: built in one place, read in another -------------------------------

PACKAGE = Path(awserrors.__file__).parent
SHIPPED_MODULES = ("awserrors", "awserrors.taxonomies.devops_agent", "awserrors.taxonomies.ec2_client")


def no_cache_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a process with no usable user cache and no AWSERRORS_* settings.

    HOME and XDG_CACHE_HOME lie below a plain file, so nothing can be created there,
    not even by root (for whom chmod does not bind).
    """
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWSERRORS_") and k != "PYTHONPATH"}
    env.update(HOME=str(blocker / "home"), XDG_CACHE_HOME=str(blocker / "cache"))
    # The child imports the same awserrors as this process: the installed wheel, or src/.
    env["PYTHONPATH"] = str(Path(awserrors.__file__).parents[1])
    return env


#: Run in a fresh process: which cache files _cache read the head of, and whether YAML was parsed.
FRESH_LOOKUP = """
import json, sys
import awserrors
from awserrors import _cache
from awserrors._tables import class_row
opened = []
reading = _cache.read_head
def recording_read(path, **kwargs):
    found = reading(path, **kwargs)
    if found is not None:
        opened.append(str(path))
    return found
_cache.read_head = recording_read
read_whole = []
reading_whole = _cache.read_file
def recording_read_whole(path, **kwargs):
    read_whole.append(str(path))
    return reading_whole(path, **kwargs)
_cache.read_file = recording_read_whole
names = {}
for module_name in sys.argv[1:]:
    module = __import__(module_name, fromlist=["_"])
    taxonomy = module.__awserrors_taxonomy__
    names[module_name] = taxonomy.exception_class_for("ThrottlingException").__name__
    names[module_name + ":sources"] = list(taxonomy.tables.sources)
print(json.dumps({
    "names": names, "opened": opened, "read_whole": read_whole,
    "yaml": "yaml" in sys.modules, "loader": "awserrors._yaml" in sys.modules,
    "attrs": "attr" in sys.modules,
}))
"""


def fresh_lookup(
    env: dict[str, str], cwd: Path, *modules: str, as_user: list[str] | None = None
) -> dict[str, object]:
    import json

    out = subprocess.run(
        [*(as_user or []), sys.executable, "-c", FRESH_LOOKUP, *modules],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    )
    assert 0 == out.returncode, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_the_installed_wheel_answers_from_its_prebuilt_tables(tmp_path: Path) -> None:
    """A fresh install's first lookups read the tables the wheel ships: no YAML parsed, nothing written.

    HOME's cache cannot be written and AWSERRORS_CACHE_DIR is unset, as for a
    read-only site-packages with no user cache.
    """
    if PACKAGE.parent.name == "src":
        pytest.skip("imported from a source checkout; scripts/test.sh runs against the installed wheel")
    import base64
    import hashlib
    from importlib.metadata import files

    # The wheel's RECORD lists one table file per shipped taxonomy, with its hash.
    shipped = {
        str(Path(str(f.locate())).resolve()): f.hash.value if f.hash else None
        for f in files("awserrors") or []
        if f.parts[-2:-1] == ("__awserrors_cache__",) and f.name.endswith(".marshal")
    }
    assert ["categories", "devops_agent", "ec2_client"] == sorted(Path(p).name.split("-")[0] for p in shipped)
    # The tables are keyed to the Python implementation and marshal version only: a wheel
    # built by CPython 3.11 serves 3.12 and 3.13 too (the matrix runs this test on them).
    before = sorted(PACKAGE.rglob("*"))

    found = fresh_lookup(no_cache_env(tmp_path), tmp_path, *SHIPPED_MODULES)

    assert (False, False, False) == (found["yaml"], found["loader"], found["attrs"])
    opened = [str(Path(p).resolve()) for p in found["opened"]]  # type: ignore[attr-defined]
    assert 3 == len(opened)
    assert set(opened) <= set(shipped)
    for path in opened:  # and what was read is the file the wheel installed, unchanged
        digest = base64.urlsafe_b64encode(hashlib.sha256(Path(path).read_bytes()).digest()).rstrip(b"=")
        assert shipped[path] == digest.decode()
    assert before == sorted(PACKAGE.rglob("*"))
    names = found["names"]
    assert isinstance(names, dict)
    assert "ThrottlingException" == names["awserrors"]  # awserrors.codes.ThrottlingException
    assert "ThrottlingException" == names["awserrors.taxonomies.devops_agent"]
    # Where classes are declared: the installed YAML, not where the wheel was built.
    mappings = PACKAGE / "mappings"
    assert [str(mappings / "aws" / n) for n in awserrors.AWS_MAPPINGS] == names["awserrors:sources"]
    assert [str(mappings / "ec2_client.yaml")] == names["awserrors.taxonomies.ec2_client:sources"]


def test_tables_cached_beside_the_yaml_still_work_after_the_folder_moves(tmp_path: Path) -> None:
    """What a wheel relies on: the cache's name and key hold no absolute path, and sources follow the YAML."""
    built = tmp_path / "built"
    built.mkdir()
    shutil.copy(SOURCE, built / "ec2_client.yaml")
    env = no_cache_env(tmp_path)
    script = f"import awserrors; awserrors.load({str(built / 'ec2_client.yaml')!r})"
    subprocess.run([sys.executable, "-c", script], env=env, cwd=tmp_path, check=True)
    [cache] = (built / "__awserrors_cache__").glob("*.marshal")

    moved = tmp_path / "installed" / "elsewhere"
    shutil.copytree(built, moved)
    shutil.rmtree(built)
    yaml_path = moved / "ec2_client.yaml"
    script = (
        "import json, sys, awserrors\n"
        f"t = awserrors.load({str(yaml_path)!r})\n"
        "print(json.dumps([t.exception_class_for('InvalidInstanceID.NotFound').__name__,\n"
        "    list(t.tables.sources), list(t.files), 'awserrors._yaml' in sys.modules]))\n"
    )
    # Setting AWSERRORS_CACHE_DIR says where to write; the tables beside the YAML are still read.
    env["AWSERRORS_CACHE_DIR"] = str(tmp_path / "elsewhere-cache")
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert 0 == out.returncode, out.stderr
    import json

    expected = ["EC2InstanceNotFoundException", [str(yaml_path)], [str(yaml_path)], False]
    assert expected == json.loads(out.stdout)
    assert [cache.name] == [p.name for p in (moved / "__awserrors_cache__").glob("*.marshal")]
    # No tables were written where AWSERRORS_CACHE_DIR says (a stamp of the YAML's stat may be).
    assert [] == list((tmp_path / "elsewhere-cache").glob("*.marshal"))


def test_a_cache_of_another_python_is_rebuilt_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Prebuilt tables whose key does not match (another Python) are ignored, and the right ones written."""
    monkeypatch.delenv("AWSERRORS_CACHE_DIR", raising=False)
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    target = tmp_path / "ec2_client.yaml"
    shutil.copy(SOURCE, target)
    check(awserrors.load(target))
    [cache] = (tmp_path / "__awserrors_cache__").glob("*.marshal")

    data = decoded(cache)
    data["key"] = str(data["key"]).replace("python=", "python=cpython-399 ")
    data["codes"] = NO_CODES
    cache.write_bytes(encoded(data))
    check(awserrors.load(target))
    [rebuilt] = (tmp_path / "__awserrors_cache__").glob("*.marshal")
    assert decoded(rebuilt)["codes"] != NO_CODES


def test_names_pytest_adds_to_a_module_do_not_change_its_cache_key(tmp_path: Path) -> None:
    """pytest rewrites the modules of a package that ships a pytest plugin and adds
    "@py_builtins" to them: that must not make the wheel's prebuilt tables look stale."""
    import sys
    import types

    target = tmp_path / "ec2_client.yaml"
    shutil.copy(SOURCE, target)
    keys = []
    for extra in ({}, {"@py_builtins": object(), "@pytest_ar": object()}):
        module = types.ModuleType("cache_key_probe")
        vars(module).update(extra)
        sys.modules[module.__name__] = module
        try:
            taxonomy = awserrors.generate_module(module.__name__, target)
            keys.append(taxonomy.tables.key)
        finally:
            del sys.modules[module.__name__]
    assert keys[0] == keys[1]


def _edit(yaml_file: Path, number: int = 0) -> None:
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(text.replace("InvalidInstanceID.NotFound", f"InvalidInstanceID.Gone{number}", 1))


def _load_in_a_new_process(yaml_file: Path) -> None:
    """What a user's next run does: a fresh process loads the YAML (and caches its tables)."""
    script = f"import awserrors; awserrors.load({str(yaml_file)!r}).tables"
    subprocess.run([sys.executable, "-c", script], check=True, env={**os.environ}, timeout=120)


def _cached_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> tuple[Path, Path]:
    """The cache folder a YAML in ``tmp_path`` is cached in (``where``: ``beside`` it, or a
    ``shared`` folder named by $AWSERRORS_CACHE_DIR), and the YAML (ec2_client.yaml)."""
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    if where == "shared":
        monkeypatch.setenv("AWSERRORS_CACHE_DIR", str(tmp_path / "cache"))
        folder = tmp_path / "cache"
    else:
        monkeypatch.delenv("AWSERRORS_CACHE_DIR", raising=False)
        folder = tmp_path / "__awserrors_cache__"
    target = tmp_path / "ec2_client.yaml"
    shutil.copy(SOURCE, target)
    return folder, target


@pytest.mark.parametrize("where", ["beside", "shared"])
def test_new_tables_remove_the_ones_the_earlier_yaml_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Each edit of a YAML used to leave another *.marshal behind, for ever."""
    folder, target = _cached_yaml(tmp_path, monkeypatch, where)
    _load_in_a_new_process(target)
    [first] = folder.glob("*.marshal")
    unrelated = folder / "someone-elses.marshal"
    unrelated.write_bytes(b"not ours")
    for number in range(3):
        _edit(target, number)
        _load_in_a_new_process(target)
    [last] = [p for p in folder.glob("*.marshal") if p != unrelated]
    assert last != first
    assert unrelated.exists()


@pytest.mark.parametrize("where", ["beside", "shared"])
def test_tables_and_stamps_named_as_before_format_22_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Until table format 22 a cache file's name hashed its parts with zlib's CRC-32, so no
    name written since matches one of those: new tables delete them, and their stamp."""
    import zlib

    folder, target = _cached_yaml(tmp_path, monkeypatch, where)

    def crc(text: str) -> str:
        return f"{zlib.crc32(text.encode()):08x}"

    # The name an earlier awserrors gave this taxonomy: its module and the files' names.
    stem = f"ec2_client-{crc(chr(10).join(['awserrors.loaded.ec2_client', 'ec2_client.yaml']))}"
    if where == "shared":
        stem += f"-{crc(os.path.abspath(tmp_path))}"
    folder.mkdir()
    old_tables = folder / f"{stem}-0123abcd.marshal"
    old_tables.write_bytes(b"awserrors-tables 1\n00000000 00000000\n")
    old_stamp = folder / f"{stem}.stamp"
    old_stamp.write_text("awserrors-stamp 1\n")
    unrelated = folder / "ec2_client-00000000-0123abcd.marshal"  # another taxonomy's: kept
    unrelated.write_bytes(b"not ours")

    _load_in_a_new_process(target)
    assert not old_tables.exists()
    assert not old_stamp.exists()
    assert unrelated.exists()
    assert [p for p in folder.glob("*.marshal") if p != unrelated], "the new tables were written"


def test_tables_for_another_python_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beside a package's YAML, a wheel may ship tables for another Python (PyPy): not stale."""

    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    monkeypatch.delenv("AWSERRORS_CACHE_DIR", raising=False)
    target = tmp_path / "ec2_client.yaml"
    shutil.copy(SOURCE, target)
    _load_in_a_new_process(target)
    [cache] = (tmp_path / "__awserrors_cache__").glob("*.marshal")
    data = decoded(cache)
    data["key"] = str(data["key"]).replace("python=cpython", "python=pypy")
    other = cache.with_name(cache.name.replace(".marshal", "").rsplit("-", 1)[0] + "-00000000.marshal")
    other.write_bytes(encoded(data))
    _edit(target)
    _load_in_a_new_process(target)
    assert other.exists()
    assert not cache.exists()


def test_a_cache_folder_beside_a_yaml_is_ignored_by_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    monkeypatch.delenv("AWSERRORS_CACHE_DIR", raising=False)
    subprocess.run([git, "init", "-q", str(tmp_path)], check=True)
    # A name no other test loads in this process (loaded modules are named by the file's stem).
    target = tmp_path / "gitignored_cache.yaml"
    shutil.copy(SOURCE, target)
    awserrors.load(target).tables  # noqa: B018
    assert list((tmp_path / "__awserrors_cache__").glob("*.marshal"))
    status = subprocess.run(
        [git, "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path, capture_output=True, text=True
    )
    assert "?? gitignored_cache.yaml" == status.stdout.strip(), status.stdout


def test_clear_cache_removes_the_user_cache_and_the_folder_beside_the_yaml(
    yaml_file: Path, tmp_path: Path
) -> None:
    _load_in_a_new_process(yaml_file)
    beside = tmp_path / "__awserrors_cache__"
    beside.mkdir()
    (beside / "ec2_client-1-2.marshal").write_bytes(b"x")
    (beside / "ec2_client.stamp").write_bytes(b"x")
    written = {p.name for p in cache_files(tmp_path)}
    stamps = {p.name for p in (tmp_path / "cache").glob("*.stamp")}
    assert written
    removed = _cache_write.clear_cache([str(yaml_file)])
    expected = {"ec2_client-1-2.marshal", "ec2_client.stamp", *written, *stamps}
    assert {Path(p).name for p in removed} == expected
    assert [] == cache_files(tmp_path) == list(beside.glob("*.marshal")) == list(beside.glob("*.stamp"))
    assert [] == list((tmp_path / "cache").glob("*.stamp"))


def test_an_unprivileged_user_with_a_read_only_install_gets_the_prebuilt_tables(tmp_path: Path) -> None:
    """As in AWS Lambda: a user who can write nowhere (not site-packages, not HOME) starts
    from the wheel's tables, with no YAML and no attrs imported, on whichever CPython the
    matrix runs this with (the wheel was built by 3.11)."""
    if PACKAGE.parent.name == "src":
        pytest.skip("imported from a source checkout; scripts/test.sh runs against the installed wheel")
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run a process as the unprivileged user nobody")
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    readable = subprocess.run([*as_nobody, sys.executable, "-c", "import awserrors"], capture_output=True)
    if readable.returncode != 0:
        pytest.skip(f"nobody cannot read this install: {readable.stderr.decode()[-300:]}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWSERRORS_") and k != "PYTHONPATH"}
    env.update(HOME="/nonexistent", XDG_CACHE_HOME="/nonexistent/cache")
    tmp_path.chmod(0o777)
    before = sorted(PACKAGE.rglob("*"))

    found = fresh_lookup(env, tmp_path, *SHIPPED_MODULES, as_user=as_nobody)

    assert (False, False, False) == (found["yaml"], found["loader"], found["attrs"])
    assert 3 == len(found["opened"])  # type: ignore[arg-type]
    assert before == sorted(PACKAGE.rglob("*"))
    can_write = subprocess.run([*as_nobody, "test", "-w", str(PACKAGE)], capture_output=True)
    assert can_write.returncode != 0, "nobody can write site-packages: not a read-only install"


# --- the cache is untrusted input (issue 14) ------------------------------------------------


def _planted(cache: Path) -> bytes:
    """The cache file, rewritten so that InvalidInstanceID.NotFound maps to the root class:
    what another user would plant to steer this one's error handling."""
    data = decoded(cache)
    (parts, buckets, length), values = data["codes"]  # type: ignore[misc]
    codes = dict(_cache._Buckets(parts, buckets, length, values, by_namespace=False))
    codes["InvalidInstanceID.NotFound"] = "IntegrationException"
    data["codes"] = (_cache_write._bucketed(codes, by_namespace=False), None)
    return encoded(data)


def _lookup_in_a_new_process(yaml_file: Path, timeout: float = 60) -> str:
    script = (
        "import awserrors\n"
        f"t = awserrors.load({str(yaml_file)!r})\n"
        "print(t.exception_class_for('InvalidInstanceID.NotFound').__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ}, timeout=timeout
    )
    assert 0 == done.returncode, done.stderr
    return done.stdout.strip()


def test_a_planted_cache_is_what_this_test_would_catch(yaml_file: Path, tmp_path: Path) -> None:
    """The control: a planted file in our own folder, owned by us, is read (so the tests
    below that see it ignored show the checks at work)."""
    _lookup_in_a_new_process(yaml_file)
    [cache] = cache_files(tmp_path)
    cache.write_bytes(_planted(cache))
    assert "IntegrationException" == _lookup_in_a_new_process(yaml_file)


@pytest.mark.parametrize("where", ["magic line", "checksum", "head"])
def test_a_damaged_head_is_never_decoded_and_the_file_gets_replaced(
    yaml_file: Path, tmp_path: Path, where: str
) -> None:
    _lookup_in_a_new_process(yaml_file)
    [cache] = cache_files(tmp_path)
    data = bytearray(cache.read_bytes())
    index = {"magic line": 3, "checksum": len(_cache.MAGIC) + 2, "head": _cache._HEADER + 40}[where]
    data[index] ^= 0x10
    cache.write_bytes(bytes(data))
    assert "EC2InstanceNotFoundException" == _lookup_in_a_new_process(yaml_file)
    assert decoded(cache)  # rewritten whole


#: Prints every answer a taxonomy's tables give: each class's row, each code's class, each
#: service's codes, so that every blob of its cache file is decoded.
EVERY_ANSWER = """
import json, sys, awserrors
from awserrors._tables import class_row
tables = awserrors.load(sys.argv[1]).tables
print(json.dumps({
    "classes": {name: repr(class_row(tables, name)) for name in tables.classes},
    "codes": dict(tables.codes.items()),
    "service_codes": dict(tables.service_codes.items()),
}, sort_keys=True))
"""


def test_a_damaged_blob_is_found_when_decoded_and_the_tables_are_built_again(
    yaml_file: Path, tmp_path: Path
) -> None:
    """Only the head is checked when a file is read; each blob is checked (its own checksum)
    when decoded.  Whichever blob is damaged, every answer is still the YAML's, and the
    file is replaced by a whole one."""
    import marshal

    def every_answer() -> str:
        done = subprocess.run(
            [sys.executable, "-c", EVERY_ANSWER, str(yaml_file)],
            capture_output=True, text=True, env={**os.environ}, timeout=120,
        )  # fmt: skip
        assert 0 == done.returncode, done.stderr
        return done.stdout

    expected = every_answer()
    [cache] = cache_files(tmp_path)
    whole = cache.read_bytes()
    parts = _cache._payload(whole)
    assert parts is not None
    packed = marshal.loads(parts[0])["blobs"]
    offsets = [int.from_bytes(packed[i : i + 4], "little") for i in range(0, len(packed), 4)]
    start = len(whole) - len(parts[1])
    assert len(offsets) > 3
    for blob in range(len(offsets) - 1):
        damaged = bytearray(whole)
        damaged[start + (offsets[blob] + offsets[blob + 1]) // 2] ^= 0x10
        cache.write_bytes(bytes(damaged))
        assert _cache._payload(bytes(damaged)) is not None  # the head still holds
        assert expected == every_answer(), f"blob {blob}"
        assert decoded(cache), f"blob {blob}: not rewritten"


def test_a_marshal_bomb_is_refused_at_once(yaml_file: Path, tmp_path: Path) -> None:
    """Five bytes that marshal reads as a list of two billion items (16-26 s before)."""
    _lookup_in_a_new_process(yaml_file)
    [cache] = cache_files(tmp_path)
    cache.write_bytes(b"[\xff\xff\xff\x7f")
    assert "EC2InstanceNotFoundException" == _lookup_in_a_new_process(yaml_file, timeout=30)


@pytest.mark.parametrize("kind", ["symlink to /dev/zero", "fifo"])
def test_a_symlink_or_fifo_at_the_cache_name_is_never_read(
    yaml_file: Path, tmp_path: Path, kind: str
) -> None:
    _lookup_in_a_new_process(yaml_file)
    [cache] = cache_files(tmp_path)
    cache.unlink()
    if kind == "fifo":
        os.mkfifo(cache)
    else:
        cache.symlink_to("/dev/zero")
    assert "EC2InstanceNotFoundException" == _lookup_in_a_new_process(yaml_file, timeout=30)


def test_another_users_cache_file_is_ignored(yaml_file: Path, tmp_path: Path) -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("giving a file to another user takes root (chown)")
    _lookup_in_a_new_process(yaml_file)
    [cache] = cache_files(tmp_path)
    cache.write_bytes(_planted(cache))
    os.chown(cache, 65534, 65534)  # nobody's
    assert "EC2InstanceNotFoundException" == _lookup_in_a_new_process(yaml_file)


def test_a_folder_everyone_can_write_is_neither_read_nor_written(yaml_file: Path, tmp_path: Path) -> None:
    """Like /tmp/__awserrors_cache__ that another user made first."""
    _lookup_in_a_new_process(yaml_file)
    [cache] = cache_files(tmp_path)
    planted = _planted(cache)
    cache.write_bytes(planted)
    (tmp_path / "cache").chmod(0o777)
    assert "EC2InstanceNotFoundException" == _lookup_in_a_new_process(yaml_file)
    assert [cache] == cache_files(tmp_path)
    assert planted == cache.read_bytes()  # nothing written there either


def test_cache_files_are_readable_by_whoever_may_read_the_folder(yaml_file: Path, tmp_path: Path) -> None:
    """A cache a build step wrote as root serves the user who runs the code (0o644 less the umask)."""
    _lookup_in_a_new_process(yaml_file)
    [cache] = cache_files(tmp_path)
    umask = os.umask(0o022)
    os.umask(umask)
    assert 0o644 & ~umask == cache.stat().st_mode & 0o777


def test_cached_tables_follow_the_python_classes_the_yaml_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables take a parent's flags from the Python class; edit or rename that class and
    the next process sees the change (or a MappingError naming it), never stale tables."""
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    monkeypatch.delenv("AWSERRORS_CACHE_DIR", raising=False)
    package = tmp_path / "fresh_parent_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    base = package / "base.py"
    (package / "errors.yaml").write_text(
        "taxonomy: fresh\nclasses:\n  AppError:\n"
        '    parent: ["fresh_parent_app.base:LookupProblem", botocore.exceptions.ClientError]\n'
        "    doc: Any error.\n"
    )
    script = (
        "import awserrors\n"
        f"t = awserrors.load({str(package / 'errors.yaml')!r})\n"
        "print(t.get_class('AppError').retryable)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(PACKAGE.parent)])}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
        )

    base.write_text("class LookupProblem(Exception):\n    retryable = True\n")
    assert ["True", "True"] == [run().stdout.strip() for _ in range(2)]  # built, then from the cache
    assert list((package / "__awserrors_cache__").glob("*.marshal"))
    base.write_text("class LookupProblem(Exception):\n    retryable = False\n")
    assert "False" == run().stdout.strip()
    base.write_text("class Renamed(Exception):\n    retryable = False\n")
    renamed = run()
    assert 1 == renamed.returncode
    assert "'fresh_parent_app.base:LookupProblem' does not import" in renamed.stderr
    assert "MappingError" in renamed.stderr


def test_tables_a_root_build_step_cached_serve_an_unprivileged_user(tmp_path: Path) -> None:
    """A container image built as root caches a user taxonomy's tables beside its YAML; the
    unprivileged user who runs the code reads them (root-owned, 0o644) instead of parsing
    the YAML at every start."""
    if PACKAGE.parent.name == "src":
        pytest.skip("imported from a source checkout; scripts/test.sh runs against the installed wheel")
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run a process as the unprivileged user nobody")
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    readable = subprocess.run([*as_nobody, sys.executable, "-c", "import awserrors"], capture_output=True)
    if readable.returncode != 0:
        pytest.skip(f"nobody cannot read this install: {readable.stderr.decode()[-300:]}")
    shutil.copy(SOURCE, tmp_path / "ec2_client.yaml")
    tmp_path.chmod(0o755)
    script = (
        "import sys, awserrors\n"
        "t = awserrors.load('ec2_client.yaml')\n"  # relative: nobody cannot walk pytest's root folder
        "print(t.exception_class_for('InvalidInstanceID.NotFound').__name__, 'yaml' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWSERRORS_")}
    env.update(HOME="/nonexistent", XDG_CACHE_HOME="/nonexistent/cache")

    def run(*prefix: str) -> str:
        done = subprocess.run(
            [*prefix, sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path
        )
        assert 0 == done.returncode, done.stderr
        return done.stdout.strip()

    assert "EC2InstanceNotFoundException True" == run()  # the build step, as root: parses and caches
    [cache] = (tmp_path / "__awserrors_cache__").glob("*.marshal")
    assert 0 == cache.stat().st_uid
    assert "EC2InstanceNotFoundException False" == run(*as_nobody)  # read, not parsed again


# --- the bucketed class index and codes --------------------------------------------------


def _buckets_of(mapping: dict[str, object], *, by_namespace: bool, values: tuple[object, ...] | None = None):  # type: ignore[no-untyped-def]
    parts, buckets, length = _cache_write._bucketed(mapping, by_namespace=by_namespace)
    return _cache._Buckets(parts, buckets, length, values, by_namespace=by_namespace)


def test_the_aws_wide_tables_read_back_from_the_cache_equal_the_compiled_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every class name and code of the shipped tables, in order, with its value: the buckets
    lose nothing and keep the compiled order (``__all__``, catalogs and stubs list them so)."""
    files = [str(awserrors.mappings_dir() / "aws" / name) for name in awserrors.AWS_MAPPINGS]
    cached = awserrors.aws.tables
    assert isinstance(cached.classes, _cache._Buckets) and isinstance(cached.codes, _cache._Buckets)
    monkeypatch.setenv("AWSERRORS_NO_CACHE", "1")
    compiled = awserrors.Taxonomy(files, module_name="awserrors").tables
    assert list(cached.codes.items()) == list(compiled.codes.items())
    assert list(cached.classes) == list(compiled.classes)
    for name in compiled.classes:
        assert class_row(cached, name) == class_row(compiled, name), name
    assert dict(cached.service_codes.items()) == dict(compiled.service_codes.items())
    assert len(cached.classes) == len(compiled.classes) and len(cached.codes) == len(compiled.codes)


def test_namespaces_of_the_cached_index_are_those_of_the_compiled_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = [str(awserrors.mappings_dir() / "aws" / name) for name in awserrors.AWS_MAPPINGS]
    cached = awserrors.Taxonomy(files, module_name="awserrors").namespaces
    monkeypatch.setenv("AWSERRORS_NO_CACHE", "1")
    compiled = awserrors.Taxonomy(files, module_name="awserrors").namespaces
    assert list(cached) == list(compiled)
    assert {"codes", "services", "services.ec2", "services.s3"} <= set(cached)
    for namespace in compiled:
        assert cached[namespace] == compiled[namespace], namespace


def test_buckets_answer_every_key_and_nothing_else() -> None:
    mapping = {
        f"{ns}:{name}{i}": i for ns in ("", "codes", "services.s3") for name in ("A", "B") for i in range(150)
    }
    buckets = _buckets_of(mapping, by_namespace=True)
    assert dict(buckets) == mapping and list(buckets) == list(mapping)
    assert buckets.namespaces() == ["", "codes", "services.s3"]
    assert buckets.keys_in("services.s3") == [k for k in mapping if k.startswith("services.s3:")]
    assert buckets.keys_in("nowhere") == []
    for missing in ("codes:C1", "elsewhere:A1", "", 42, None, ("codes:A1",), b"codes:A1"):
        assert missing not in buckets
        assert buckets.get(missing) is None  # type: ignore[call-overload]


_NAMES = st.text(st.characters(codec="utf-8", exclude_characters=":"), max_size=12)


@given(
    entries=st.lists(
        st.tuples(st.sampled_from(["", "codes", "services.s3", "services.lambda_"]), _NAMES, st.integers()),
        max_size=300,
    ),
    by_namespace=st.booleans(),
)
def test_buckets_keep_any_mapping_whole_and_in_order(
    entries: list[tuple[str, str, int]], by_namespace: bool
) -> None:
    """Whatever the keys (any text, any namespace, hundreds per bucket or none), the buckets
    a cache file holds give back the mapping: every key, its value, the order, nothing else."""
    mapping = {(f"{ns}:{name}" if ns and by_namespace else name): value for ns, name, value in entries}
    found = _buckets_of(mapping, by_namespace=by_namespace)
    assert list(found.items()) == list(mapping.items())
    assert len(found) == len(mapping)
    namespaces = list(dict.fromkeys(_cache._namespace_of(k) if by_namespace else "" for k in mapping))
    assert found.namespaces() == namespaces
    for namespace in namespaces:
        assert found.keys_in(namespace) == [
            k for k in mapping if (_cache._namespace_of(k) if by_namespace else "") == namespace
        ]
    for key in mapping:
        assert found[key] == mapping[key] and key in found
    assert "no such key" not in found or "no such key" in mapping


@given(text=st.text(max_size=400) | st.binary(max_size=400))
def test_any_stamp_file_gives_no_key_unless_it_is_the_stamp(tmp_path_factory: Any, text: str | bytes) -> None:
    """A stamp file is untrusted input: whatever it holds, reading it never raises, and a key
    comes out only of the stamp written for these very files."""
    folder = tmp_path_factory.mktemp("stamp")
    yaml_file = folder / "ec2_client.yaml"
    yaml_file.write_text("taxonomy: x\n")
    paths, extra = [str(yaml_file)], ["module=a"]
    prefix = _cache.cache_prefix(paths, "a")
    cache = folder / "__awserrors_cache__"
    cache.mkdir()
    stamp = cache / f"{prefix}.stamp"
    if isinstance(text, str):
        stamp.write_text(text, encoding="utf-8", errors="surrogateescape")
    else:
        stamp.write_bytes(text)
    with pytest.MonkeyPatch.context() as patch:  # the folder beside the YAML is read first
        patch.delenv("AWSERRORS_NO_CACHE", raising=False)
        patch.delenv("AWSERRORS_CACHE_DIR", raising=False)
        key, stats = _cache.stamped_key(prefix, paths, extra)
        assert key is None and stats is not None
        key = _cache.cache_key(paths, extra)
        assert key is not None
        stamp.write_text(f"{_cache.STAMP_MAGIC}{stats[0]}\n\n{key}")  # the control: what write_stamp writes
        assert _cache.stamped_key(prefix, paths, extra)[0] == key


def test_a_namespace_a_forged_head_places_wrong_is_unknown_not_an_exception() -> None:
    """Each namespace's place among the buckets is checked when first needed (checking all
    450 when the file is read cost a fifth of reading it): one that runs past the buckets,
    or backwards, leaves the rest answering, never an exception."""
    mapping = {f"{ns}:{name}": i for i, (ns, name) in enumerate([("a", "X"), ("a", "Y"), ("b", "Z")])}
    parts, buckets, length = _cache_write._bucketed(mapping, by_namespace=True)
    assert ("a\nb", [0, 1, 2]) == (
        parts[0],
        [int.from_bytes(parts[1][i : i + 4], "little") for i in (0, 4, 8)],
    )
    # Where each namespace's buckets start, the end last: b's run goes backwards (1 -> 0),
    # and a third namespace, "", names a's first bucket again.
    starts = b"".join(n.to_bytes(4, "little") for n in (0, 1, 0, 1))
    found = _cache._Buckets(("a\nb\n", starts), buckets, length, None, by_namespace=True)
    assert found.namespaces() == ["a", "b", ""]
    assert found.get("a:X") == 0 and found.get("a:Y") == 1
    assert found.get("b:Z") is None and "b:Z" not in found and found.keys_in("b") == []
    past = b"".join(n.to_bytes(4, "little") for n in (0, 1, len(buckets) + 1))
    found = _cache._Buckets(("a\nb", past), buckets, length, None, by_namespace=True)
    assert found.get("a:X") == 0 and found.get("b:Z") is None and found.keys_in("b") == []
    twice = _cache._Buckets(("a\na", parts[1]), buckets, length, None, by_namespace=True)
    assert twice.get("a:X") == 0 and twice.get("b:Z") is None  # the first "a" is a's place


@pytest.mark.parametrize(
    "parts",
    [
        ("a\nb", b"\x00" * 9),  # starts that are not 4 bytes each
        ("a\nb\nc", b"\x00" * 12),  # three names, two places
        ("a", b""),  # no end
        (["a", "b"], b"\x00" * 12),  # names that are not one string
        ("a\nb", [0, 1, 2]),  # starts that are not bytes
        ("a\nb",),
        {"a": (0, 1), "b": (1, 1)},  # the dict format 21 held
    ],
    ids=[
        "starts-not-4-bytes",
        "names-and-places-differ",
        "no-end",
        "names-a-list",
        "starts-a-list",
        "one-part",
        "a-dict",
    ],
)
def test_parts_that_are_not_packed_parts_name_no_namespace_and_raise_nothing(parts: object) -> None:
    mapping = {"a:X": 0, "b:Z": 1}
    _, buckets, length = _cache_write._bucketed(mapping, by_namespace=True)
    found = _cache._Buckets(parts, buckets, length, None, by_namespace=True)  # type: ignore[arg-type]
    assert [] == found.namespaces() and "\n" == found.namespace_lines()
    assert found.get("a:X") is None and "b:Z" not in found and [] == list(found) and [] == found.keys_in("a")
    control = _cache._Buckets(
        _cache_write._bucketed(mapping, by_namespace=True)[0], buckets, length, None, by_namespace=True
    )
    assert (0, 1) == (control.get("a:X"), control.get("b:Z"))


def test_a_key_of_another_type_is_unknown_even_when_comparing_it_raises() -> None:
    """A bucket remembers its last key: a key that is no str is turned away before any
    comparison with it, so one whose ``__eq__`` raises is not in the mapping, as any
    other key of another type."""

    class Hostile:
        def __eq__(self, other: object) -> bool:
            raise RuntimeError("compared")

        __hash__ = object.__hash__

    parts, buckets, length = _cache_write._bucketed({"A": 1, "B": 2}, by_namespace=False)
    found = _cache._Buckets(parts, buckets, length, None, by_namespace=False)
    assert 1 == found.get("A")  # the last key is now "A"
    assert Hostile() not in found and found.get(Hostile()) is None  # type: ignore[comparison-overlap]
    assert 1 == found["A"] and "B" in found and "C" not in found


def test_a_bucket_that_does_not_decode_is_empty_not_an_exception() -> None:
    """Only a forged file (its checksum held) gets here: its keys are then unknown."""
    parts, buckets, length = _cache_write._bucketed({"A": 1, "B": 2}, by_namespace=False)
    forged = _cache._Buckets(parts, tuple(b"\xff\x00" for _ in buckets), length, None, by_namespace=False)
    assert forged.get("A") is None and "B" not in forged and list(forged) == []
    indexed = _buckets_of({"A": 5}, by_namespace=False, values=(b"only",))
    assert indexed.get("A") is None  # an index past the values: unknown, not IndexError


# --- the build lock: processes starting together build once; a stuck one blocks nobody ------

#: A module a YAML names as a parent: importing it stalls the build that imports it (while
#: that process holds the build lock) when $STALL_THE_BUILD is set.
STALLING_MODULE = """
import os, sys, time
if os.environ.get("STALL_THE_BUILD"):
    print("building", flush=True)
    time.sleep(600)
class LookupProblem(Exception):
    retryable = True
"""


@pytest.fixture
def stalling_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A YAML whose build imports :data:`STALLING_MODULE`, cached in ``tmp_path/cache``."""
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    monkeypatch.setenv("AWSERRORS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), str(PACKAGE.parent)]))
    package = tmp_path / "stalling_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "base.py").write_text(STALLING_MODULE)
    target = tmp_path / "stalling_errors.yaml"
    target.write_text(
        "taxonomy: stalling\nclasses:\n  AppError:\n"
        '    parent: ["stalling_app.base:LookupProblem", botocore.exceptions.ClientError]\n'
        "    doc: Any error.\n"
        "  Throttled:\n    parent: AppError\n    doc: Slow down.\n    codes: [ThrottlingException]\n"
    )
    return target


def stalled_builder(yaml_file: Path) -> subprocess.Popen[str]:
    """A process that took the build lock of ``yaml_file``'s tables and is stuck building them."""
    script = f"import awserrors; awserrors.load({str(yaml_file)!r})"
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "STALL_THE_BUILD": "1"},
    )
    assert process.stdout is not None
    assert "building" == process.stdout.readline().strip()
    return process


def test_a_lock_whose_holder_was_killed_blocks_nobody(stalling_yaml: Path, tmp_path: Path) -> None:
    """The holder is SIGKILLed mid-build: its lock file stays, but not its lock."""
    builder = stalled_builder(stalling_yaml)
    [lock] = (tmp_path / "cache").glob("*.lock")
    builder.kill()
    builder.wait()
    assert lock.exists()

    [found] = cold_starts(stalling_yaml, "ThrottlingException", 1)

    assert "Throttled" == found["answer"]
    assert [] == found["waited"]  # not waited for: the lock went with its holder
    assert found["built"]
    assert not lock.exists()  # the tables written, the lock file goes
    assert [] == cold_starts(stalling_yaml, "ThrottlingException", 1)[0]["built"]


def test_a_lock_held_for_ever_is_waited_for_a_bounded_time(
    stalling_yaml: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The holder hangs (alive, never releasing): others wait AWSERRORS_LOCK_WAIT seconds
    (LOCK_WAIT_SECONDS unless set), then build the tables themselves, and answer."""
    builder = stalled_builder(stalling_yaml)
    monkeypatch.setenv("AWSERRORS_LOCK_WAIT", "1.5")
    try:
        found = cold_starts(stalling_yaml, "ThrottlingException", 2)
        assert ["Throttled", "Throttled"] == [f["answer"] for f in found]
        assert all(f["waited"] and f["built"] for f in found), found
        assert builder.poll() is None  # still holding it
    finally:
        builder.kill()
        builder.wait()


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder"])
def test_a_symlink_or_fifo_at_the_lock_name_is_never_opened(
    stalling_yaml: Path, tmp_path: Path, kind: str
) -> None:
    """Like the cache file: a lock file that is not a regular file of ours means no lock
    (each process builds), never a hang, and nothing created where a symlink points."""
    builder = stalled_builder(stalling_yaml)
    [lock] = (tmp_path / "cache").glob("*.lock")  # its name
    builder.kill()
    builder.wait()
    lock.unlink()
    target = tmp_path / "elsewhere.lock"
    if kind == "symlink":
        lock.symlink_to(target)
    elif kind == "fifo":
        os.mkfifo(lock)
    else:
        lock.mkdir()

    found = cold_starts(stalling_yaml, "ThrottlingException", 2)

    assert ["Throttled", "Throttled"] == [f["answer"] for f in found]
    assert [] == [f["waited"] for f in found if f["waited"]]
    assert not target.exists()
    assert lock.is_symlink() if kind == "symlink" else lock.exists()


@pytest.mark.parametrize(
    ("given", "seconds"),
    [(None, 10.0), ("", 10.0), ("2.5", 2.5), ("0", 0.0), ("3600", 3600.0),
     ("-1", 10.0), ("3601", 10.0), ("nan", 10.0), ("inf", 10.0), ("ten", 10.0)],
)  # fmt: skip
def test_the_lock_wait_is_a_bounded_number_of_seconds(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, given: str | None, seconds: float
) -> None:
    if given is None:
        monkeypatch.delenv("AWSERRORS_LOCK_WAIT", raising=False)
    else:
        monkeypatch.setenv("AWSERRORS_LOCK_WAIT", given)
    assert _cache_write.LOCK_WAIT_SECONDS == 10.0
    with caplog.at_level("WARNING", logger="awserrors"):
        assert seconds == _cache_write.lock_wait()
    warned = [r.getMessage() for r in caplog.records]
    if given and seconds == 10.0:
        expected = f"AWSERRORS_LOCK_WAIT={given!r} is not a number of seconds from 0 to 3600: waiting 10 s"
        assert [expected] == warned
    else:
        assert [] == warned


def test_a_forked_child_rebuilds_damaged_tables_while_its_parent_holds_the_lock() -> None:
    """Another thread of the parent is rebuilding (holding the lock) when the parent forks:
    the child's copy of that lock would stay held for ever; the child makes its own."""
    import signal
    import threading
    import warnings

    built: list[int] = []
    damage = _cache._OnDamage(lambda: built.append(os.getpid()) or "rebuilt", "x.marshal")  # type: ignore[arg-type, func-returns-value]
    holding, done = threading.Event(), threading.Event()

    def rebuilding() -> None:
        with damage._lock:
            holding.set()
            done.wait(30)

    thread = threading.Thread(target=rebuilding)
    thread.start()
    try:
        assert holding.wait(30)
        with warnings.catch_warnings():  # 3.12+: forking a process with threads is deprecated
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: an alarm ends it if the lock is never had
            signal.alarm(20)
            os._exit(0 if damage.tables() == "rebuilt" and built == [os.getpid()] else 1)
        _, status = os.waitpid(pid, 0)
    finally:
        done.set()
        thread.join()
    assert 0 == os.waitstatus_to_exitcode(status)
    assert [] == built  # the parent built nothing


# --- Stamps: the key from the YAML's stat --------------------------------------------------


def _aged(path: Path) -> None:
    """Wait until ``path`` last changed more than the racy interval ago: stamps skip newer files."""
    import time

    changed = max(path.stat().st_mtime_ns, path.stat().st_ctime_ns)
    wait = (changed + _cache._RACY_NS - time.time_ns()) / 1e9 + 0.05
    if wait > 0:
        time.sleep(wait)


def test_a_stamp_gives_the_key_without_reading_the_yaml(
    yaml_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed a moment ago is not stamped; once older, its stat is, and the next load
    takes the key from the stamp: the YAML's content is not read to work it out."""
    from awserrors._taxonomy import load_tables

    def load() -> object:
        return load_tables([str(yaml_file)], module="a", reserved=frozenset(), find_base=lambda _: None)

    prefix = _cache.cache_prefix([str(yaml_file)], "a")
    key, stats = _cache.stamped_key(prefix, [str(yaml_file)], ["x"])
    assert key is None and stats is not None  # no stamp yet; the stat a stamp would hold
    first = load()
    assert [] == list((yaml_file.parent / "cache").glob("*.stamp"))  # changed a moment ago
    _aged(yaml_file)
    assert first.key == load().key  # type: ignore[attr-defined]
    [stamp] = (yaml_file.parent / "cache").glob("*.stamp")
    assert stamp.read_text().endswith(first.key)  # type: ignore[attr-defined]

    def read_nothing(paths: object, extra: object) -> None:
        raise AssertionError("the YAML was read to work the key out")

    monkeypatch.setattr(_cache, "cache_key", read_nothing)
    assert first.key == load().key  # type: ignore[attr-defined]


def test_an_edit_that_keeps_the_size_and_the_time_is_seen(yaml_file: Path) -> None:
    """An edit in place of the same length, with the modification time set back: the change
    time (which nothing sets back) tells the stamp no longer holds."""
    paths, extra = [str(yaml_file)], ["module=a"]
    prefix = _cache.cache_prefix(paths, "a")
    _aged(yaml_file)
    stamped, stats = _cache.stamped_key(prefix, paths, extra)
    key = _cache.cache_key(paths, extra)
    assert stamped is None and stats is not None and key is not None
    assert _cache_write.write_stamp(prefix, paths, stats, key) is not None
    assert key == _cache.stamped_key(prefix, paths, extra)[0]
    before = yaml_file.stat()
    text = yaml_file.read_bytes()
    edited = text.replace(b"InvalidInstanceID.NotFound", b"InvalidInstanceID.NotFounD")
    assert len(edited) == len(text) and edited != text
    with open(yaml_file, "r+b") as stream:  # the same inode
        stream.write(edited)
    os.utime(yaml_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = yaml_file.stat()
    same = ("st_ino", "st_size", "st_mtime_ns")
    assert [getattr(after, f) for f in same] == [getattr(before, f) for f in same]
    assert _cache.stamped_key(prefix, paths, extra)[0] is None
    assert _cache.cache_key(paths, extra) != key


def test_a_yaml_file_whose_name_holds_spaces_is_stamped_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    monkeypatch.setenv("AWSERRORS_CACHE_DIR", str(tmp_path / "cache"))
    yaml_file = tmp_path / "my errors 2.yaml"
    shutil.copy(SOURCE, yaml_file)
    paths, extra = [str(yaml_file)], ["module=a"]
    prefix = _cache.cache_prefix(paths, "a")
    _aged(yaml_file)
    _, stats = _cache.stamped_key(prefix, paths, extra)
    key = _cache.cache_key(paths, extra)
    assert key is not None and _cache_write.write_stamp(prefix, paths, stats, key) is not None
    assert key == _cache.stamped_key(prefix, paths, extra)[0]


@pytest.mark.parametrize(
    "forged",
    ["the key of other files", "a key for other settings", "not a stamp", "another file's stat"],
)
def test_a_stamp_that_does_not_fit_is_not_used(yaml_file: Path, forged: str) -> None:
    paths, extra = [str(yaml_file)], ["module=a"]
    prefix = _cache.cache_prefix(paths, "a")
    _aged(yaml_file)
    _, stats = _cache.stamped_key(prefix, paths, extra)
    assert stats is not None
    key = _cache.cache_key(paths, extra) or ""
    assert _cache_write.write_stamp(prefix, paths, stats, key) is not None
    [stamp] = (yaml_file.parent / "cache").glob("*.stamp")
    text = stamp.read_text()
    assert _cache.stamped_key(prefix, paths, extra)[0] == key  # the control: it fits
    size = yaml_file.stat().st_size
    stamp.write_text(
        {
            "the key of other files": text.replace(f".yaml:{size}:", f".yaml:{size + 1}:"),
            "a key for other settings": text.replace("\nmodule=a\n", "\nmodule=b\n"),
            "not a stamp": text.replace("awserrors-stamp 1", "awserrors-stamp 0"),
            "another file's stat": text.replace(f"ec2_client.yaml {size} ", f"ec2_client.yaml {size + 1} "),
        }[forged]
    )
    assert stamp.read_text() != text
    assert _cache.stamped_key(prefix, paths, extra)[0] is None


def test_stamps_never_go_in_the_installed_package(tmp_path: Path) -> None:
    """The shipped taxonomies' stamps go to the user cache: the package stays as its wheel
    installed it (pip uninstall leaves nothing behind)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWSERRORS_")}
    env.update(HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))
    package = Path(awserrors.__file__).parent
    before = sorted(package.rglob("*"))
    script = (
        "import sys, awserrors\n"
        "print(awserrors.exception_class_for('ThrottlingException').__name__,"
        " 'awserrors._cache_write' in sys.modules)"
    )
    for yaml in awserrors.aws.files:  # installed a moment ago, the YAML is not stamped yet
        _aged(Path(yaml))
    runs = []
    for _ in range(2):  # the second run reads the first one's stamp
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
        assert 0 == done.returncode, done.stderr
        runs.append(done.stdout.split())
    assert before == sorted(package.rglob("*"))
    if package.parent.name != "src":  # an installed wheel: its YAML is old enough to be stamped
        assert [p.name.split("-")[0] for p in (tmp_path / "cache" / "awserrors").glob("*.stamp")] == [
            "categories"
        ]
        # The first run wrote the stamp; the second wrote nothing, so it never imported the writer.
        assert [["ThrottlingException", "True"], ["ThrottlingException", "False"]] == runs


# --- The blob region, read a blob at a time -------------------------------------------------


def test_the_first_lookup_reads_the_head_not_the_whole_file(tmp_path: Path) -> None:
    found = fresh_lookup(no_cache_env(tmp_path), tmp_path, *SHIPPED_MODULES)
    assert found["opened"]
    assert [] == [p for p in found["read_whole"] if p.endswith(".marshal")]  # type: ignore[union-attr]


def _read_in_process(yaml_file: Path, rebuilt: list[int]) -> Any:
    """The tables of ``yaml_file``'s cache file as read_cache gives them, counting rebuilds."""
    from awserrors._from_yaml import build_tables

    paths = [str(yaml_file)]
    extra = ["module=awserrors.loaded.ec2_client", "reserved="]
    key = _cache.cache_key(paths, extra) or ""
    prefix = _cache.cache_prefix(paths, "awserrors.loaded.ec2_client")

    def rebuild() -> object:
        rebuilt.append(1)
        return build_tables(paths, module="x", key=key, reserved=frozenset(), find_base=lambda _: None)

    written = _cache_write.write_cache(prefix, paths, key, rebuild())  # type: ignore[arg-type]
    assert written is not None
    rebuilt.clear()
    tables = _cache.read_cache(prefix, paths, key, rebuild=rebuild)  # type: ignore[arg-type]
    assert tables is not None
    return tables


@pytest.mark.parametrize(
    "replaced_by", ["the same tables", "the same head, other blobs", "other tables", "nothing (deleted)"]
)
def test_a_file_replaced_or_deleted_after_its_head_was_read(
    yaml_file: Path, tmp_path: Path, replaced_by: str
) -> None:
    """Blobs are read from the file the head came from, kept open: whatever happens to the
    file since (written again, replaced by other tables, deleted by `awserrors cache
    --clear`), a long-running process answers from the tables it loaded and builds
    nothing (it used to reopen the file by name, and rebuilt from the YAML on any change)."""
    rebuilt: list[int] = []
    tables: Any = _read_in_process(yaml_file, rebuilt)
    [cache] = cache_files(tmp_path)
    whole = cache.read_bytes()
    parts = _cache._payload(whole)
    assert parts is not None
    region = len(parts[1])
    replacement = tmp_path / "replacement"
    if replaced_by == "the same tables":
        replacement.write_bytes(whole)
    elif replaced_by == "the same head, other blobs":
        replacement.write_bytes(whole[:-region] + bytes(b ^ 0x5A for b in whole[-region:]))
    elif replaced_by == "other tables":
        other = decoded(cache)  # another head of the same length: the same blobs, where they were
        other["description"] = "x" * len(str(other["description"]))
        replacement.write_bytes(encoded(other))
        assert len(whole) == replacement.stat().st_size and whole != replacement.read_bytes()
    if replaced_by.startswith("nothing"):
        cache.unlink()
    else:
        os.replace(replacement, cache)  # a new inode, as a writer's rename makes
    assert "EC2InstanceNotFoundException" == tables.codes["InvalidInstanceID.NotFound"]
    assert class_row(tables, "EC2InstanceNotFoundException") is not None
    assert [] == rebuilt


def test_a_forked_child_reads_the_blobs_its_parent_had_not(yaml_file: Path) -> None:
    """The open cache file is the child's too (pread: no shared offset): a worker forked
    after the head was read answers from the same tables, building nothing."""
    import warnings

    rebuilt: list[int] = []
    tables: Any = _read_in_process(yaml_file, rebuilt)
    with warnings.catch_warnings():  # 3.12+: forking a process with threads is deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # nothing decoded yet: every answer is read here
        ok = tables.codes["InvalidInstanceID.NotFound"] == "EC2InstanceNotFoundException" and not rebuilt
        os._exit(0 if ok and class_row(tables, "EC2InstanceNotFoundException") is not None else 3)
    _, status = os.waitpid(pid, 0)
    assert 0 == os.waitstatus_to_exitcode(status)
    assert "EC2InstanceNotFoundException" == tables.codes["InvalidInstanceID.NotFound"] and [] == rebuilt


def test_a_descriptor_closed_under_it_reads_no_other_file(yaml_file: Path, tmp_path: Path) -> None:
    """A process that closed every descriptor (as daemonizing does) may give the cache file's
    number to another file: the blobs are then not read from it (the tables are built again,
    every answer still the YAML's), and that file is not closed when the tables go."""
    import gc

    rebuilt: list[int] = []
    tables: Any = _read_in_process(yaml_file, rebuilt)
    region = tables.codes._blobs._region
    other = tmp_path / "other.txt"
    other.write_bytes(b"not a cache file " * 1000)
    opened = os.open(other, os.O_RDONLY)
    fd = os.dup2(opened, region._fd)  # closes the cache file; its number is now the other file's
    os.close(opened)
    try:
        assert fd == region._fd
        assert "EC2InstanceNotFoundException" == tables.codes["InvalidInstanceID.NotFound"]
        assert [1] == rebuilt
        del tables, region
        gc.collect()
        assert os.read(fd, 8) == b"not a ca"  # still open: the finalizer left it alone
    finally:
        os.close(fd)


def test_the_cache_file_is_closed_when_its_tables_go(yaml_file: Path) -> None:
    """One descriptor per loaded taxonomy, closed when its tables are collected (and by the
    system at exit: no exit hook runs for it)."""
    import gc

    rebuilt: list[int] = []
    tables: Any = _read_in_process(yaml_file, rebuilt)
    region = tables.codes._blobs._region
    fd, file = region._fd, region._file
    assert (os.fstat(fd).st_dev, os.fstat(fd).st_ino) == file  # open on the cache file
    del tables, region
    gc.collect()
    with pytest.raises(OSError):
        os.fstat(fd)


def test_cache_names_are_the_same_whatever_way_the_paths_are_spelled(tmp_path: Path) -> None:
    """A cache file's name holds the files' paths relative to the first one's folder: the
    same for files beside it (the shortcut) as relpath gives for any other spelling."""
    folder = tmp_path / "m"
    folder.mkdir()
    names = ["a.yaml", "b c.yaml"]
    plain = _cache.cache_prefix([str(folder / n) for n in names], "mod")
    dotted = _cache.cache_prefix([str(folder / n) for n in names[:1]] + [f"{folder}/../m/{names[1]}"], "mod")
    assert plain == dotted
    assert plain != _cache.cache_prefix([str(folder / n) for n in reversed(names)], "mod")


def test_a_process_that_finds_the_tables_under_the_lock_leaves_no_lock_file(
    yaml_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between this process's first look and its taking the lock, another one wrote the
    tables and deleted its lock file: this one creates a new lock file, finds the tables
    under it, and deletes it too (a run of 8 racing processes once left one behind)."""
    from awserrors import _from_yaml, _taxonomy

    paths = [str(yaml_file)]
    module = "awserrors.loaded.ec2_client"
    real_lock_build = _cache_write.lock_build
    builds: list[str] = []

    def another_process_finishes_first(prefix: str, lock_paths: list[str], lock_key: str) -> Any:
        extra = [f"module={module}", "reserved="]
        key = _cache.cache_key(lock_paths, extra) or ""
        tables = _from_yaml.build_tables(
            lock_paths, module=module, key=key, reserved=frozenset(), find_base=lambda _: None
        )
        builds.append(str(_cache_write.write_cache(prefix, lock_paths, key, tables)))
        return real_lock_build(prefix, lock_paths, lock_key)

    monkeypatch.setattr(_cache_write, "lock_build", another_process_finishes_first)
    tables = _taxonomy.load_tables(paths, module=module, reserved=frozenset(), find_base=lambda _: None)
    assert "EC2InstanceNotFoundException" == tables.codes["InvalidInstanceID.NotFound"]
    assert len(builds) == 1 and Path(builds[0]).exists()
    assert [] == sorted(p.name for p in (tmp_path / "cache").glob("*.lock"))


# --- what clearing, writing and locking leave behind ----------------------------------------


def test_clearing_a_taxonomys_cache_leaves_another_taxonomy_in_the_same_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two taxonomies whose YAML sit side by side share the folder beside them and the user
    cache folder: clearing one deletes its tables, stamp and lock file there, and nothing of
    the other's (whose name starts the same); clearing without a module deletes both."""
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    monkeypatch.setenv("AWSERRORS_CACHE_DIR", str(tmp_path / "cache"))
    mine, theirs = tmp_path / "errors.yaml", tmp_path / "errors-more.yaml"
    for target in (mine, theirs):
        shutil.copy(SOURCE, target)
    for target in (mine, theirs):
        _load_in_a_new_process(target)
    beside = tmp_path / "__awserrors_cache__"
    theirs_before = [
        names for _, names in _cache_write.taxonomy_files([str(theirs)], "awserrors.loaded.errors_more")
    ]
    mine_before = [names for _, names in _cache_write.taxonomy_files([str(mine)], "awserrors.loaded.errors")]
    assert [1, 0] == [len(n) for n in theirs_before] == [len(n) for n in mine_before]  # the tables
    prefix = _cache.cache_prefix([str(mine)], "awserrors.loaded.errors")
    stem = _cache._cache_stem(prefix, [str(mine)], True)
    (tmp_path / "cache" / f"{stem}.stamp").write_text("awserrors-stamp 1\n")
    (tmp_path / "cache" / f"{stem}.lock").write_text("")
    (beside / f"{prefix}.stamp").mkdir(parents=True)  # a folder where a stamp goes: not a file
    removed = _cache_write.clear_cache([str(mine)], "awserrors.loaded.errors")
    assert sorted([
        str(tmp_path / "cache" / mine_before[0][0]),
        str(tmp_path / "cache" / f"{stem}.lock"),
        str(tmp_path / "cache" / f"{stem}.stamp"),
    ]) == removed  # fmt: skip
    assert theirs_before == [
        n for _, n in _cache_write.taxonomy_files([str(theirs)], "awserrors.loaded.errors_more")
    ]
    left = [n for _, n in _cache_write.taxonomy_files([str(mine)], "awserrors.loaded.errors")]
    assert [[], [f"{prefix}.stamp"]] == left  # the folder is not a file: not deleted, not reported
    # Without a module: every file of the folders, the other taxonomy's (and any stamp) too.
    assert str(tmp_path / "cache" / theirs_before[0][0]) in _cache_write.clear_cache([str(mine)])
    assert [] == os.listdir(tmp_path / "cache")


def test_a_shipped_yaml_loaded_by_path_is_cached_outside_the_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``awserrors.load`` of a YAML file the package ships makes another taxonomy (another
    module) than the shipped one: its tables go to the user cache folder, never into the
    installed package, whose files are its wheel's (pip uninstall would leave them)."""
    if PACKAGE.parent.name == "src":
        pytest.skip("imported from a source checkout; scripts/test.sh runs against the installed wheel")
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    monkeypatch.delenv("AWSERRORS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    shipped = PACKAGE / "mappings" / "ec2_client.yaml"
    before = sorted(p.relative_to(PACKAGE) for p in (PACKAGE / "mappings").rglob("*"))
    _load_in_a_new_process(shipped)
    assert before == sorted(p.relative_to(PACKAGE) for p in (PACKAGE / "mappings").rglob("*"))
    [(_, in_package), (user, cached)] = _cache_write.taxonomy_files(
        [str(shipped)], "awserrors.loaded.ec2_client"
    )
    assert ([], str(tmp_path / "xdg" / "awserrors")) == (in_package, user)
    assert 1 == len([n for n in cached if n.endswith(".marshal")])


def test_a_build_that_fails_leaves_no_lock_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, target = _cached_yaml(tmp_path, monkeypatch, "beside")
    target.write_text("taxonomy: broken\nclasses:\n  A: {parent: Missing}\n", encoding="utf-8")
    with pytest.raises(awserrors.MappingError, match="Missing"):
        awserrors.load(target).tables  # noqa: B018
    assert folder.is_dir(), "the build took its lock in the folder beside the YAML"
    assert [] == sorted(p.name for p in folder.glob("*.lock"))


def test_the_user_cache_folder_is_never_made_in_a_home_that_does_not_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``HOME=/nonexistent`` (a service account's): no cache is written, and no home is made,
    not even by root; a cache folder whose parent exists is made as before."""
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    monkeypatch.delenv("AWSERRORS_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "nohome"))
    folder = str(tmp_path / "nohome" / ".cache" / "awserrors")
    assert None is _cache_write._write_atomic(folder, "x.marshal", b"x", ignored_by_git=False)
    assert not (tmp_path / "nohome").exists()
    monkeypatch.setenv("HOME", str(tmp_path))
    written = _cache_write._write_atomic(
        str(tmp_path / ".cache" / "awserrors"), "x.marshal", b"x", ignored_by_git=False
    )
    assert str(tmp_path / ".cache" / "awserrors" / "x.marshal") == written


FORGED_YAML = (
    "taxonomy: t\nroot: Base\nclasses:\n  Base: {doc: Any error.}\n"
    "  Missing: {parent: Base, codes: [NoSuchThing]}\n"
)


def _forge(path: Path, head: dict[str, Any] | None = None, row: tuple[str, int, Any] | None = None) -> None:
    """Write ``path`` again with ``head``'s fields changed, or one field of a class's row
    (its name, the field's index, the value), every checksum made to hold: garbage no check of
    bytes can tell, as a file written by hand would be."""
    import marshal

    data = path.read_bytes()
    stored = _cache_write._head_of(data)
    assert stored is not None
    region = data[_cache._HEADER + len(marshal.dumps(stored)) :]
    blobs = _cache._Blobs(memoryview(region), stored["blobs"])
    raw = [bytes(blobs.raw(i)) for i in range(len(blobs))]  # type: ignore[arg-type]
    if row is not None:
        name, index, value = row
        (_, (first, _), _), _ = stored["classes"]
        bucket = blobs.decoded(first)
        place, fields = bucket[name]
        bucket[name] = (place, (*fields[:index], value, *fields[index + 1 :]))
        raw[first] = _cache.sealed(marshal.dumps(bucket))
    offsets = [0]
    for blob in raw:
        offsets.append(offsets[-1] + len(blob))
    stored = {**stored, **(head or {}), "blobs": b"".join(o.to_bytes(4, "little") for o in offsets)}
    payload = marshal.dumps(stored)
    path.write_bytes(
        _cache.MAGIC + _cache.header_line(_cache.digest(payload), len(payload)) + payload + b"".join(raw)
    )


@pytest.mark.parametrize(
    ("head", "row", "rebuilt"),
    [
        ({"root": "Nope"}, None, True),  # no such class
        ({"retry_statuses": {500: (True,)}}, None, True),  # a pair of flags, short
        ({"statuses": {"500": "Base"}}, None, True),  # a status as text
        ({"code_flags": "yes"}, None, True),  # not a mapping
        # Parts a lookup checks where it uses them: the file is used, the lookup answers.
        ({"category_rules": (("Base",),)}, None, False),  # a rule of one field
        ({"code_flags": {"NoSuchThing": "yes"}}, None, False),
        (None, ("Missing", 10, "this"), False),  # 'home': a module to import, though nothing extends it
        (None, ("Missing", 0, 5), False),  # 'bases': not a tuple of names
        (None, ("Missing", 7, "other"), False),  # 'kind': neither client nor network
    ],
    ids=["root", "retry_statuses", "statuses", "code_flags", "rule", "flags", "home", "bases", "kind"],
)
def test_a_cache_file_whose_checksums_hold_but_whose_tables_do_not_is_never_trusted(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    head: dict[str, Any] | None,
    row: tuple[str, int, Any] | None,
    rebuilt: bool,
) -> None:
    """Lookups answer as the YAML says (or the root, for a damaged row), never raise, and import
    nothing the YAML does not name."""
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    monkeypatch.setenv("AWSERRORS_CACHE_DIR", str(tmp_path / "cache"))
    yaml_path = tmp_path / "forged.yaml"
    yaml_path.write_text(FORGED_YAML, encoding="utf-8")
    _load_in_a_new_process(yaml_path)
    [path] = cache_files(tmp_path)
    original = _cache_write._head_of(path.read_bytes())
    _forge(path, head, row)
    script = (
        "import sys, awserrors\n"
        f"t = awserrors.load({str(yaml_path)!r})\n"
        "print(t.exception_class_for('NoSuchThing').__name__, t.exception_class_for('Unknown').__name__,"
        " t.explain('X', http_status=500).cls.__name__, type(t.handle_client_error(Exception('x'))).__name__,"
        " 'this' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ}, timeout=120
    )
    assert 0 == done.returncode, done.stderr
    missing, unknown, by_status, converted, imported = done.stdout.split()
    assert ("Base", "Base", "Base", "False") == (unknown, by_status, converted, imported)
    assert missing == ("Base" if row is not None and row[1] == 10 else "Missing")
    if rebuilt:  # the file was not used: built again from the YAML, and cached again
        assert original == _cache_write._head_of(path.read_bytes())
