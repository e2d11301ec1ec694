"""Rows to classes: the compact form of a taxonomy with thousands of error codes.

An ``errors`` row is one error of one service (or, in a file without a
service, a code any service may send).  Each distinct wire code becomes one
class in the ``codes`` namespace, under the category the first matching
``category_rules`` item picks; each row with a service becomes a subclass of
that code's class in the ``services.<service>`` namespace.  ``retry_rules`` set
the retryable and throttling flags.  The result is ordinary class records, so
everything downstream (checks, tables, lookups, classes) is shared with
hand-written classes.
"""

from __future__ import annotations

from collections import Counter

import attrs

from awserrors._rules import CODES, Placed, code_class_name, code_flags, place, qualified, service_namespace
from awserrors._spec import ClassEntry, CodeEntry, ErrorRow, MappingFile, Problem


def expand_rows(files: list[MappingFile], problems: list[Problem]) -> list[ClassEntry]:
    """The class records the ``errors`` rows of ``files`` stand for."""
    # Rows of the same service and name overlay each other in file order: a curated
    # file listed after a generated one changes only the fields it sets.
    merged: dict[tuple[str | None, str], ErrorRow] = {}
    for mapping in files:
        for row in mapping.errors:
            key = (row.service, row.name)
            if key in merged:
                changes = {
                    field: value
                    for field, value in attrs.asdict(row, recurse=False).items()
                    if value is not None and field not in ("name", "where", "service", "key")
                }
                row = attrs.evolve(merged[key], **changes)
            merged[key] = row
    rows = list(merged.values())
    if not rows:
        return []
    category_rules = [rule for mapping in files for rule in mapping.category_rules]
    retry_rules = [rule for mapping in files for rule in mapping.retry_rules]
    for rule in category_rules:
        if rule.category is None:
            problems.append(Problem(rule.where, "category_rules", "missing 'category': the class it picks"))

    by_code: dict[str, list[tuple[ErrorRow, Placed]]] = {}
    for row in rows:
        where_to = place(row, category_rules, retry_rules)
        if where_to is None:
            problems.append(
                Problem(
                    row.where,
                    row.key or f"errors.{row.name}",
                    "no category rule matches; add a last rule with only a 'category' to catch everything",
                )
            )
            continue
        by_code.setdefault(row.wire_code, []).append((row, where_to))

    wire_codes_of: dict[str | None, set[str]] = {}
    for row in rows:
        wire_codes_of.setdefault(row.service, set()).add(row.wire_code)

    entries: list[ClassEntry] = []
    for code, group in by_code.items():
        name = code_class_name(code)
        # The code's category: the one most of its rows get by the code's own flags.
        category = Counter(placed.code_category for _, placed in group).most_common(1)[0][0]
        statuses = Counter(row.http_status for row, _ in group if row.http_status is not None)
        first = group[0][0]
        code_flag = code_flags(code, retry_rules)
        codes = [CodeEntry(code, first.where)]
        codes += [
            CodeEntry(legacy, first.where)
            for legacy in dict.fromkeys(row.legacy_code for row, _ in group if row.legacy_code)
            if legacy != code and legacy not in by_code
        ]
        entries.append(
            ClassEntry(
                qualified(CODES, name),
                first.where,
                parents=(category,),
                doc=next((row.doc for row, _ in group if row.doc), None),
                codes=tuple(codes),
                retryable=code_flag[0],
                throttling=code_flag[1],
                default_status=statuses.most_common(1)[0][0] if statuses else None,
                own_status_only=True,
                # A row without a service has no class of its own: its code's class answers.
                operation_statuses=tuple(
                    pair for row, _ in group if row.service is None for pair in row.operation_statuses or ()
                ),
            )
        )
        for row, placed in group:
            if row.service is None:
                continue
            row_codes = [CodeEntry(code, row.where, service=row.service)]
            if row.legacy_code and row.legacy_code not in wire_codes_of[row.service]:
                row_codes.append(CodeEntry(row.legacy_code, row.where, service=row.service))
            # A service whose row lands elsewhere than the code (CloudWatch's 429
            # ConcurrentModificationException is throttling) is under both categories.
            extra = (placed.category,) if placed.category != category else ()
            entries.append(
                ClassEntry(
                    qualified(service_namespace(row.service), row.name),
                    row.where,
                    parents=(qualified(CODES, name), *extra),
                    doc=row.doc,
                    codes=tuple(row_codes),
                    retryable=placed.retryable,
                    throttling=placed.throttling,
                    default_status=row.http_status,
                    own_status_only=True,
                    operation_statuses=row.operation_statuses or (),
                )
            )
    return entries


__all__ = ["expand_rows"]
