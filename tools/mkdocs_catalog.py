"""mkdocs hook: writes docs/catalog.md, the catalog of every code, before each build.

The page is generated from the installed taxonomy by the same code as
``awserrors catalog --format markdown``, so it can never drift from the YAML.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

HEADER = """# Catalog of every code

Every error code of the AWS-wide taxonomy, per service and then for every
service (`*`), with the class `handle_client_error` gives, its category, HTTP
status and flags. Generated at build time by `awserrors catalog --format
markdown`; use the search box to find a code.

"""


def on_pre_build(config: Any, **kwargs: Any) -> None:
    from awserrors._cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["catalog", "--format", "markdown"])
    if status != 0:
        raise RuntimeError(f"awserrors catalog failed with exit status {status}")
    Path(config["docs_dir"], "catalog.md").write_text(HEADER + out.getvalue(), encoding="utf-8")
