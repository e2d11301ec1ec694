"""From a checked taxonomy to its compiled :class:`~awserrors._tables.Tables`.

Runs only when the tables are not cached: it flattens the loader's records into
the plain, typed tables every lookup reads, working out what each class inherits
(its flags, message and status) as Python's attribute lookup would.
"""

from __future__ import annotations

from typing import Any

from botocore import xform_name

from awserrors._rules import MatchRule
from awserrors._spec import TaxonomySpec
from awserrors._tables import (
    FORMAT,
    ClassRow,
    CodeInfo,
    Tables,
    class_path,
    class_row,
    import_object,
    pack_rows,
    python_facts,
)

#: The attribute a generated class carries for each inherited row field.
_ATTRIBUTE_OF = {
    "retryable": "retryable",
    "throttling": "throttling",
    "message": "_awserrors_message",
    "status": "default_status",
}


def compile_spec(spec: TaxonomySpec, *, module: str, key: str, base: Tables | None = None) -> Tables:
    """Flatten a validated taxonomy into its tables.

    ``module`` is where its classes live, ``key`` the cache key of its YAML, and
    ``base`` the tables of the taxonomy it extends: their classes, owned by the
    base's module, and their lookups come first, this taxonomy's overlay them.
    """
    sources = (*(base.sources if base else ()), *spec.files)
    rows: dict[str, ClassRow] = {}
    codes: dict[str, str] = dict(base.codes) if base else {}
    code_operations = {c: dict(ops) for c, ops in base.code_operations.items()} if base else {}
    service_codes = {s: dict(c) for s, c in base.service_codes.items()} if base else {}
    operations = dict(base.operations) if base else {}
    operation_statuses = {o: dict(s) for o, s in base.operation_statuses.items()} if base else {}
    statuses = dict(base.statuses) if base else {}
    exceptions = dict(base.exceptions) if base else {}
    aliases = dict(base.aliases) if base else {}
    code_flags = dict(base.code_flags) if base else {}
    code_info = dict(base.code_info) if base else {}
    if base is not None:
        for name in base.classes:
            row = class_row(base, name)
            rows[name] = row._replace(home=row.home or base.module)

    def inherited(name: str, declared: Any, field: str) -> Any:
        """``declared``, else what the class gets from its first base, as Python would find it.

        Every generated class carries these attributes itself, so attribute lookup
        stops at the first base in the MRO.
        """
        if declared is not None:
            return declared
        mro = spec.mros.get(name, ())
        if len(mro) < 2:
            return None
        first = mro[1]
        if first in rows:
            return getattr(rows[first], field)
        value = getattr(import_object(first), _ATTRIBUTE_OF[field], None)
        return None if isinstance(value, property) else value

    source_index = {path: i for i, path in enumerate(sources)}

    # Parents before children: a class's MRO is longer than any of its bases'.
    for entry in sorted(spec.classes, key=lambda e: len(spec.mros.get(e.name, ()))):
        name = entry.name
        if not (name in rows and rows[name].home):  # else reopened: the extended taxonomy owns it
            own_code = entry.codes[0] if entry.codes else None
            status = (
                entry.default_status
                or (own_code.http_status if own_code else None)
                or (entry.http_statuses[0] if entry.http_statuses else None)
            )
            rows[name] = ClassRow(
                bases=tuple(spec.bases[name]),
                # Classes made from rows get their docstring when built (see awserrors._classes).
                doc=entry.doc
                or (None if entry.namespace else f"{name}: an error of the {spec.name} taxonomy."),
                retryable=bool(inherited(name, entry.retryable, "retryable")),
                throttling=bool(inherited(name, entry.throttling, "throttling")),
                message=inherited(name, entry.message, "message"),
                code=own_code.code if own_code else entry.short_name,
                status=status if entry.own_status_only else inherited(name, status, "status"),
                kind=spec.kinds[name],
                file=source_index[entry.where.file],
                line=entry.where.line,
                home=None,
                namespace=entry.namespace,
            )
        for code in entry.codes:
            if code.service is not None:
                service_codes.setdefault(code.service, {})[code.code] = name
                continue
            if code.operations:
                for op in code.operations:
                    code_operations.setdefault(code.code, {})[xform_name(op)] = name
            else:
                codes[code.code] = name
            if code.retryable is not None or code.throttling is not None:
                code_flags[code.code] = (code.retryable, code.throttling)
            if code.http_status is not None or code.doc is not None:
                code_info[code.code] = CodeInfo(
                    code.http_status, code.doc, source_index[code.where.file], code.where.line
                )
        for status_code in entry.http_statuses:
            statuses[status_code] = name
        for op in entry.operations:
            operations[xform_name(op)] = name
        for op, status_code in entry.operation_statuses:
            operation_statuses.setdefault(xform_name(op), {})[status_code] = name
        for path in entry.exceptions:
            exceptions[class_path(import_object(path))] = name
        for alias in entry.aliases:
            aliases[alias] = name
    return Tables(
        format=FORMAT,
        key=key,
        name=spec.name,
        description=spec.description or (base.description if base else ""),
        service=spec.service if spec.service is not None or base is None else base.service,
        root=spec.root,
        module=module,
        extends=base.module if base is not None else None,
        extends_key=base.key if base is not None else None,
        files=tuple(spec.files),
        sources=sources,
        classes=pack_rows(rows),
        codes=codes,
        code_operations=code_operations,
        service_codes=service_codes,
        operations=operations,
        operation_statuses=operation_statuses,
        statuses=statuses,
        exceptions=exceptions,
        aliases=aliases,
        code_flags=code_flags,
        code_info=code_info,
        retry_statuses=dict(spec.retry_statuses),
        category_rules=(
            *(base.category_rules if base else ()),
            *(tuple(MatchRule.of(r)) for r in spec.category_rules),
        ),
        retry_rules=(
            *(base.retry_rules if base else ()),
            *(tuple(MatchRule.of(r)) for r in spec.retry_rules),
        ),
        derive_from_botocore=spec.derive_from_botocore
        or bool(base is not None and base.derive_from_botocore),
        python_classes={
            path: python_facts(path)
            for path in sorted(
                {
                    b
                    for row in rows.values()
                    for b in row.bases
                    if b not in rows and (base is None or b not in base.classes)  # importable ones
                }
            )
        },
    )


__all__ = ["compile_spec"]
