"""The ``awserrors`` command (also ``python -m awserrors``); see docs/cli.md.

Exit status: 0 when the command did its job, 1 when what it checked failed
(``validate`` found problems, ``coverage --fail-on-gaps`` found gaps, a YAML
does not load), 2 for a usage error (bad arguments, an unknown taxonomy or
service, a module that does not import, a file that cannot be read or written),
3 for an unexpected error (a bug; ``AWSERRORS_TRACEBACK=1`` shows its traceback).
Every error is one line on stderr, never a traceback; :func:`main` is the one
place that turns exceptions into that line.  ``--json`` puts exactly one JSON
document on stdout, ``{"error": ...}`` on an error; messages go to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import difflib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import botocore
from botocore.exceptions import ClientError

from awserrors import _importer
from awserrors._botocore_models import available_services, error_shapes
from awserrors._cache_write import clear_cache, taxonomy_files
from awserrors._errors import MappingError, TaxonomyClientError, category_of
from awserrors._lookup import retry_advice
from awserrors._modules import load, mappings_dir
from awserrors._order import Rule
from awserrors._shipped import SHIPPED as _SHIPPED
from awserrors._stubs import write_stubs
from awserrors._taxonomy import Taxonomy, taxonomy_of

#: The shipped taxonomies ``--taxonomy`` knows by name, and their generated modules.
SHIPPED = {name: shipped.module for name, shipped in _SHIPPED.items()}


class UsageError(Exception):
    """A mistake on the command line: reported in one line, exit status 2 (or ``status``)."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


class _BadArguments(UsageError):
    """What argparse found wrong with the arguments of ``prog`` (``awserrors lookup``)."""

    def __init__(self, prog: str, message: str) -> None:
        super().__init__(f"{message} (see {prog} --help)")
        self.prog = prog


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose complaints :func:`main` reports like every other error."""

    def error(self, message: str) -> NoReturn:
        raise _BadArguments(self.prog, message)


# --- helpers ------------------------------------------------------------------------


def _did_you_mean(given: str, choices: Iterable[str]) -> str:
    close = [repr(c) for c in difflib.get_close_matches(given, list(choices), n=3, cutoff=0.5)]
    if not close:
        return ""
    listed = close[0] if len(close) == 1 else f"{', '.join(close[:-1])} or {close[-1]}"
    return f"; did you mean {listed}?"


def _print_json(document: object) -> None:
    print(json.dumps(document, indent=2))


def _display_path(path: str) -> str:
    """``path`` relative to the working folder when it is below it, else absolute; normalized."""
    absolute = os.path.normpath(os.path.abspath(path))
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive
        relative = os.pardir
    return _shown(absolute if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative)


def _shown(path: str) -> str:
    """``path`` with the bytes of its name that are not UTF-8 as ``\\xff`` (as stderr shows them),
    so that printing it to a strict UTF-8 stdout does not fail."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _not_a_file(path: str | Path) -> str | None:
    """Why ``path`` cannot be read as a YAML file, or None when it is a file."""
    path = Path(path)
    if path.is_file():
        return None
    if path.is_dir():
        return f"{path}: a folder, not a YAML file"
    return f"{path}: not a regular file" if path.exists() else f"{path}: no such file"


def _given(text: str) -> str:
    """argparse type for a name or path: anything but empty."""
    if not text.strip():
        raise argparse.ArgumentTypeError("empty; give a value")
    return text


def _dotted(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _status(text: str) -> int:
    """argparse type for --status: an HTTP status."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an HTTP status; expected 100 to 599") from None
    if not 100 <= value <= 599:
        raise argparse.ArgumentTypeError(f"{value} is not an HTTP status; expected 100 to 599")
    return value


def _taxonomy(spec: str | None) -> Taxonomy:
    """The taxonomy ``--taxonomy`` names: a shipped one's name, a YAML path, or a generated module.

    Raises UsageError for a name that is none of these or a module that does not import,
    MappingError for YAML that does not load.
    """
    spec = spec or "aws"
    path = Path(spec)
    if spec not in SHIPPED and (
        path.suffix in (".yaml", ".yml") or "/" in spec or os.sep in spec or path.exists()
    ):
        problem = _not_a_file(path)
        if problem:
            raise UsageError(problem)
        return load(path)
    if spec in SHIPPED or "." in spec or _importable(spec):  # shipped, or a generated module
        found = _imported_taxonomy(SHIPPED.get(spec, spec))
        found.tables  # noqa: B018 - load now, so a broken YAML surfaces here
        return found
    raise UsageError(
        f"unknown taxonomy {spec!r}{_did_you_mean(spec, SHIPPED)} "
        f"(shipped: {', '.join(SHIPPED)}; or give a YAML file's path or a generated module's name)"
        + _here_hint(spec)
    )


def _imported_taxonomy(name: str) -> Taxonomy:
    """The taxonomy of the generated module ``name``, imported; UsageError saying why when it does
    not import (it is the user's code: whatever it raises is its problem, not awserrors')."""
    import importlib  # only for --taxonomy NAME

    try:
        module = importlib.import_module(name)
    except MappingError:  # a generated module whose YAML does not load
        raise
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if name == missing or name.startswith(f"{missing}."):  # the module itself is missing
            hint = _here_hint(missing) or (
                f"; set PYTHONPATH to the folder that holds it (searched: {', '.join(sys.path[:3])}, ...)"
            )
            raise UsageError(f"unknown taxonomy {name!r}: no module named {missing!r}{hint}") from None
        raise UsageError(
            f"the module {name!r} does not import: {error} (install it into {sys.executable}, "
            "or set PYTHONPATH to the folder that holds it)"
        ) from None
    except (Exception, SystemExit) as error:  # the module raised while it was imported
        raise UsageError(f"the module {name!r} raised {type(error).__name__} on import: {error}") from None
    found = getattr(module, "__awserrors_taxonomy__", None)  # as taxonomy_of reads it
    if not isinstance(found, Taxonomy):
        raise UsageError(
            f"the module {name!r} is not a taxonomy: awserrors.generate_module did not make it "
            f"(give a generated module, a YAML file's path, or one of {', '.join(SHIPPED)})"
        )
    return found


def _here_hint(name: str) -> str:
    """A hint when module ``name``'s package is in the current folder, which is not on the path."""
    top = name.partition(".")[0]
    searched = {os.path.abspath(entry or os.curdir) for entry in sys.path}
    if (os.path.isdir(top) or os.path.isfile(f"{top}.py")) and os.getcwd() not in searched:
        return (
            f"; {top} is in the current folder, which the awserrors command does not search: "
            "run it as PYTHONPATH=. awserrors ... or python -m awserrors ..."
        )
    return ""


def _importable(name: str) -> bool:
    """Whether ``name`` is a top-level module on the path (without importing it)."""
    import importlib.util  # only for --taxonomy NAME

    try:
        return name.isidentifier() and importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _botocore_services() -> list[str]:
    return available_services()


def _taxonomy_services(taxonomy: Taxonomy) -> set[str]:
    services = set(taxonomy.services)
    if taxonomy.service:
        services.add(taxonomy.service)
    return services


def _check_service(service: str, taxonomy: Taxonomy, botocore_services: list[str] | None = None) -> None:
    """UsageError unless the taxonomy or botocore knows ``service``."""
    if service in _taxonomy_services(taxonomy):
        return
    known = botocore_services if botocore_services is not None else _botocore_services()
    if service in known:
        return
    choices = sorted(_taxonomy_services(taxonomy) | set(known))
    raise UsageError(f"unknown service {service!r}{_did_you_mean(service, choices)}")


def _category_name(cls: type) -> str:
    """The nearest class of the MRO in its taxonomy's own module: for the AWS-wide taxonomy
    a category (``ConflictError``); in a taxonomy of hand-written classes, the class itself."""
    return category_of(cls) or ""


def _ancestry(cls: type) -> list[type]:
    """The MRO up to botocore's ClientError, without awserrors' internal base."""
    chain = []
    for klass in cls.__mro__:
        if klass is TaxonomyClientError:
            continue
        chain.append(klass)
        if klass is ClientError:
            break
    return chain


# --- validate -------------------------------------------------------------------------


def _code_count(taxonomy: Taxonomy) -> int:
    return len({m.code for m in taxonomy.mappings() if m.code is not None})


def _validate(args: argparse.Namespace) -> int:
    unreadable = [problem for p in args.paths if (problem := _not_a_file(p))]
    if unreadable:
        raise UsageError("; ".join(unreadable))
    if args.no_import:
        return _validate_without_imports(args)
    try:
        taxonomy = load(*args.paths)
    except MappingError as error:
        count = len(error.problems)
        summary = f"{count} problem{'s' if count != 1 else ''}"
        if args.json:
            _print_json(
                {"ok": False, "error": summary, "files": list(args.paths), "problems": list(error.problems)}
            )
        else:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            print(summary, file=sys.stderr)
        return 1
    classes, codes = len(taxonomy.qualified_names), _code_count(taxonomy)
    extends = taxonomy.extends
    if args.json:
        _print_json(
            {
                "ok": True,
                "files": list(args.paths),
                "taxonomy": taxonomy.name,
                "extends": extends,
                "classes": classes,
                "codes": codes,
            }
        )
    else:
        base = f" (extends {extends})" if extends else ""
        print(f"ok: taxonomy {taxonomy.name!r}{base}: {classes:,} classes, {codes:,} codes")
    return 0


def _validate_without_imports(args: argparse.Namespace) -> int:
    """validate --no-import: every check that imports nothing the files name; those listed."""
    from awserrors._from_yaml import check_without_imports

    reserved = frozenset(n for n in dir(Taxonomy) if not n.startswith("_"))  # as load() reserves
    found = check_without_imports(list(args.paths), reserved=reserved, find_base=taxonomy_of)
    count = len(found.problems)
    summary = f"{count} problem{'s' if count != 1 else ''}"
    if args.json:
        document: dict[str, object] = {"ok": not found.problems, "files": list(args.paths)}
        if found.problems:
            document.update(error=summary, problems=found.problems)
        else:
            document.update(
                taxonomy=found.taxonomy, extends=found.extends, classes=found.classes, codes=found.codes
            )
        _print_json({**document, "not_imported": found.not_imported})
    else:
        for line in found.not_imported:
            print(f"not imported: {line}")
        for problem in found.problems:
            print(problem, file=sys.stderr)
        if found.problems:
            print(summary, file=sys.stderr)
        else:
            base = f" (extends {found.extends})" if found.extends else ""
            print(
                f"ok, nothing imported: taxonomy {found.taxonomy!r}{base}: these files declare "
                f"{found.classes:,} classes, {found.codes:,} codes"
            )
    return 1 if found.problems else 0


# --- lookup ---------------------------------------------------------------------------


def _lookup(args: argparse.Namespace) -> int:
    taxonomy = _taxonomy(args.taxonomy)
    if args.service:
        _check_service(args.service, taxonomy)
    code: str | None = args.code or None
    found = taxonomy.explain(code, service=args.service, operation=args.operation, http_status=args.status)
    cls = found.cls
    suggestions: list[str] = []
    if code and not found.rule.by_code:
        known = {
            m.code
            for m in taxonomy.mappings()
            if m.code is not None and (m.service is None or m.service == args.service)
        }
        suggestions = difflib.get_close_matches(code, sorted(known), n=3, cutoff=0.6)
    retryable, throttling = found.retryable, found.throttling
    meaning, operations = _meaning_and_operations(
        taxonomy, cls, code if found.rule.by_code else None, args.service
    )
    document = {
        "taxonomy": taxonomy.name,
        "code": code,
        "service": args.service,
        "status": args.status,
        "operation": args.operation,
        "class": _dotted(cls),
        "picked_by": found.rule.value,
        "ancestry": [_dotted(k) for k in _ancestry(cls)],
        "category": _category_name(cls),
        "retryable": retryable,
        "throttling": throttling,
        "http_status": found.http_status,
        "file": _display_path(found.file) if found.file is not None else None,
        "line": found.line,
        "did_you_mean": suggestions,
        "meaning": meaning,
        "operations": operations,
        "advice": retry_advice(retryable, throttling),
    }
    if args.json:
        _print_json(document)
        return 0
    declared = f"{document['file']}:{found.line}" if found.file is not None else "-"
    asked = [f"service {args.service}"] if args.service else []
    asked += [f"status {args.status}"] if args.status is not None else []
    asked += [f"operation {args.operation}"] if args.operation else []
    ancestry = document["ancestry"]
    lines = [
        f"code:        {code or '(none)'}" + (f" ({', '.join(asked)})" if asked else ""),
        *([f"meaning:     {meaning}"] if meaning else []),
        f"class:       {document['class']}",
        f"picked by:   {found.rule.label}",
        f"ancestry:    {ancestry[0]}",
        *(f"             -> {k}" for k in ancestry[1:]),
        f"category:    {document['category']}",
        f"retryable:   {retryable}",
        f"throttling:  {throttling}",
        f"http status: {document['http_status'] if document['http_status'] is not None else '-'}",
        f"declared:    {declared}",
        f"advice:      {document['advice']}",
    ]
    if operations is not None:
        shown = ", ".join(operations[:_OPERATIONS_SHOWN]) if operations else "none of its operations"
        more = len(operations) - _OPERATIONS_SHOWN
        lines.append(f"raised by:   {shown}" + (f" and {more} more (--json lists them)" if more > 0 else ""))
    if suggestions:
        lines.append(f"did you mean: {', '.join(suggestions)}")
    print("\n".join(lines))
    return 0


#: Operations ``lookup`` lists before "and N more".
_OPERATIONS_SHOWN = 8


def _meaning_and_operations(
    taxonomy: Taxonomy, cls: type, code: str | None, service: str | None
) -> tuple[str | None, list[str] | None]:
    """What the error means (the first paragraph of its class's docstring: for a service's
    class, the installed botocore model's words) and, for a code the taxonomy maps, with a
    service botocore models, the operations that can fail with the code (else None)."""
    doc = cls.__doc__ or ""
    meaning = " ".join(doc.split("\n\n")[0].split()) or None
    operations = None
    if code and service and service in available_services():
        operations = list(taxonomy.operations_raising(code, service=service))
    return meaning, operations


# --- coverage -------------------------------------------------------------------------


def _coverage(args: argparse.Namespace) -> int:
    taxonomy = _taxonomy(args.taxonomy)
    available = available_services()
    if args.service:
        services = [args.service]
    elif taxonomy.service:
        services = [taxonomy.service]
    else:
        services = sorted(set(available) | set(taxonomy.services))
    if args.service:
        _check_service(args.service, taxonomy, available)
    codes_of: dict[str | None, set[str]] = {}
    for mapped_code in taxonomy.mappings():
        if mapped_code.code is not None:
            codes_of.setdefault(mapped_code.service, set()).add(mapped_code.code)
    reports = []
    for service in services:
        shapes = error_shapes(service) if service in available else ()
        known = {s.name for s in shapes} | {s.modeled_code for s in shapes if s.modeled_code}
        mapped, unmapped = [], []
        for error_shape in shapes:
            found = taxonomy.explain_shape(error_shape)
            entry = {"code": error_shape.code, "shape": error_shape.name, "class": _dotted(found.cls)}
            if found.rule.by_code:
                mapped.append({**entry, "by": found.rule.value})
            else:
                unmapped.append(entry)
        mine = set(codes_of.get(service, ()))
        # A taxonomy of one service (its YAML says `service:`) maps its codes for that service.
        if service == taxonomy.service:
            mine |= codes_of.get(None, set())
        reports.append(
            {
                "service": service,
                "in_botocore": service in available,
                "modeled": len(shapes),
                "mapped": mapped,
                "unmapped": unmapped,
                "documented_not_modeled": sorted(mine - known),
            }
        )
    modeled = sum(r["modeled"] for r in reports)
    gaps = [(r["service"], u) for r in reports for u in r["unmapped"]]
    extras = {r["service"]: r["documented_not_modeled"] for r in reports if r["documented_not_modeled"]}
    if args.json:
        _print_json(
            {
                "taxonomy": taxonomy.name,
                "botocore": botocore.__version__,
                "services": reports,
                "modeled": modeled,
                "mapped": modeled - len(gaps),
                "unmapped": len(gaps),
                "documented_not_modeled": sum(len(v) for v in extras.values()),
            }
        )
    else:
        with_errors = sum(1 for r in reports if r["modeled"])
        if len(services) == 1:
            scope = f"service {services[0]}" + ("" if reports[0]["in_botocore"] else " (not in botocore)")
        else:
            scope = f"{with_errors:,} services with error shapes"
        by_service = sum(1 for r in reports for m in r["mapped"] if m["by"] == "service")
        print(
            f"taxonomy {taxonomy.name!r} against botocore {botocore.__version__}, {scope}: "
            f"{modeled:,} modeled error codes"
        )
        print(
            f"mapped:   {modeled - len(gaps):,} ({by_service:,} by the service's own class, "
            f"{modeled - len(gaps) - by_service:,} by a class for every service)"
        )
        print(f"unmapped: {len(gaps):,}")
        for service, gap in gaps:
            shape = f" (shape {gap['shape']})" if gap["shape"] != gap["code"] else ""
            print(f"  {service} {gap['code']}{shape}: falls back to {gap['class']}")
        total = sum(len(v) for v in extras.values())
        per = ", ".join(f"{s} {len(v):,}" for s, v in extras.items())
        print(f"documented, not modeled: {total:,}" + (f" ({per})" if total and len(services) > 1 else ""))
        if len(services) == 1:
            for codes in extras.values():
                for code in codes:
                    print(f"  {code}")
    return 1 if gaps and args.fail_on_gaps else 0


# --- catalog --------------------------------------------------------------------------

CATALOG_FIELDS = ("code", "service", "class", "category", "http_status", "retryable", "throttling")


def _catalog_rows(taxonomy: Taxonomy, service: str | None) -> list[dict[str, Any]]:
    """One row per mapped code: the service's rows, then the codes for every service."""
    entries = [
        m
        for m in taxonomy.mappings()
        if m.code is not None
        and (m.service == service if m.service is not None and service is not None else True)
        and (m.service is not None or service is None or service == taxonomy.service)
    ]
    entries.sort(
        key=lambda m: (
            m.service is None,
            m.rule is Rule.OPERATION_CODE,
            m.service or "",
            m.code,
            m.operation or "",
        )
    )
    # Build in table order: rows are stored in chunks of one namespace, each decoded once so.
    needed = {m.class_name for m in entries}
    for name in taxonomy.qualified_names:
        if name in needed:
            taxonomy.get_class(name)
    rows = []
    category_of: dict[type, str] = {}
    for m in entries:
        found = taxonomy.explain(m.code, service=m.service, operation=m.operation)
        cls = found.cls
        category = category_of.get(cls)
        if category is None:
            category = category_of[cls] = _category_name(cls)
        rows.append(
            {
                "code": m.code,
                "service": m.service or "*",
                "operation": m.operation,
                "class": _dotted(cls),
                "category": category,
                "http_status": found.http_status,
                "retryable": found.retryable,
                "throttling": found.throttling,
            }
        )
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    return str(value)


def _catalog(args: argparse.Namespace) -> int:
    taxonomy = _taxonomy(args.taxonomy)
    if args.service:
        _check_service(args.service, taxonomy)
    rows = _catalog_rows(taxonomy, args.service)
    if args.json:
        _print_json(rows)
        return 0
    fields = list(CATALOG_FIELDS)
    if any(row["operation"] for row in rows):
        fields.insert(2, "operation")
    table = [[_cell(row[f]) for f in fields] for row in rows]
    out = sys.stdout
    if args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows(table)
    elif args.format == "markdown":
        out.write("| " + " | ".join(fields) + " |\n")
        out.write("|" + " --- |" * len(fields) + "\n")
        for cells in table:
            out.write("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n")
    else:
        table = [[cell or "-" for cell in cells] for cells in table]
        widths = [max([len(f), *(len(cells[i]) for cells in table)]) for i, f in enumerate(fields)]
        for cells in [fields, *table]:
            out.write("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n")
    return 0


# --- stubs ----------------------------------------------------------------------------


def _stubs(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output}: not a folder; --output names the folder to write the stubs below")
    taxonomy = _taxonomy(args.taxonomy)
    written = write_stubs(taxonomy, output)
    count = len(written)
    print(f"wrote {count} stub file{'s' if count != 1 else ''} for taxonomy {taxonomy.name!r}:")
    for path in written:
        print(f"  {_display_path(str(path))}")
    return 0


# --- import-botocore ------------------------------------------------------------------


def _import_botocore(args: argparse.Namespace) -> int:
    shipped = mappings_dir() / "aws" / "botocore.yaml"
    if args.output is None and not args.check and _inside_installed_package(shipped):
        raise UsageError(
            f"the shipped {shipped} belongs to the installed package; "
            "name the file to write with --output (a checkout's mappings/aws/botocore.yaml, or your own)"
        )
    target = Path(args.output) if args.output is not None else shipped
    if args.check:  # what is wrong with the file, before botocore's models are read
        problem = _not_a_file(target)
        if problem and not target.exists():  # it differs from every row: the check fails
            raise UsageError(f"{problem}; run `awserrors import-botocore` to write it", status=1)
        if problem:
            raise UsageError(problem)
        committed = _importer.read_rows(target)
    elif not target.parent.is_dir():
        raise UsageError(f"{target}: no folder {target.parent} to write it in")
    installed = _importer.botocore_rows()
    if args.check:
        lines = _importer.drift(committed, installed)
        for line in lines:
            print(line)
        shapes = sum(len(rows) for rows in installed.values())
        print(
            f"{len(lines)} difference(s) between {target} and botocore {botocore.__version__} "
            f"({len(installed)} services, {shapes} error shapes)",
            file=sys.stderr,
        )
        return 1 if lines else 0
    target.write_text(_importer.render(installed, botocore.__version__), encoding="utf-8")
    shapes = sum(len(rows) for rows in installed.values())
    version, shown = botocore.__version__, _shown(str(target))
    print(f"wrote {shown}: {len(installed)} services, {shapes} error shapes (botocore {version})")
    return 0


def _inside_installed_package(path: Path) -> bool:
    """Whether ``path`` lies in the installed awserrors package (not in a source checkout)."""
    package = Path(__file__).resolve().parent
    return (package / "mappings").is_dir() and package in path.resolve().parents


def _cache(args: argparse.Namespace) -> int:
    if args.all and not args.clear:
        raise UsageError("--all goes with --clear: it deletes every taxonomy's cache files")
    taxonomy = _taxonomy(args.taxonomy)
    paths, module = list(taxonomy.paths), taxonomy.module_name
    if args.clear:
        # An installed package's own folders (the tables its wheel ships) are never touched.
        removed = clear_cache(paths) if args.all else clear_cache(paths, module)
        if args.json:
            _print_json({"taxonomy": taxonomy.name, "removed": removed})
        else:
            print(f"removed {len(removed)} cache file{'s' if len(removed) != 1 else ''}")
            for path in removed:
                print(f"  {_display_path(path)}")
        return 0
    folders: list[dict[str, Any]] = []
    for folder, names in taxonomy_files(paths, module):
        tables = [n for n in names if n.endswith(".marshal")]
        files = []
        for name in tables:
            with contextlib.suppress(OSError):  # deleted meanwhile
                files.append({"name": name, "bytes": os.path.getsize(os.path.join(folder, name))})
        folders.append({"folder": folder, "files": files})
    if args.json:
        _print_json({"taxonomy": taxonomy.name, "folders": folders})
        return 0
    print(f"taxonomy {taxonomy.name!r} reads its tables from, in order:")
    for entry in folders:
        print(f"  {_display_path(str(entry['folder']))}: {len(entry['files'])} file(s)")
        for file in entry["files"]:
            print(f"    {file['name']} ({file['bytes']:,} bytes)")
    if not folders:
        print("  nothing: caching is off (AWSERRORS_NO_CACHE, or AWSERRORS_CACHE_DIR empty)")
    return 0


# --- the parser -----------------------------------------------------------------------

TAXONOMY_HELP = (
    "a shipped taxonomy (aws, devops_agent, ec2_client), a YAML file's path, "
    "or a generated module's name (default: aws)"
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="awserrors",
        description="Error classes for every AWS error code, from YAML mapping tables.",
        epilog="Exit status 0 ok, 1 check failed, 2 usage error, 3 a bug. See docs/cli.md.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check mapping YAML files (loaded together as one taxonomy)",
        description="Load the files as one taxonomy, as awserrors.load does. Prints a one-line "
        "summary and exits 0 when they are valid; prints every problem (file:line:column) to "
        "stderr and exits 1 when not.",
    )
    validate.add_argument("paths", nargs="+", type=_given, metavar="PATH", help="a mapping YAML file")
    validate.add_argument("--json", action="store_true", help="print a JSON object")
    validate.add_argument(
        "--no-import",
        action="store_true",
        help="import no module the files name (parent:, extends:, exceptions:), so that checking "
        "an untrusted file runs none of its code: every other check is made, and the classes "
        "not imported are listed (what derives from them is not checked)",
    )
    validate.set_defaults(run=_validate)

    lookup = commands.add_parser(
        "lookup",
        help="the class an error code maps to, with its ancestry, category, flags and source line",
        description="Show the class exception_class_for picks for CODE, how it was picked, its "
        "ancestry, category, retryable and throttling flags, and the YAML line that declares it.",
    )
    lookup.add_argument(
        "code", metavar="CODE", help="the error code (Error.Code); '' for an error without one"
    )
    lookup.add_argument("--service", type=_given, help="the botocore service name (dynamodb, s3, lambda...)")
    lookup.add_argument("--status", type=_status, metavar="N", help="the HTTP status")
    lookup.add_argument("--operation", type=_given, metavar="O", help="the operation (PutItem or put_item)")
    lookup.add_argument("--taxonomy", type=_given, metavar="T", help=TAXONOMY_HELP)
    lookup.add_argument("--json", action="store_true", help="print a JSON object")
    lookup.set_defaults(run=_lookup)

    coverage = commands.add_parser(
        "coverage",
        help="the error codes of botocore's service models the taxonomy does not map",
        description="Compare the taxonomy with the installed botocore's service models. A modeled "
        "code is mapped when the lookup picks a class by the code itself (the service's row, or a "
        "class for the code in every service); it is unmapped when only a fallback catches it (an "
        "HTTP status, an operation, or the root class). Codes the taxonomy maps for a service that "
        "botocore does not model are listed as 'documented, not modeled' (not an error).",
    )
    coverage.add_argument(
        "--service", type=_given, help="only this service (default: the taxonomy's, or all)"
    )
    coverage.add_argument("--taxonomy", type=_given, metavar="T", help=TAXONOMY_HELP)
    coverage.add_argument("--fail-on-gaps", action="store_true", help="exit 1 when any code is unmapped")
    coverage.add_argument("--json", action="store_true", help="print a JSON object")
    coverage.set_defaults(run=_coverage)

    catalog = commands.add_parser(
        "catalog",
        help="every code the taxonomy maps: class, category, status and flags",
        description="One row per mapped code: each service's rows (service column: the service), "
        "then the codes for every service ('*'). An 'operation' column appears when the taxonomy "
        "maps codes for single operations.",
    )
    catalog.add_argument("--taxonomy", type=_given, metavar="T", help=TAXONOMY_HELP)
    catalog.add_argument("--service", type=_given, help="only this service's rows")
    output = catalog.add_mutually_exclusive_group()
    output.add_argument("--format", choices=("table", "csv", "markdown"), default="table")
    output.add_argument("--json", action="store_true", help="print a JSON array of row objects")
    catalog.set_defaults(run=_catalog)

    stubs = commands.add_parser(
        "stubs",
        help="write type stubs (.pyi) for a taxonomy's generated modules",
        description="Write .pyi stubs for the taxonomy's generated modules, so type checkers and "
        "editors see its classes.",
    )
    stubs.add_argument("--taxonomy", type=_given, metavar="T", help=TAXONOMY_HELP)
    stubs.add_argument(
        "--output", type=_given, metavar="DIR", default="typings", help="the folder (default: typings)"
    )
    stubs.set_defaults(run=_stubs)

    cache = commands.add_parser(
        "cache",
        help="show, or --clear, the compiled tables awserrors keeps for a taxonomy",
        description="List the cache folders the taxonomy's compiled tables are read from, and "
        "its tables there. --clear deletes the taxonomy's cache files (its tables, the stamp that "
        "remembers their key, a build's lock file) from the user cache folder ($AWSERRORS_CACHE_DIR, "
        "else $XDG_CACHE_HOME/awserrors or ~/.cache/awserrors) and the __awserrors_cache__ folder "
        "beside its YAML, and no other taxonomy's; with --all, every cache file in those folders. "
        "An installed package's prebuilt tables are left alone.",
    )
    cache.add_argument("--taxonomy", type=_given, metavar="T", help=TAXONOMY_HELP)
    cache.add_argument("--clear", action="store_true", help="delete the taxonomy's cache files")
    cache.add_argument(
        "--all", action="store_true", help="with --clear: every taxonomy's cache files in those folders"
    )
    cache.add_argument("--json", action="store_true", help="print a JSON object")
    cache.set_defaults(run=_cache)

    importer = commands.add_parser(
        "import-botocore",
        help="write the YAML rows of every error shape the installed botocore models",
        description="Write mappings/aws/botocore.yaml from the installed botocore's service models, "
        "or with --check list what differs (exit 1 on any difference).",
    )
    importer.add_argument(
        "--output",
        type=_given,
        help="the file to write or check (default: the checkout's mappings/aws/botocore.yaml; "
        "required to write when awserrors is installed as a package)",
    )
    importer.add_argument("--check", action="store_true", help="only report drift; exit 1 if any")
    importer.set_defaults(run=_import_botocore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command ``argv`` names; its exit status.  The one place errors become one line."""
    argv = list(sys.argv[1:] if argv is None else argv)
    prog, as_json, args = "awserrors", _wants_json(argv), argparse.Namespace()
    try:
        args, unknown = build_parser().parse_known_args(argv)
        prog, as_json = f"awserrors {args.command}", bool(getattr(args, "json", False))
        if unknown:  # said by the command's parser, as argparse says it by the top one's
            raise _BadArguments(prog, f"unrecognized arguments: {' '.join(unknown)}")
        return int(args.run(args))
    except UsageError as error:  # argparse's complaints (_BadArguments) name their parser
        return _fail(getattr(error, "prog", prog), str(error), error.status, as_json)
    except MappingError as error:  # a YAML that does not load: each problem, then one line
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        if args.command == "import-botocore":  # the file --check reads
            what = args.output or "mappings/aws/botocore.yaml"
        else:
            what = getattr(args, "taxonomy", None) or "aws"  # the other commands name it by --taxonomy
        message = f"{what}: the YAML does not load ({count} problem{'s' if count != 1 else ''})"
        return _fail(prog, message, 1, as_json, problems=list(error.problems))
    except BrokenPipeError:
        # The reader left early (awserrors catalog | head): stop quietly, as the
        # Python documentation recommends, so that exiting does not complain again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 1
    except OSError as error:  # a file or folder that cannot be read or written
        where = f"{error.filename}: " if error.filename else ""
        return _fail(prog, f"{where}{error.strerror or error}", 2, as_json)
    except KeyboardInterrupt:
        return _fail(prog, "interrupted", 130, as_json)
    except Exception as error:  # a bug: one line all the same, the traceback on request
        if os.environ.get("AWSERRORS_TRACEBACK"):
            raise
        return _fail(
            prog,
            f"unexpected {type(error).__name__}: {error} (set AWSERRORS_TRACEBACK=1 to see the traceback)",
            3,
            as_json,
        )


def _wants_json(argv: list[str]) -> bool:
    """Whether ``argv`` asks for --json (argparse takes a prefix such as --js), before it is parsed."""
    options = argv[: argv.index("--")] if "--" in argv else argv
    return any(len(word) >= 3 and "--json".startswith(word) for word in options)


def _fail(prog: str, message: str, status: int, as_json: bool, **more: object) -> int:
    """Say what went wrong in one line on stderr (and as ``{"error": ...}`` with --json)."""
    message = " ".join(message.split())  # one line, whatever the exception said
    if as_json:  # exactly one JSON document on stdout, errors included
        _print_json({"error": message, **more})
    print(f"{prog}: error: {message}", file=sys.stderr)
    return status
