"""mkdocs hook: the catalogs, generated from the installed taxonomy and botocore at each build.

- ``docs/catalog.md``, the catalog of every code, written before each build by the same
  code as ``awserrors catalog --format markdown`` (so it never drifts from the YAML);
- ``services/index.md`` and one ``services/<service>.md`` per service the installed
  botocore models (``awserrors._catalog_pages``): each operation's modeled errors with
  their classes and categories.  They are handed to mkdocs as generated files: nothing is
  written to the checkout.

Those service pages hold about 93,000 table rows, as HTML blocks.  Python-Markdown and
mkdocs would parse every tag of them twice more only to pass them through unchanged, which
made the site build take two minutes: so each table is set aside before the Markdown is
rendered (an HTML comment holds its place) and put back in the rendered page, which is then
exactly what Python-Markdown would have made of it.  And the search index, which holds each
page's whole text beside the text of each of its sections, keeps a service page's text once,
in its sections.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import time
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

HEADER = """# Catalog of every code

Every error code of the AWS-wide taxonomy, per service and then for every
service (`*`), with the class `handle_client_error` gives, its category, HTTP
status and flags. Generated at build time by `awserrors catalog --format
markdown`; use the search box to find a code. For each service's operations and
the errors each can raise, see the [catalog by service](services/index.md).

"""

log = logging.getLogger("mkdocs.hooks.catalog")

#: A table of a service page: from a line "<table>" to a line "</table>" (rows have no blank line).
TABLE = re.compile(r"^<table>\n.*?\n</table>$", re.MULTILINE | re.DOTALL)
PLACE = "<!-- awserrors table {} -->"

#: The tables set aside, by the page's source path, until its Markdown is rendered.
_tables: dict[str, list[str]] = {}
#: The URLs of the service pages, for the search index.
_service_urls: set[str] = set()


def on_pre_build(config: Any, **kwargs: Any) -> None:
    from awserrors._cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["catalog", "--format", "markdown"])
    if status != 0:
        raise RuntimeError(f"awserrors catalog failed with exit status {status}")
    Path(config["docs_dir"], "catalog.md").write_text(HEADER + out.getvalue(), encoding="utf-8")


def on_files(files: Any, config: Any, **kwargs: Any) -> Any:
    from mkdocs.structure.files import File

    from awserrors import _catalog_pages

    started = time.perf_counter()
    made = _catalog_pages.pages()
    _service_urls.clear()
    for path, markdown in made.items():
        file = File.generated(config, path, content=markdown)
        files.append(file)
        if path != _catalog_pages.INDEX:
            _service_urls.add(file.url)
            if _catalog_pages.FAILED in markdown:  # not a warning: under --strict it stops the site
                log.info("%s: %s", path, markdown.splitlines()[2])
    log.info("catalog by service: %d pages in %.1f s", len(made), time.perf_counter() - started)
    return files


def _is_service_page(page: Any) -> bool:
    return bool(page.file.generated_by) and page.file.src_uri.startswith("services/")


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if not _is_service_page(page):
        return markdown
    tables: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        tables.append(match.group(0))
        return PLACE.format(len(tables) - 1)

    markdown = TABLE.sub(set_aside, markdown)
    _tables[page.file.src_uri] = tables
    return markdown


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    tables = _tables.pop(page.file.src_uri, None)
    if tables is None:
        return html
    parts = re.split(r"<!-- awserrors table (\d+) -->", html)
    if len(parts) != 2 * len(tables) + 1 or parts[1::2] != [str(i) for i in range(len(tables))]:
        raise RuntimeError(f"{page.file.src_uri}: the rendered page lost the place of a table")
    parts[1::2] = tables
    return "".join(parts)


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config: Any, **kwargs: Any) -> None:
    path = Path(config["site_dir"], "search", "search_index.json")
    if not path.is_file() or not _service_urls:
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index["docs"]:
        if entry["location"] in _service_urls:  # the whole page: its sections have its text
            entry["text"] = ""
    path.write_text(json.dumps(index, sort_keys=True, separators=(",", ":")), encoding="utf-8")
