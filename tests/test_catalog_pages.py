"""The docs site's catalog by service (awserrors._catalog_pages, tools/mkdocs_catalog.py): one page
per botocore service, each operation's modeled errors with the classes awserrors.errors_of gives
and their categories (issue 15).  The pages are read back as a reader's browser would: their
Markdown rendered, their tables parsed; what they say is checked against botocore's own
service models and the public API."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import types
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore import xform_name

import awserrors
import botocore_checks
from awserrors import _botocore_models, _catalog_pages
from awserrors.testing._mapping import default_services

markdown = pytest.importorskip("markdown")

ROOT = Path(__file__).resolve().parents[1]
#: One service of every wire protocol (the testing kit's), plus the ones the docs talk about.
SAMPLE = sorted({*default_services(), "dynamodb", "s3", "sqs", "lambda", "ec2"})


@pytest.fixture(scope="module")
def session() -> botocore.session.Session:
    return botocore_checks.session()  # the tests' one session: models are read once


@pytest.fixture(scope="module")
def aws() -> awserrors.Taxonomy:
    return awserrors.aws


def dotted(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def category(cls: type) -> str:
    """The nearest class of the MRO that lives in the taxonomy's own module (``awserrors``)."""
    return next(klass.__qualname__ for klass in cls.__mro__ if klass.__module__ == "awserrors")


# --- reading a page back ----------------------------------------------------------------------


class Row:
    def __init__(self, id: str | None) -> None:
        self.id = id
        self.cells: list[str] = []
        self.links: list[str] = []

    @property
    def shape(self) -> str:
        """The error shape a row's code cell names: ``Code``, ``Code (Query code Q)`` (the
        code is the shape's name) or ``Code (shape Name)``."""
        found = re.search(r"\(shape (\S+)\)", self.cells[0])
        return found.group(1) if found else self.cells[0].split(" ")[0]

    @property
    def code(self) -> str:
        return self.cells[0].split(" ")[0]


class Tables(HTMLParser):
    """The rows of the HTML tables of a rendered page, by the heading above them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.heading: str | None = None
        self.in_heading = False
        self.sections: dict[str, list[Row]] = {}
        self.headings: list[str] = []
        self.row: Row | None = None
        self.cell: list[str] | None = None
        self.header = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            self.in_heading, self.heading = True, ""
        elif tag == "thead":
            self.header = True
        elif tag == "tr" and not self.header:
            self.row = Row(dict(attrs).get("id"))
        elif tag == "td" and self.row is not None:
            self.cell = []
        elif tag == "a" and self.row is not None:
            self.row.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3"):
            self.in_heading = False
            assert self.heading is not None
            self.heading = self.heading.rstrip("¶")
            self.headings.append(self.heading)
            self.sections.setdefault(self.heading, [])
        elif tag == "thead":
            self.header = False
        elif tag == "td" and self.row is not None and self.cell is not None:
            self.row.cells.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            assert self.heading is not None, "a table before any heading"
            self.sections[self.heading].append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.in_heading:
            self.heading = (self.heading or "") + data
        elif self.cell is not None:
            self.cell.append(data)


def render(text: str) -> str:
    return markdown.markdown(
        text, extensions=["toc", "tables", "fenced_code"], extension_configs={"toc": {"permalink": True}}
    )


def read(text: str) -> Tables:
    tables = Tables()
    tables.feed(render(text))
    tables.close()
    return tables


@pytest.fixture(scope="module")
def sample_pages(aws: awserrors.Taxonomy) -> dict[str, Tables]:
    return {service: read(_catalog_pages.service_page(aws, service).markdown) for service in SAMPLE}


# --- what the pages say -----------------------------------------------------------------------


def test_the_sample_covers_every_protocol(session: botocore.session.Session) -> None:
    protocols = {session.get_service_model(service).protocol for service in SAMPLE}
    assert {"json", "query", "rest-json", "rest-xml", "ec2"} <= protocols


@pytest.mark.parametrize("service", SAMPLE)
def test_each_operation_has_a_section_in_order(
    service: str, sample_pages: dict[str, Tables], session: botocore.session.Session
) -> None:
    page = sample_pages[service]
    operations = list(session.get_service_model(service).operation_names)
    assert page.headings == [
        _catalog_pages.MODELED,
        _catalog_pages.COMMON,
        _catalog_pages.OPERATIONS,
        *sorted(operations),
    ]


@pytest.mark.parametrize("service", SAMPLE)
def test_each_operation_lists_its_modeled_errors_with_the_classes_errors_of_gives(
    service: str, sample_pages: dict[str, Tables], session: botocore.session.Session
) -> None:
    page = sample_pages[service]
    model = session.get_service_model(service)
    common = {row.code: row.cells[1] for row in page.sections[_catalog_pages.COMMON]}
    checked = 0
    for operation in model.operation_names:
        rows = page.sections[operation]
        shapes = model.operation_model(operation).error_shapes
        assert sorted(row.shape for row in rows) == sorted(shape.name for shape in shapes), operation
        classes = awserrors.errors_of(service, operation)
        listed = list(dict.fromkeys(row.cells[1] for row in rows))
        # errors_of: the modeled errors' classes first (each once), then those of the errors
        # any operation can meet; the page lists the latter once, above.
        assert listed == [dotted(cls) for cls in classes[: len(listed)]], operation
        codes = {row.code for row in rows}
        rest = {cells for code, cells in common.items() if code not in codes}
        assert {dotted(cls) for cls in classes} == set(listed) | rest, operation
        by_name = {dotted(cls): cls for cls in classes}
        for row, shape in zip(
            sorted(rows, key=lambda r: r.shape), sorted(shapes, key=lambda s: s.name), strict=True
        ):
            cls = by_name[row.cells[1]]
            assert row.cells[2] == category(cls), (operation, row.cells)
            status = shape.metadata.get("error", {}).get("httpStatusCode")
            if status is not None:
                assert row.cells[3] == str(status), (operation, row.cells)
            if issubclass(cls, awserrors.ThrottlingError):
                assert row.cells[4] == "back off, retry", (operation, row.cells)
            assert row.links == [f"#error-{shape.name}"]  # to its meaning, in the service's table
            checked += 1
    if service != "ec2":  # botocore models no EC2 error
        assert checked > 0


@pytest.mark.parametrize("service", SAMPLE)
def test_the_services_errors_are_listed_once_with_their_meaning(
    service: str, sample_pages: dict[str, Tables], session: botocore.session.Session
) -> None:
    page = sample_pages[service]
    model = session.get_service_model(service)
    used = {shape.name for op in model.operation_names for shape in model.operation_model(op).error_shapes}
    rows = page.sections[_catalog_pages.MODELED]
    assert len(rows) == len({row.shape for row in rows})  # each once
    assert [row.code for row in rows] == sorted(row.code for row in rows)
    assert {row.shape for row in rows} == used
    # The class an error gets for any operation: that of each operation without a rule of its own.
    specific = _catalog_pages.operation_rules(awserrors.aws)
    by_shape = {row.shape: row.cells[1:5] for row in rows}
    for operation in model.operation_names:
        if xform_name(operation) not in specific:
            for row in page.sections[operation]:
                assert row.cells[1:5] == by_shape[row.shape], (operation, row.cells)
    for row in rows:
        assert row.id == f"error-{row.shape}"
        meaning = _botocore_models.shape_documentation(service, row.shape, _catalog_pages.MEANING_LIMIT)
        assert row.cells[5] == (meaning or ""), row.cells


@pytest.mark.parametrize("service", SAMPLE)
def test_the_errors_any_operation_can_meet_are_listed_once(
    service: str, sample_pages: dict[str, Tables], aws: awserrors.Taxonomy
) -> None:
    rows = sample_pages[service].sections[_catalog_pages.COMMON]
    codes = yaml_codes(ROOT / "mappings" / "aws" / "common.yaml")
    assert [row.code for row in rows] == sorted(codes)
    for row in rows:
        cls = aws.exception_class_for(row.code, service=service)
        assert row.cells[1:3] == [dotted(cls), category(cls)], row.cells
    # Each arrives with the status the AWS documentation gives it (common.yaml): a 5xx is
    # retried, on every service (EC2's own InternalFailure class too).
    internal = {row.code: row.cells for row in rows}["InternalFailure"]
    assert internal[3:5] == ["500", "retry"], internal


def yaml_codes(path: Path) -> list[str]:
    import yaml

    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["errors"])


def test_an_operation_rule_shows_in_that_operations_table(tmp_path: Path) -> None:
    """In a taxonomy mapping an error any operation can meet for one operation, or an
    operation's fallback, that operation's table lists the class it gets there."""
    path = tmp_path / "catalog_test.yaml"
    path.write_text(
        """\
taxonomy: catalog_test
root: Base
classes:
  Base:
    doc: Anything.
  Slow:
    parent: Base
    codes:
      - Throttling:
          operations: [PutItem]
  Busy:
    parent: Base
    codes: [Throttling]
  Reading:
    parent: Base
    operations: [GetItem]
""",
        encoding="utf-8",
    )
    taxonomy = awserrors.load(path)
    page = read(_catalog_pages.service_page(taxonomy, "dynamodb").markdown)
    common = {row.code: row.cells[1] for row in page.sections[_catalog_pages.COMMON]}
    assert common["Throttling"].endswith(".Busy")
    extra = [row.cells[:2] for row in page.sections["PutItem"] if not row.links]  # not modeled
    assert extra == [["Throttling", common["Throttling"].replace(".Busy", ".Slow")]]
    get_item = {row.code: row.cells[1] for row in page.sections["GetItem"]}
    assert {get_item[code] for code in common if code != "Throttling"} == {
        common["AccessDeniedException"].replace(".Base", ".Reading")
    }
    for operation in ("PutItem", "GetItem", "Query"):
        rows = page.sections[operation]
        listed = {row.cells[1] for row in rows}
        codes = {row.code for row in rows}
        rest = {cls for code, cls in common.items() if code not in codes}
        assert {dotted(cls) for cls in awserrors.errors_of("dynamodb", operation, taxonomy=taxonomy)} == (
            listed | rest
        ), operation


# --- every service ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def every_page(aws: awserrors.Taxonomy) -> dict[str, str]:
    return _catalog_pages.pages(aws)


def test_every_service_has_a_page_that_reads_its_model(every_page: dict[str, str]) -> None:
    services = _botocore_models.available_services()
    assert list(every_page) == [_catalog_pages.INDEX, *(f"services/{s}.md" for s in services)]
    failed = [path for path, text in every_page.items() if _catalog_pages.FAILED in text]
    assert failed == []


def test_the_index_links_every_service_with_its_figures(
    every_page: dict[str, str], session: botocore.session.Session
) -> None:
    index = every_page[_catalog_pages.INDEX]
    rows = re.findall(r"^\| \[([\w-]+)\]\(([\w-]+)\.md\) \| (\d+) \| (\d+) \| (\d+) \|$", index, re.MULTILINE)
    assert [name for name, *_ in rows] == _botocore_models.available_services()
    assert all(name == target for name, target, *_ in rows)
    figures = {name: (int(a), int(b), int(c)) for name, _, a, b, c in rows}
    for service in ("dynamodb", "sqs", "ec2"):
        model = session.get_service_model(service)
        shapes = {s.name for op in model.operation_names for s in model.operation_model(op).error_shapes}
        classes = {cls for op in model.operation_names for cls in awserrors.errors_of(service, op)}
        assert figures[service][:2] == (len(model.operation_names), len(shapes))
        assert figures[service][2] <= len(classes)
    assert figures["ec2"][1:] == (0, 0)


def test_a_service_whose_model_does_not_load_gets_a_page_saying_so(aws: awserrors.Taxonomy) -> None:
    made = _catalog_pages.pages(aws, ["dynamodb", "no-such-service"])
    page = made["services/no-such-service.md"]
    assert _catalog_pages.FAILED in page
    assert "UnknownServiceError" in page
    index = made[_catalog_pages.INDEX]
    assert f"{_catalog_pages.FAILED} for 1 services: [no-such-service](no-such-service.md)" in index
    assert "| [no-such-service](no-such-service.md) (not read) |" in index
    assert "| [dynamodb](dynamodb.md) | " in index


# --- Markdown and HTML ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a | b",
        "*not emphasis* and _nor this_",
        "`not code`",
        "[not](a link) ![nor](an image)",
        "<script>alert(1)</script> & &amp;",
        "back\\slash \\| and a pipe",
        "# not a heading",
        "{braces} and {: .attr }",
        "  spread\n  over\tlines  ",
    ],
)
def test_escape_shows_the_text_as_it_is(text: str) -> None:
    rendered = render(
        f"| h |\n| --- |\n| {_catalog_pages.escape(text)} |\n\n# {_catalog_pages.escape(text)}\n"
    )
    cells = re.findall(r"<td>(.*?)</td>", rendered)
    assert [html.unescape(cell) for cell in cells] == [" ".join(text.split())]
    assert "<script>" not in rendered
    heading = re.search(r"<h1[^>]*>(.*?)<a class", rendered)
    assert heading is not None
    assert html.unescape(heading.group(1)) == " ".join(text.split())


def test_table_cells_escape_html(aws: awserrors.Taxonomy) -> None:
    """A meaning with markup characters (some models' first paragraphs hold ``>``, ``{``,
    backquotes, ``**``) shows as text in the rendered page."""
    odd = [
        (service, shape.name, text)
        for service in ("connect", "efs", "meteringmarketplace", "rekognition")
        for shape in _botocore_models.error_shapes(service)
        if (text := _botocore_models.shape_documentation(service, shape.name, _catalog_pages.MEANING_LIMIT))
        and any(char in text for char in "<>&`*_|[")
    ]
    assert odd, "no meaning with markup characters in the sample: choose other services"
    for service, name, text in odd[:10]:
        page = read(_catalog_pages.service_page(aws, service).markdown)
        (row,) = [row for row in page.sections[_catalog_pages.MODELED] if row.shape == name]
        assert row.cells[5] == text


# --- the docs site's hook ---------------------------------------------------------------------


def load_hook() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("mkdocs_catalog", ROOT / "tools" / "mkdocs_catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_hook_renders_a_page_as_markdown_does(aws: awserrors.Taxonomy) -> None:
    """The hook sets the tables aside while the Markdown renders, for speed: the page is the same."""
    pytest.importorskip("mkdocs")
    hook = load_hook()
    text = _catalog_pages.service_page(aws, "sqs").markdown
    page: Any = types.SimpleNamespace(
        file=types.SimpleNamespace(src_uri="services/sqs.md", generated_by="hook")
    )
    shortened = hook.on_page_markdown(text, page=page)
    assert shortened.count("<table>") == 0
    assert len(shortened) < len(text) / 3
    assert hook.on_page_content(render(shortened), page=page) == render(text)
    other: Any = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="index.md", generated_by=None))
    assert hook.on_page_markdown(text, page=other) == text


def test_the_hook_keeps_a_service_pages_text_once_in_the_search_index(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    hook = load_hook()
    (tmp_path / "search").mkdir()
    docs = [
        {"location": "services/sqs/", "title": "sqs", "text": "everything"},
        {"location": "services/sqs/#addpermission", "title": "AddPermission", "text": "its errors"},
        {"location": "services/", "title": "Catalog by service", "text": "the index"},
        {"location": "api/", "title": "API", "text": "the api"},
    ]
    index = tmp_path / "search" / "search_index.json"
    index.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    hook._service_urls.clear()
    hook._service_urls.add("services/sqs/")
    hook.on_post_build({"site_dir": str(tmp_path)})
    texts = [entry["text"] for entry in json.loads(index.read_text(encoding="utf-8"))["docs"]]
    assert texts == ["", "its errors", "the index", "the api"]


def test_the_pages_are_not_in_the_checkout() -> None:
    assert not (ROOT / "docs" / _catalog_pages.FOLDER).exists()
    assert f"{_catalog_pages.INDEX}" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
