"""The docs site's catalog by service: one page per service the installed botocore models.

A service's page lists each error its model lists, once, with its class, category, HTTP
status, retry advice and what the model says it means; then the errors any AWS operation
can meet; then, for each operation (sorted, one heading each, so it has an anchor and the
search finds it), its modeled errors with their classes.  The classes are those
:meth:`Taxonomy.errors_of` gives, by the same lookup.  ``services/index.md`` lists every
service with its figures.

The pages are Markdown whose tables are HTML blocks: about 93,000 rows over 20,000
operations, which Python-Markdown passes through as they are instead of parsing every
cell (that took most of a two-minute site build).  The docs site's hook
(``tools/mkdocs_catalog.py``) hands them to mkdocs as generated files; nothing is written
to the checkout.  The services come from the installed botocore, so the catalog follows
whichever botocore the site is built with.  A service whose model does not load does not
stop the others: its page, and the index, say what went wrong.
"""

from __future__ import annotations

import html

from botocore import xform_name

from awserrors._botocore_models import (
    ErrorShape,
    available_services,
    operation_error_shapes,
    operation_names,
    service_model,
    shape_documentation,
)
from awserrors._errors import category_of
from awserrors._operation_errors import common_shapes
from awserrors._shipped import AWS
from awserrors._taxonomy import Taxonomy, taxonomy_of
from awserrors._typed import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from awserrors._lookup import Lookup

#: Where the pages live in the docs site, relative to ``docs_dir``.
FOLDER = "services"
INDEX = f"{FOLDER}/index.md"
#: The longest meaning a cell shows (the model's first paragraph, cut at a word).
MEANING_LIMIT = 300
#: What the page of a service that failed to load says, before the error (tests look for it).
FAILED = "The catalog could not read this service"
#: The headings of a service page's sections before its operations.
MODELED, COMMON, OPERATIONS = "Errors of this service", "Errors any operation can meet", "Operations"
#: The columns of the tables.
COLUMNS = ("code", "class", "category", "HTTP", "retry")


class ServicePage(Record):
    """One service's page, and the figures the index shows for it."""

    service: str
    #: Its path in the docs site (``services/dynamodb.md``).
    path: str
    markdown: str
    operations: int
    #: Modeled error codes of the service's operations, each once.
    codes: int
    #: Distinct classes those codes get.
    classes: int
    #: What went wrong reading the service (``ExceptionType: message``), or None.
    error: str | None


def pages(taxonomy: Taxonomy | None = None, services: Iterable[str] | None = None) -> dict[str, str]:
    """Every page of the catalog by service: ``{path: markdown}``, the index first.

    ``taxonomy`` defaults to the AWS-wide one, ``services`` to every service the installed
    botocore has a model for.
    """
    if taxonomy is None:
        taxonomy = taxonomy_of(AWS.module)
        assert taxonomy is not None
    specific = operation_rules(taxonomy)
    names = sorted(available_services() if services is None else services)
    made = [service_page(taxonomy, service, specific) for service in names]
    return {INDEX: index_page(made), **{page.path: page.markdown for page in made}}


def operation_rules(taxonomy: Taxonomy) -> frozenset[str]:
    """The operations (snake_case) the taxonomy maps anything for: only for those can an error
    any operation can meet get another class than the page's table of them says."""
    return frozenset(m.operation for m in taxonomy.mappings() if m.operation is not None)


def service_page(taxonomy: Taxonomy, service: str, specific: frozenset[str] | None = None) -> ServicePage:
    """The page of ``service``; one that says what went wrong when its model does not load.

    ``specific``: :func:`operation_rules` of the taxonomy (computed when not given).
    """
    path = f"{FOLDER}/{service}.md"
    try:
        if specific is None:
            specific = operation_rules(taxonomy)
        return _service_page(taxonomy, service, path, specific)
    except Exception as error:  # one odd model must not stop the site: its page says so
        reason = f"{type(error).__name__}: {error}"
        markdown = (
            f"# {escape(service)}\n\n"
            f"{FAILED} from the installed botocore's model: {escape(reason)}\n\n"
            f"[All services](index.md)\n"
        )
        return ServicePage(service, path, markdown, 0, 0, 0, reason)


def _service_page(taxonomy: Taxonomy, service: str, path: str, specific: frozenset[str]) -> ServicePage:
    metadata = service_model(service).get("metadata", {})
    operations = operation_names(service)
    title = metadata.get("serviceFullName") or service
    protocol = metadata.get("protocol") or ", ".join(metadata.get("protocols", ())) or "unknown"
    common = {shape.code: (shape, taxonomy.explain_shape(shape)) for shape in common_shapes(service)}
    # Each modeled error once, by its shape's name.
    listed: dict[str, ErrorShape] = {}
    sections: list[str] = []
    for operation in operations:
        modeled = operation_error_shapes(service, operation)
        rows = []
        for shape in modeled:
            found = taxonomy.explain_shape(shape, operation=operation)
            listed.setdefault(shape.name, shape)
            rows.append(_row(shape, found, link=True))
        if xform_name(operation) in specific:  # an error any operation can meet may differ here
            seen = {shape.code for shape in modeled}
            for code, (shape, everywhere) in common.items():
                found = taxonomy.explain_shape(shape, operation=operation)
                if code not in seen and found.cls is not everywhere.cls:
                    rows.append(_row(shape, found))
        sections += [f"### {escape(operation)}", "", f"`{xform_name(operation)}()`", ""]
        if rows:
            sections += [_table(COLUMNS, rows), ""]
        else:
            sections += ["No modeled errors: only the errors any operation can meet.", ""]
    lines = [
        f"# {escape(service)}: {escape(str(title))}",
        "",
        f"{len(operations)} operations; protocol {escape(str(protocol))}. [All services](index.md)",
        "",
        "The errors of this service's operations, each with the class "
        "`handle_client_error(error, service=...)` gives it, as "
        f'`awserrors.errors_of("{service}", operation)` lists them: first each error its model '
        "lists, once, with what the model says it means; then the errors any AWS operation can "
        "meet; then each operation's own errors.",
        "",
        f"## {MODELED}",
        "",
    ]
    classes: set[type] = set()
    if listed:
        rows = []
        for shape in sorted(listed.values(), key=lambda shape: (shape.code, shape.name)):
            # The class for any operation: an operation's table says where another one differs.
            found = taxonomy.explain_shape(shape)
            classes.add(found.cls)
            meaning = shape_documentation(service, shape.name, MEANING_LIMIT) or ""
            rows.append(_row(shape, found, meaning, anchor=True))
        lines += [_table((*COLUMNS, "meaning"), rows), ""]
    else:
        lines += ["Its model lists none.", ""]
    lines += [f"## {COMMON}", "", _table(COLUMNS, [_row(s, f) for s, f in common.values()]), ""]
    lines += [f"## {OPERATIONS}", "", *sections]
    return ServicePage(service, path, "\n".join(lines), len(operations), len(listed), len(classes), None)


def index_page(made: Iterable[ServicePage]) -> str:
    """The index of the catalog by service: every service, linked, with its figures."""
    made = list(made)
    failed = [page for page in made if page.error is not None]
    lines = [
        "# Catalog by service",
        "",
        f"Every service the installed botocore models ({len(made)}), one page each: each error "
        "its model lists with the class awserrors gives it, its category, HTTP status, retry "
        "advice and what the model says it means; the errors any AWS operation can meet; and "
        "each operation's errors. Generated at build time from the installed botocore; use the "
        "search box to find an operation or a code. For every code the taxonomy maps, see the "
        "[catalog of every code](../catalog.md).",
        "",
    ]
    if failed:
        names = ", ".join(f"[{escape(p.service)}]({p.service}.md)" for p in failed)
        lines += [f"{FAILED} for {len(failed)} services: {names}.", ""]
    lines += ["| service | operations | error codes | classes |", "| --- | ---: | ---: | ---: |"]
    for page in made:
        link = f"[{escape(page.service)}]({page.service}.md)"
        if page.error is not None:
            lines.append(f"| {link} (not read) | | | |")
        else:
            lines.append(f"| {link} | {page.operations} | {page.codes} | {page.classes} |")
    return "\n".join(lines) + "\n"


# --- Markdown and HTML ------------------------------------------------------------------------

#: Characters Markdown reads as syntax in running text (``|`` in a table).
_BACKSLASHED = frozenset("\\`*_[]|{}#!")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape(text: str) -> str:
    """``text`` as Markdown shows it: no markup, no HTML, no table cell break, one line."""
    out = []
    for char in " ".join(text.split()):
        if char in _BACKSLASHED:
            out.append("\\" + char)
        else:
            out.append(_ENTITIES.get(char, char))
    return "".join(out)


def _text(text: str) -> str:
    """``text`` in HTML: Markdown leaves an HTML block as it is, so only HTML is escaped."""
    return html.escape(" ".join(text.split()))


def _table(columns: tuple[str, ...], rows: list[str]) -> str:
    """An HTML table, as a Markdown HTML block (no blank line inside: that would end it)."""
    head = "".join(f"<th>{column}</th>" for column in columns)
    return "\n".join(["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table>"])


def _row(shape: ErrorShape, found: Lookup, *meaning: str, anchor: bool = False, link: bool = False) -> str:
    """A row: code, class, category, HTTP status, retry advice (and meaning).  ``anchor``: the
    row is the error's entry in the table of the service's errors; ``link``: its code links there."""
    code = _text(shape.code)
    if link:
        code = f'<a href="#{_anchor(shape)}">{code}</a>'
    if shape.legacy_code:
        code += f" (Query code {_text(shape.legacy_code)})"
    if shape.name not in (shape.code, shape.legacy_code):
        code += f" (shape {_text(shape.name)})"
    cells = [
        code,
        _text(f"{found.cls.__module__}.{found.cls.__qualname__}"),
        _text(category_of(found.cls) or ""),
        "" if found.http_status is None else str(found.http_status),
        "back off, retry" if found.throttling else "retry" if found.retryable else "no",
        *(_text(text) for text in meaning),
    ]
    row = f'<tr id="{_anchor(shape)}">' if anchor else "<tr>"
    return row + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _anchor(shape: ErrorShape) -> str:
    return html.escape("error-" + "".join(shape.name.split()), quote=True)


__all__ = [
    "COLUMNS",
    "COMMON",
    "FAILED",
    "FOLDER",
    "INDEX",
    "MODELED",
    "OPERATIONS",
    "ServicePage",
    "escape",
    "index_page",
    "operation_rules",
    "pages",
    "service_page",
]
