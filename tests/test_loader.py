"""Mapping YAML mistakes: each is reported as file:line:col, key path, bad value and the fix.

Every test writes a small YAML file, loads it and reads the one line per
problem that :class:`awserrors.MappingError` carries.
"""

from __future__ import annotations

import importlib
import sys
import textwrap
import time
import tracemalloc
import types
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import awserrors
from awserrors import MappingError, TaxonomyClientError

CLASS_KEYS = (
    "parent, doc, codes, http_statuses, operations, operation_statuses, exceptions, retryable, "
    "throttling, aliases, message"
)
FAKE_MODULE = "fake_mod_xyz"


def write(tmp_path: Path, text: str, name: str = "errors.yaml") -> Path:
    """Write dedented YAML (its first line is line 1) and return its path."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def where(path: Path, needle: str, occurrence: int = 1) -> str:
    """``file:line:col`` (from 1) of the ``occurrence``-th ``needle`` in the file."""
    text = path.read_text(encoding="utf-8")
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return f"{path}:{line}:{column}"


def load_error(*paths: Path) -> MappingError:
    with pytest.raises(MappingError) as info:
        awserrors.load(*paths)
    error = info.value
    for problem in error.problems:
        assert problem in str(error)
    return error


def parts(problem: str) -> tuple[str, str, str]:
    """(file:line:col, key path, message) of one problem."""
    location, key, message = problem.split(": ", 2)
    return location, key, message


def only(error: MappingError) -> tuple[str, str, str]:
    assert 1 == len(error.problems), error.problems
    return parts(error.problems[0])


@pytest.fixture
def fresh_module(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """An empty module in sys.modules (removed afterwards) with one attribute, ``helper``."""
    module = types.ModuleType(FAKE_MODULE)
    module.helper = 1  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, FAKE_MODULE, module)
    return module


# --- 1. YAML syntax --------------------------------------------------------------


def test_yaml_syntax_error_points_at_the_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          A:
            codes: [X, Y
        """,
    )
    location, key, message = only(load_error(path))
    # The parser notices at the end of the input (line 5, column 1) ...
    assert (f"{path}:5:1", "(syntax)") == (location, key)
    assert message.startswith("invalid YAML: did not find expected ',' or ']'")
    # ... and says where the unclosed bracket opened.
    bracket = where(path, "[").rsplit(":", 2)
    assert f"starts at line {bracket[1]}, column {bracket[2]}" in message


# --- 2. unknown keys -------------------------------------------------------------


def test_unknown_keys_suggest_the_valid_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        descripton: Errors of t.
        classes:
          A:
            retriable: true
          B:
            parnet: A
        """,
    )
    top, retriable, parnet = map(parts, load_error(path).problems)
    assert (where(path, "descripton"), "descripton") == top[:2]
    assert (
        "unknown key; did you mean 'description'? "
        "valid keys: taxonomy, description, service, root, extends, derive_from_botocore, classes, "
        "errors, services, category_rules, retry_rules"
    ) == top[2]
    assert (where(path, "retriable"), "classes.A.retriable") == retriable[:2]
    assert f"unknown key; did you mean 'retryable'? valid keys: {CLASS_KEYS}" == retriable[2]
    assert (where(path, "parnet"), "classes.B.parnet") == parnet[:2]
    assert f"unknown key; did you mean 'parent'? valid keys: {CLASS_KEYS}" == parnet[2]


# --- 3. wrong types --------------------------------------------------------------


def test_values_of_the_wrong_type(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          A:
            retryable: "yes please"
            http_statuses: "abc"
            doc: [1, 2]
            codes: [404]
        """,
    )
    error = load_error(path)
    assert isinstance(error, ValueError)
    assert isinstance(error.problems, tuple)
    assert all(isinstance(p, str) for p in error.problems)
    retryable, statuses, doc, codes = map(parts, error.problems)
    assert (where(path, '"yes please"'), "classes.A.retryable") == retryable[:2]
    assert "expected true or false, got 'yes please'" == retryable[2]
    assert (where(path, '"abc"'), "classes.A.http_statuses") == statuses[:2]
    assert "expected a list, got the single value 'abc'; did you mean http_statuses: [abc]?" == statuses[2]
    assert (where(path, "[1, 2]"), "classes.A.doc") == doc[:2]
    assert "expected a string, got a list [1, 2]" == doc[2]
    assert (where(path, "404"), "classes.A.codes[0]") == codes[:2]
    assert "expected an error code string, got 404; quote it: '404'" == codes[2]


# --- 4. duplicate classes --------------------------------------------------------


def test_class_declared_twice_in_one_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          Twice:
            doc: First.
          Twice:
            doc: Second.
        """,
    )
    location, key, message = only(load_error(path))
    assert (where(path, "Twice", 2), "classes.Twice") == (location, key)
    assert "declared twice (first at line 3)" == message


def test_class_declared_in_two_files_loaded_together(tmp_path: Path) -> None:
    first = write(tmp_path, "taxonomy: t\nclasses:\n  Root: {}\n  Shared: {}\n", "a.yaml")
    second = write(tmp_path, "taxonomy: t\nclasses:\n  Shared: {}\n", "b.yaml")
    location, key, message = only(load_error(first, second))
    assert (where(second, "Shared"), "classes.Shared") == (location, key)
    assert f"class declared twice (first at {where(first, 'Shared')})" == message


# --- 5. codes claimed twice ------------------------------------------------------


def test_code_claimed_by_two_classes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          NotFound:
            codes: [NoSuchThing]
          Missing:
            codes: [NoSuchThing]
        """,
    )
    location, key, message = only(load_error(path))
    assert (where(path, "NoSuchThing", 2), "classes.Missing.codes") == (location, key)
    assert f"code 'NoSuchThing' is already mapped to NotFound ({where(path, 'NoSuchThing')})" == message


def test_code_claimed_twice_for_the_same_operation(tmp_path: Path) -> None:
    # RunInstances and run_instances are the same operation.
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          Launch:
            codes:
              - Busy: {operations: [RunInstances]}
          Start:
            codes:
              - Busy: {operations: [run_instances]}
        """,
    )
    location, key, message = only(load_error(path))
    assert (where(path, "Busy", 2), "classes.Start.codes") == (location, key)
    assert (
        f"code 'Busy' for operation 'run_instances' is already mapped to Launch "
        f"({where(path, 'Busy')})" == message
    )


def test_same_code_for_different_operations_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          Root: {}
          Launch:
            codes:
              - Busy: {operations: [RunInstances]}
          Stop:
            codes:
              - Busy: {operations: [StopInstances]}
        """,
    )
    taxonomy = awserrors.load(path)
    assert taxonomy.Launch is taxonomy.exception_class_for("Busy", operation="RunInstances")
    assert taxonomy.Stop is taxonomy.exception_class_for("Busy", operation="stop_instances")
    assert taxonomy.Root is taxonomy.exception_class_for("Busy")


# --- 5b. an operation's fallback for one status -------------------------------------


def test_operation_statuses_map_an_operation_and_a_status_to_a_class(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: opstatus
        classes:
          Root: {}
          Missing:
            parent: Root
            http_statuses: [404]
          KeyMissing:
            parent: Missing
            operation_statuses: {HeadObject: 404}
          BucketMissing:
            parent: Missing
            operation_statuses:
              head_bucket: [404, 410]
        """,
        "opstatus_classes.yaml",
    )
    taxonomy = awserrors.load(path)
    Rule = awserrors.Rule
    picked = taxonomy.explain("404", operation="HeadObject")
    assert (taxonomy.KeyMissing, Rule.OPERATION_STATUS) == (picked.cls, picked.rule)
    # Operations compare in snake_case; a status given wins over the code's digits.
    assert taxonomy.BucketMissing is taxonomy.exception_class_for("410", operation="HeadBucket")
    found = taxonomy.exception_class_for("X", operation="head_bucket", http_status=404)
    assert taxonomy.BucketMissing is found
    # Another status of the operation, or the status without the operation: the status rule.
    assert (taxonomy.Missing, Rule.STATUS) == (
        taxonomy.explain("404", operation="GetObject").cls,
        taxonomy.explain("404", operation="GetObject").rule,
    )
    assert taxonomy.Root is taxonomy.exception_class_for("403", operation="HeadObject")
    assert [
        ("KeyMissing", "head_object", 404),
        ("BucketMissing", "head_bucket", 404),
        ("BucketMissing", "head_bucket", 410),
    ] == [
        (m.class_name, m.operation, m.status) for m in taxonomy.mappings() if m.rule is Rule.OPERATION_STATUS
    ]


def test_operation_status_claimed_by_two_classes(tmp_path: Path) -> None:
    # HeadObject and head_object are the same operation; 403 of it is claimed once only.
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          KeyMissing:
            operation_statuses: {HeadObject: [403, 404]}
          Gone:
            operation_statuses: {head_object: [410, 404]}
        """,
    )
    location, key, message = only(load_error(path))
    assert (where(path, "Gone"), "classes.Gone.operation_statuses") == (location, key)
    assert (
        f"HTTP status 404 of operation 'head_object' is already mapped to KeyMissing "
        f"({where(path, 'KeyMissing')})" == message
    )


def test_operation_statuses_of_the_wrong_shape(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          A:
            operation_statuses: [HeadObject]
          B:
            operation_statuses: {HeadObject: 700, HeadBucket: [404, "x"]}
          Net:
            parent: botocore.exceptions.BotoCoreError
            operation_statuses: {HeadObject: 404}
        """,
    )
    listed, status, text, network = map(parts, load_error(path).problems)
    assert (where(path, "[HeadObject]"), "classes.A.operation_statuses") == listed[:2]
    assert "expected a mapping, got a list ['HeadObject']" == listed[2]
    assert (where(path, "700"), "classes.B.operation_statuses.HeadObject") == status[:2]
    assert "700 is not an HTTP status; expected an integer from 100 to 599" == status[2]
    assert (where(path, '"x"'), "classes.B.operation_statuses.HeadBucket[1]") == text[:2]
    assert "expected an HTTP status, an integer from 100 to 599, got 'x'" == text[2]
    assert (where(path, "Net"), "classes.Net.operation_statuses") == network[:2]
    assert network[2].startswith("not allowed on a BotoCoreError (network) class")


def test_rows_map_an_operation_and_a_status_to_their_class(tmp_path: Path) -> None:
    """A row's ``operation_statuses`` is its service's class's (a service-less row's: its
    code's class), and a later file's row adds it without touching the earlier row."""
    rows = write(
        tmp_path,
        """
        taxonomy: opstatus_rows
        services:
          s3:
            NoSuchKey: {http_status: 404}
            NoSuchBucket: {http_status: 404}
        errors:
          Gone: {http_status: 410}
        category_rules:
          - category: NotFound
            http_statuses: [404, 410]
          - category: Other
        classes:
          Other: {}
          NotFound: {parent: Other, http_statuses: [404, 410]}
        """,
        "opstatus_rows.yaml",
    )
    curated = write(
        tmp_path,
        """
        taxonomy: opstatus_rows
        services:
          s3:
            NoSuchKey: {operation_statuses: {HeadObject: 404}}
        errors:
          Gone: {operation_statuses: {HeadObject: 410}}
        """,
        "opstatus_rows_curated.yaml",
    )
    taxonomy = awserrors.load(rows, curated)
    key = taxonomy.get_class("services.s3:NoSuchKey")
    assert key is taxonomy.exception_class_for("404", operation="HeadObject")
    assert key is taxonomy.exception_class_for("404", operation="HeadObject", service="s3")
    assert 404 == key.default_status  # the earlier file's field is kept
    assert taxonomy.get_class("codes:Gone") is taxonomy.exception_class_for("410", operation="head_object")
    found = taxonomy.explain("404", operation="HeadBucket")
    assert (taxonomy.NotFound, awserrors.Rule.CATEGORY) == (found.cls, found.rule)


# --- 6-8. parents ----------------------------------------------------------------


def test_unknown_parent_suggests_a_class(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          BaseError: {}
          Child:
            parent: BaseEror
        """,
    )
    location, key, message = only(load_error(path))
    assert (where(path, "Child"), "classes.Child.parent") == (location, key)
    assert message.startswith("unknown parent 'BaseEror'; did you mean 'BaseError'? ")
    assert "'botocore.exceptions.ClientError'" in message


def test_parent_cycle_is_reported_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          Root: {}
          A:
            parent: B
          B:
            parent: A
          C:
            parent: A
        """,
    )
    location, key, message = only(load_error(path))
    assert (where(path, "A:"), "classes.A.parent") == (location, key)
    assert "parents form a cycle: A -> B -> A" == message


def test_parents_without_a_consistent_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          A: {}
          B: {}
          X:
            parent: [A, B]
          Y:
            parent: [B, A]
          Z:
            parent: [X, Y]
        """,
    )
    location, key, message = only(load_error(path))
    assert (where(path, "Z:"), "classes.Z.parent") == (location, key)
    assert message.startswith("no consistent method resolution order for parents X, Y")


# --- 9. class names --------------------------------------------------------------


def test_class_names_that_python_cannot_use(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          Bad-Name: {}
          __Foo__: {}
          class: {}
        """,
    )
    bad, dunder, keyword = map(parts, load_error(path).problems)
    assert (where(path, "Bad-Name"), "classes.Bad-Name") == bad[:2]
    assert "'Bad-Name' is not a Python identifier; use letters, digits and underscores" == bad[2]
    assert (where(path, "__Foo__"), "classes.__Foo__") == dunder[:2]
    assert "'__Foo__' starts with '_'; generated classes are public names" == dunder[2]
    assert (where(path, "class:"), "classes.class") == keyword[:2]
    assert "'class' is a Python keyword" == keyword[2]


def test_class_name_shadowing_a_module_attribute(tmp_path: Path, fresh_module: types.ModuleType) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          Root: {}
          helper: {}
        """,
    )
    with pytest.raises(MappingError) as info:
        awserrors.generate_module(FAKE_MODULE, path)
    location, key, message = only(info.value)
    assert (where(path, "helper"), "classes.helper") == (location, key)
    assert "'helper' would shadow an attribute the module already has" == message
    assert 1 == fresh_module.helper


# --- 10. HTTP statuses -----------------------------------------------------------


def test_http_status_out_of_range(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          A:
            http_statuses: [404, 600, 99]
            codes:
              - Gone:
                  http_status: 600
              - Odd:
                  http_status: 99
        """,
    )
    high, low, code_high, code_low = map(parts, load_error(path).problems)
    valid = "expected an integer from 100 to 599"
    assert (where(path, "600"), "classes.A.http_statuses[1]") == high[:2]
    assert f"600 is not an HTTP status; {valid}" == high[2]
    assert (where(path, "99"), "classes.A.http_statuses[2]") == low[:2]
    assert f"99 is not an HTTP status; {valid}" == low[2]
    assert (where(path, "600", 2), "classes.A.codes[0].Gone.http_status") == code_high[:2]
    assert f"600 is not an HTTP status; {valid}" == code_high[2]
    assert (where(path, "99", 2), "classes.A.codes[1].Odd.http_status") == code_low[:2]
    assert f"99 is not an HTTP status; {valid}" == code_low[2]


# --- 11. import paths ------------------------------------------------------------


def test_parent_import_paths_that_do_not_give_an_exception_class(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          Root: {}
          Missing:
            parent: nosuchpkg.Error
          NotAClass:
            parent: builtins.len
        """,
    )
    missing, not_class = map(parts, load_error(path).problems)
    assert (where(path, "Missing"), "classes.Missing.parent") == missing[:2]
    assert "'nosuchpkg.Error' does not import: No module named 'nosuchpkg'" == missing[2]
    assert (where(path, "NotAClass"), "classes.NotAClass.parent") == not_class[:2]
    assert "'builtins.len' is <built-in function len>, not an exception class" == not_class[2]


# --- 12. Python tags -------------------------------------------------------------


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(
        tmp_path,
        f"""
        taxonomy: t
        classes:
          A:
            doc: !!python/name:os.system
            codes: !!python/object/apply:os.system ["touch {marker}"]
          B: !!python/object/apply:os.system ["touch {marker}"]
        """,
    )
    name_tag, apply_codes, apply_class = map(parts, load_error(path).problems)
    refused = (
        "is not allowed: mappings are data, loaded safely; use plain strings, numbers, "
        "booleans, lists and mappings"
    )
    assert (where(path, "!!python/name"), "classes.A.doc") == name_tag[:2]
    assert f"the tag '!!python/name:os.system' {refused}" == name_tag[2]
    assert (where(path, "!!python/object"), "classes.A.codes") == apply_codes[:2]
    assert f"the tag '!!python/object/apply:os.system' {refused}" == apply_codes[2]
    assert (where(path, "!!python/object", 2), "classes.B") == apply_class[:2]
    assert f"the tag '!!python/object/apply:os.system' {refused}" == apply_class[2]
    assert not marker.exists()


# --- 13. empty files -------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "# only\n# comments\n"], ids=["empty", "comments"])
def test_file_without_content(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    location, key, message = only(load_error(path))
    assert (f"{path}:1:1", "(file)") == (location, key)
    assert "the file is empty; expected a mapping with 'classes'" == message


def test_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "- taxonomy\n- classes\n")
    location, key, message = only(load_error(path))
    assert (f"{path}:1:1", "(file)") == (location, key)
    assert "expected a mapping with 'taxonomy' and 'classes', got a list ['taxonomy', 'classes']" == message


def test_missing_classes_is_reported_once(tmp_path: Path) -> None:
    path = write(tmp_path, "taxonomy: t\n")
    location, key, message = only(load_error(path))
    assert (f"{path}:1:1", "classes") == (location, key)
    assert "missing; expected a mapping of class names" == message


# --- 14. every problem at once ---------------------------------------------------


def test_every_problem_is_reported_in_file_order(tmp_path: Path) -> None:
    # The first mistake is found only when the taxonomy is checked as a whole,
    # the other two while reading: the report still follows the file.
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          Orphan:
            parent: Nobody
          Server:
            http_statuses: [600]
          Flaky:
            retriable: true
        """,
    )
    error = load_error(path)
    assert 3 == len(error.problems)
    assert [
        (where(path, "Orphan"), "classes.Orphan.parent"),
        (where(path, "600"), "classes.Server.http_statuses[0]"),
        (where(path, "retriable"), "classes.Flaky.retriable"),
    ] == [parts(p)[:2] for p in error.problems]


# --- 15. nothing half-registered -------------------------------------------------

BROKEN_GENERATED = """
    taxonomy: gen
    classes:
      GenRoot: {}
      GenChild:
        parent: GenRoot
        codes: [Boom]
      GenBroken:
        parent: NoSuchParent
"""


def test_failed_generate_module_adds_no_classes(tmp_path: Path, fresh_module: types.ModuleType) -> None:
    path = write(tmp_path, BROKEN_GENERATED)
    with pytest.raises(MappingError):
        awserrors.generate_module(FAKE_MODULE, path)
    names = ["GenRoot", "GenChild", "GenBroken"]
    assert [] == [n for n in names if n in vars(fresh_module)]
    assert [] == [n for n in names if n in dir(fresh_module)]
    assert [] == [n for n in names if hasattr(fresh_module, n)]


def test_generate_module_works_after_fixing_the_yaml(tmp_path: Path, fresh_module: types.ModuleType) -> None:
    path = write(tmp_path, BROKEN_GENERATED)
    with pytest.raises(MappingError):
        awserrors.generate_module(FAKE_MODULE, path)
    write(tmp_path, BROKEN_GENERATED.replace("NoSuchParent", "GenChild"))
    taxonomy = awserrors.generate_module(FAKE_MODULE, path)
    module: types.ModuleType = fresh_module
    assert taxonomy is module.__awserrors_taxonomy__
    assert issubclass(module.GenBroken, module.GenChild)
    assert FAKE_MODULE == module.GenChild.__module__
    # The module's lookups belong to the new taxonomy and return the module's classes.
    assert module.GenChild is module.exception_class_for("Boom")
    assert module.GenRoot is module.exception_class_for("Unmapped")


# --- valid input -----------------------------------------------------------------


def test_minimal_taxonomy_loads_with_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "taxonomy: mini\nclasses:\n  Only: {}\n")
    taxonomy = awserrors.load(path)
    assert "mini" == taxonomy.name
    assert ("Only",) == taxonomy.class_names
    assert taxonomy.Only is taxonomy.root
    assert (TaxonomyClientError,) == taxonomy.Only.__bases__
    assert issubclass(taxonomy.Only, ClientError)
    assert taxonomy.Only is taxonomy.exception_class_for("AnyCode")


def test_parent_may_be_a_users_own_base_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module_name = "awserrors_test_user_base"
    (tmp_path / f"{module_name}.py").write_text(
        "class AppError(Exception):\n    '''The app's own base.'''\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, module_name, raising=False)
    path = write(
        tmp_path,
        f"""
        taxonomy: app
        classes:
          AppFailure:
            parent: {module_name}.AppError
            codes: [Broken]
        """,
    )
    try:
        taxonomy = awserrors.load(path)
        app_error = sys.modules[module_name].AppError
        assert issubclass(taxonomy.AppFailure, app_error)
        assert issubclass(taxonomy.AppFailure, ClientError)
        assert (app_error, TaxonomyClientError) == taxonomy.AppFailure.__bases__
        converted = taxonomy.handle_client_error(
            ClientError({"Error": {"Code": "Broken", "Message": "no"}}, "DoThing")
        )
        assert isinstance(converted, app_error)
        assert "Broken" == converted.error_code
    finally:
        sys.modules.pop(module_name, None)


@pytest.mark.parametrize("where", ["root", "second parent"])
def test_a_users_base_with_slots_of_its_own_is_a_mapping_error_not_a_lookup_that_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """TaxonomyClientError keeps response and operation_name in slots; Python cannot build a
    class on it and on another class adding slots of its own.  The loader says so, where
    and what to do, instead of the first lookup raising TypeError; empty slots are fine."""
    module_name = f"awserrors_test_slotted_{where.replace(' ', '_')}"
    (tmp_path / f"{module_name}.py").write_text(
        "from botocore.exceptions import ClientError\n"
        "class Slotted(ClientError):\n    __slots__ = ('extra',)\n"
        "class Empty(ClientError):\n    __slots__ = ()\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, module_name, raising=False)
    parents = (
        {"Root": f"{module_name}.Slotted", "Gone": "Root"}
        if where == "root"
        else {"Root": f"{module_name}.Empty", "Gone": f"[Root, {module_name}.Slotted]"}
    )
    path = write(
        tmp_path,
        f"""
        taxonomy: slotted
        classes:
          Root:
            parent: {parents["Root"]}
          Gone:
            parent: {parents["Gone"]}
            codes: [Gone]
        """,
        name=f"slotted_{where.replace(' ', '_')}.yaml",
    )
    try:
        with pytest.raises(awserrors.MappingError) as caught:
            awserrors.load(path)
        [problem] = caught.value.problems
        culprit = "Root" if where == "root" else "Gone"
        line = 3 if where == "root" else 5  # the line of the class the problem is on
        assert f"{path.name}:{line}:" in str(problem) and f"classes.{culprit}.parent" in str(problem)
        assert f"{module_name}:Slotted" in str(problem) and "TaxonomyClientError" in str(problem)
        assert "give your class __slots__ = () or no __slots__" in str(problem)
        if where == "second parent":  # the same YAML without the slotted parent loads and answers
            path.write_text(path.read_text().replace(f", {module_name}.Slotted", ""))
            taxonomy = awserrors.load(path)
            converted = taxonomy.handle_client_error(ClientError({"Error": {"Code": "Gone"}}, "Op"))
            assert isinstance(converted, sys.modules[module_name].Empty) and "Gone" == converted.error_code
    finally:
        sys.modules.pop(module_name, None)


def test_message_template_with_unknown_placeholder(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          Root:
            message: "{foo} happened"
        """,
    )
    location, key, message = only(load_error(path))
    assert (where(path, "Root"), "classes.Root.message") == (location, key)
    assert message.startswith("'{foo} happened' uses {foo}; a message may use only ")
    assert "{code}, {message}, {operation}, {status}, {service}, {request_id}" in message


def test_message_template_with_known_placeholders(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          Root:
            message: "AWS error [{code}]: {message}"
        """,
    )
    taxonomy = awserrors.load(path)
    error = ClientError({"Error": {"Code": "Weird", "Message": "it broke"}}, "DoThing")
    converted = taxonomy.handle_client_error(error)
    assert taxonomy.Root is type(converted)
    assert "AWS error [Weird]: it broke" == str(converted)


# --- bounded: whatever a file holds, the report is short and cheap ----------------------------


def test_a_million_problems_are_counted_and_a_hundred_listed(tmp_path: Path) -> None:
    """One anchored list of 1,000 codes reused by 300 classes: 299,000 duplicate claims."""
    codes = ", ".join(f"Code{i}" for i in range(1000))
    classes = "\n".join(f"  C{i}:\n    codes: *codes" for i in range(1, 300))
    path = write(tmp_path, f"taxonomy: t\nclasses:\n  C0:\n    codes: &codes [{codes}]\n{classes}\n")
    error = load_error(path)
    assert str(error).startswith("299000 problems in the mapping YAML:")
    assert 101 == len(error.problems)
    assert error.problems[-1] == "... and 298900 more problems of the same kinds"


def test_a_self_referencing_alias_is_a_mapping_error_with_a_short_quote(tmp_path: Path) -> None:
    path = write(tmp_path, "taxonomy: t\nclasses:\n  A:\n    doc: &a [*a]\n")
    [problem] = load_error(path).problems
    assert problem.startswith(f"{path}:4:10: classes.A.doc: expected a string, got a list [[[")
    assert len(problem) < len(str(path)) + 120


def test_nested_aliases_are_never_expanded_in_a_message(tmp_path: Path) -> None:
    levels = ['a0: &a0 ["xxxxxxxx", "xxxxxxxx", "xxxxxxxx", "xxxxxxxx", "xxxxxxxx"]']
    levels += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    text = "taxonomy: t\nx-anchors:\n" + "".join(f"  {line}\n" for line in levels)
    text += "classes:\n  A:\n    doc: *a11\n"  # 5**12 strings if expanded
    problems = load_error(write(tmp_path, text)).problems
    assert any("classes.A.doc: expected a string, got a list [[[[" in p for p in problems)
    assert all(len(p) < 400 for p in problems)


def test_unknown_parents_get_hints_for_the_first_few_only(tmp_path: Path) -> None:
    classes = "\n".join(f"  C{i}:\n    parent: Base{i}" for i in range(1000))  # typos of Base
    error = load_error(write(tmp_path, f"taxonomy: t\nclasses:\n  Base: {{}}\n{classes}\n"))
    assert "1000 problems" in str(error).splitlines()[0]
    assert 100 == sum(1 for p in error.problems if "unknown parent" in p)
    assert 20 == sum(1 for p in error.problems if "did you mean" in p)  # a hint scans every class


def test_a_byte_that_is_not_utf8_is_reported_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b'taxonomy: t\nclasses:\n  A: {doc: "caf\xe9"}\n')
    [problem] = load_error(path).problems
    assert f"{path}:3:16: (file): byte 0xe9 is not UTF-8; mapping files are UTF-8 text" == problem


def test_a_tab_is_named_as_a_tab(tmp_path: Path) -> None:
    path = write(tmp_path, "taxonomy: t\nclasses:\n  A:\n\tparent: X\n")
    [problem] = load_error(path).problems
    assert problem.startswith(
        f"{path}:4:1: (syntax): invalid YAML: a tab character; YAML indents with spaces"
    )


# --- a string where a list is required; aliases; parents defined later --------------------------


def test_a_string_where_a_list_is_required_says_the_list_form(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        classes:
          Quota:
            parent: botocore.exceptions.ClientError
            codes: LimitExceeded
            aliases: QuotaError
            http_statuses: 429
            operations: put_item
        """,
    )
    assert (
        f"{path}:5:12: classes.Quota.codes: expected a list, got the single value 'LimitExceeded'; "
        "did you mean codes: [LimitExceeded]?",
        f"{path}:6:14: classes.Quota.aliases: expected a list, got the single value 'QuotaError'; "
        "did you mean aliases: [QuotaError]?",
        f"{path}:7:20: classes.Quota.http_statuses: expected a list, got the single value '429'; "
        "did you mean http_statuses: [429]?",
        f"{path}:8:17: classes.Quota.operations: expected a list, got the single value 'put_item'; "
        "did you mean operations: [put_item]?",
    ) == load_error(path).problems
    # parent is documented as "name or list of names": one name stays fine
    awserrors.load(
        write(
            tmp_path, "taxonomy: u\nclasses:\n  A:\n    parent: botocore.exceptions.ClientError\n", "u.yaml"
        )
    )


def test_a_problem_inside_an_alias_is_reported_where_the_alias_is_used(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        taxonomy: t
        x-codes: &shared [Fine, 42]
        classes:
          One:
            codes: *shared
        """,
    )
    problems = load_error(path).problems
    assert (
        f"{path}:5:5: classes.One.codes[1]: expected an error code string, got 42; quote it: '42' "
        "(in the value anchored at line 2, used here as an alias)"
    ) in problems


def test_a_parent_defined_below_the_generate_module_call_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "late_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    write(
        package,
        """
        taxonomy: late
        classes:
          AppError:
            parent: [botocore.exceptions.ClientError, late_app.errors.Retryable]
        """,
    )
    module = "import awserrors\nawserrors.generate_module(__name__, 'errors.yaml')\n\n\n"
    (package / "errors.py").write_text(module + "class Retryable:\n    pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("AWSERRORS_NO_CACHE", "1")
    with pytest.raises(MappingError) as caught:
        importlib.import_module("late_app.errors")
    [problem] = caught.value.problems
    assert problem.endswith(
        "classes.AppError.parent: 'late_app.errors.Retryable' is not defined yet: late_app.errors is "
        "still being imported; define Retryable above the call to generate_module (parents are looked "
        "up when it runs)"
    )
    sys.modules.pop("late_app.errors", None)
    sys.modules.pop("late_app", None)


# --- fuzzing: whatever a mapping file holds, loading gives tables or a MappingError ---------------

#: The shipped taxonomies small enough to load hundreds of times.
FUZZ_SOURCES = [awserrors.mappings_dir() / "ec2_client.yaml", awserrors.mappings_dir() / "devops_agent.yaml"]
#: Values a mutation puts where a value was: other types, tags, aliases, anchors, junk.
FUZZ_VALUES = [
    "42",
    "-1",
    "3.5",
    "true",
    "null",
    "~",
    "[]",
    "{}",
    "[1, [2, [3]]]",
    "{a: {b: c}}",
    "''",
    '"\\t"',
    "*a",
    "&a x",
    "&a [*a]",
    "!!python/object/apply:os.system ['touch FUZZ_RAN']",
    "!!binary aGk=",
    "!custom x",
    "<<: *a",
    "ClientError",
    "botocore.exceptions.ClientError",
    "os.system",
    "x" * 300,
    "[a, b, c, d, e, f, g, h]",
    "\u00e9\u4e2d\U0001f600",
]
FUZZ_BYTES = [
    b"\xff",
    b"\xfe\xff",
    b"\t",
    b"\x00",
    b"\r",
    b"\x85",
    b"\xe2\x80\xa8",
    b"%YAML 1.1\n",
    b"---\n",
    b"...\n",
]
_MUTATION = st.tuples(
    st.sampled_from(["delete", "duplicate", "value", "indent", "bytes", "anchor"]),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=len(FUZZ_VALUES) - 1),
    st.integers(min_value=0, max_value=len(FUZZ_BYTES) - 1),
)


def mutated(text: str, mutations: list[tuple[str, int, int, int]]) -> bytes:
    lines = [line.encode("utf-8") for line in text.splitlines(keepends=True)]
    for kind, where, value, junk in mutations:
        i = where % len(lines)
        line = lines[i]
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "value" and b":" in line:
            key = line.split(b":", 1)[0]
            lines[i] = key + b": " + FUZZ_VALUES[value].encode("utf-8") + b"\n"
        elif kind == "indent":
            lines[i] = b"  " + line
        elif kind == "bytes":
            cut = where % (len(line) + 1)
            lines[i] = line[:cut] + FUZZ_BYTES[junk] + line[cut:]
        elif kind == "anchor" and b": " in line:
            key, _, rest = line.partition(b": ")
            lines[i] = key + b": &a " + rest
    return b"".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.sampled_from(FUZZ_SOURCES), mutations=st.lists(_MUTATION, min_size=1, max_size=6))
def test_a_mutated_mapping_file_loads_or_is_a_mapping_error(
    tmp_path_factory: pytest.TempPathFactory, source: Path, mutations: list[tuple[str, int, int, int]]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / source.name
    path.write_bytes(mutated(source.read_text(encoding="utf-8"), mutations))
    taxonomy = awserrors.Taxonomy([str(path)], module_name=f"awserrors.loaded.fuzz_{folder.name}")
    tracemalloc.start()
    began = time.perf_counter()
    try:
        tables = taxonomy.tables
    except MappingError as error:
        assert 1 <= len(error.problems) <= 101
        assert all(isinstance(p, str) and len(p) < 2_000 for p in error.problems)
    else:
        assert tables.classes
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - began < 10
    assert peak < 64 * 1024 * 1024
    assert not (folder / "FUZZ_RAN").exists() and not Path("FUZZ_RAN").exists()


# --- the header's fields are reported where their values are ----------------------------------


def test_a_header_fields_problem_is_reported_at_its_value_and_says_what_is_valid(tmp_path: Path) -> None:
    root = write(tmp_path, "taxonomy: t\nroot: Missing\nclasses:\n  Base: {}\n  Child: {parent: Base}\n")
    [problem] = load_error(root).problems
    assert (where(root, "Missing"), "root") == parts(problem)[:2]
    assert "unknown class 'Missing'; expected one of its classes (Base, Child)" == parts(problem)[2]
    extends = write(tmp_path, "taxonomy: t\nextends: not_a_module.anywhere\nclasses:\n  A: {}\n", "ext.yaml")
    [problem] = load_error(extends).problems
    assert (where(extends, "not_a_module"), "extends") == parts(problem)[:2]
    assert "expected an importable generated module, such as 'awserrors.taxonomies.ec2_client'" in problem
    first = write(tmp_path, "taxonomy: t\nservice: ec2\nclasses:\n  A: {}\n", "first.yaml")
    disagrees = write(tmp_path, "taxonomy: t\nservice: s3\nclasses:\n  B: {}\n", "other.yaml")
    [problem] = load_error(first, disagrees).problems
    assert (where(disagrees, "s3"), "service") == parts(problem)[:2]
    assert f"'s3' disagrees with 'ec2' ({where(first, 'ec2')})" == parts(problem)[2]


def test_a_taxonomy_name_of_the_wrong_type_is_one_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "taxonomy: 5\nclasses:\n  A: {}\n")
    [problem] = load_error(path).problems
    assert (where(path, "5"), "taxonomy", "expected a string, got 5") == parts(problem)


def test_a_service_rows_problem_names_the_row_under_services(tmp_path: Path) -> None:
    path = write(tmp_path, "taxonomy: t\nservices:\n  dynamodb:\n    Foo: {}\nclasses:\n  A: {}\n")
    [problem] = load_error(path).problems
    assert (where(path, "Foo"), "services.dynamodb.Foo") == parts(problem)[:2]


def test_a_problem_quotes_a_long_value_by_its_start_and_length(tmp_path: Path) -> None:
    """100 classes naming a parent of 200,000 characters: 100 problems of a line each, not 20 MB."""
    long = "P" * 200_000
    path = write(
        tmp_path, "taxonomy: t\nclasses:\n" + "".join(f"  C{i}: {{parent: {long}{i}}}\n" for i in range(100))
    )
    error = load_error(path)
    assert 100 == len(error.problems)
    assert max(len(p) for p in error.problems) < 400
    location, key, message = parts(error.problems[0])
    assert (where(path, "C0"), "classes.C0.parent") == (location, key)
    assert message.startswith("unknown parent 'PPPP") and "... (200,001 characters)'; expected" in message


def test_an_operation_name_longer_than_any_awss_is_a_problem_found_at_once(tmp_path: Path) -> None:
    """botocore takes seconds to snake_case a name of 100,000 characters: refused, quickly."""
    long = "Get" + "X" * 100_000
    path = write(
        tmp_path,
        # (An implicit YAML key has 1,024 characters at most: this one is explicit, "? ".)
        f"taxonomy: t\nclasses:\n  A:\n    operations: [{long}]\n    operation_statuses:\n      ? {long}\n"
        f"      : 404\n    codes:\n      - Boom: {{operations: [{long}]}}\n",
    )
    error = load_error(path)
    keys = [parts(p)[1] for p in error.problems]
    assert ["classes.A.operations", "classes.A.codes[0].Boom.operations"] == keys[::2]
    assert keys[1].startswith("classes.A.operation_statuses.GetXXX") and keys[1].endswith(" characters)")
    assert all(
        "an operation name of 100,003 characters; expected an AWS operation name" in p for p in error.problems
    )


def test_a_load_that_fails_claims_no_module_name(tmp_path: Path) -> None:
    """The YAML fixed and loaded again in the same process gets the module a fresh process
    gives it (its classes' __module__ does not depend on the process's history)."""
    path = write(tmp_path, "taxonomy: t\nclasses:\n  Base: {retriable: true}\n", "claims_no_name.yaml")
    load_error(path)
    path.write_text("taxonomy: t\nclasses:\n  Base: {retryable: true}\n", encoding="utf-8")
    taxonomy = awserrors.load(path)
    assert "awserrors.loaded.claims_no_name" == taxonomy.module_name == taxonomy.Base.__module__


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "taxonomy: t\ndescription: 2001-12-14\nclasses:\n  A: {}\n",
            "a date is not allowed here; quote it for text: '2001-12-14'",
        ),
        ("taxonomy: t\nclasses:\n", "expected a mapping, got nothing (an empty value)"),
        (
            "taxonomy: t\nclasses:\n  A:\n    retryable: true\n    on: x\n",
            "keys must be strings, got True; quote it: 'on'",
        ),
    ],
    ids=["unquoted date", "empty classes", "on as a key"],
)
def test_what_yaml_reads_on_its_own_is_named_so_with_the_fix(text: str, message: str, tmp_path: Path) -> None:
    path = write(tmp_path, text)
    [problem] = load_error(path).problems
    assert message == parts(problem)[2]
