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

import keyword
import re
from collections import Counter

import attrs

from awserrors._spec import ClassEntry, CodeEntry, ErrorRow, MappingFile, MatchRule, Problem

CODES = "codes"
SERVICES = "services"


def code_class_name(code: str) -> str:
    """The class name of a wire code: characters a name cannot hold become ``_``.

    ``InvalidInstanceID.NotFound`` -> ``InvalidInstanceID_NotFound``; a code that
    starts with a digit gets an ``E`` in front.  Lookups by the exact code string
    always work whatever the name.
    """
    name = re.sub(r"\W", "_", code, flags=re.ASCII)
    return f"E{name}" if name[:1].isdigit() or keyword.iskeyword(name) else name


def service_module_name(service: str) -> str:
    """The module name of a botocore service: ``-`` as ``_``, keywords get ``_`` (``lambda_``)."""
    name = re.sub(r"\W", "_", service, flags=re.ASCII)
    return f"{name}_" if keyword.iskeyword(name) else name


def service_namespace(service: str) -> str:
    return f"{SERVICES}.{service_module_name(service)}"


def qualified(namespace: str, name: str) -> str:
    """The key a class has in the tables: ``namespace:Name``, or ``Name`` at the top."""
    return f"{namespace}:{name}" if namespace else name


def _matches(rule: MatchRule, row: ErrorRow, retryable: bool, throttling: bool, as_category: bool) -> bool:
    """Whether every condition the rule states holds for the row (no condition: always)."""
    if rule.codes and row.wire_code not in rule.codes and row.legacy_code not in rule.codes:
        return False
    if rule.names and not any(n in row.wire_code or n in row.name for n in rule.names):
        return False
    if rule.http_statuses and row.http_status not in rule.http_statuses:
        return False
    if rule.fault is not None and row.fault != rule.fault:
        return False
    if as_category:  # in category rules, the flags are conditions too
        if rule.retryable is not None and rule.retryable != retryable:
            return False
        if rule.throttling is not None and rule.throttling != throttling:
            return False
    return True


def retry_flags(row: ErrorRow, rules: list[MatchRule]) -> tuple[bool, bool]:
    """(retryable, throttling): the row's own (modeled) flags, or what any matching rule sets."""
    retryable, throttling = bool(row.retryable), bool(row.throttling)
    for rule in rules:
        if _matches(rule, row, retryable, throttling, as_category=False):
            retryable = retryable or bool(rule.retryable)
            throttling = throttling or bool(rule.throttling)
    return retryable, throttling


def category_of(row: ErrorRow, rules: list[MatchRule], retryable: bool, throttling: bool) -> MatchRule | None:
    """The first category rule that matches the row (its own ``category`` wins over all)."""
    if row.category is not None:
        return MatchRule(row.where, category=row.category, doc="set on the row")
    for rule in rules:
        if rule.category is not None and _matches(rule, row, retryable, throttling, as_category=True):
            return rule
    return None


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
                    if value is not None and field not in ("name", "where", "service")
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

    # A code's own flags come from the rules about the code alone (its name); the
    # rows add what one service's model says (a retryable trait, a status).
    code_flags: dict[str, tuple[bool, bool]] = {}
    by_code: dict[str, list[Placed]] = {}
    for row in rows:
        code = row.wire_code
        if code not in code_flags:
            code_flags[code] = retry_flags(ErrorRow(code, row.where), retry_rules)
        retryable, throttling = retry_flags(row, retry_rules)
        picked = category_of(row, category_rules, retryable, throttling)
        for_code = category_of(row, category_rules, *code_flags[code])
        if picked is None or picked.category is None or for_code is None or for_code.category is None:
            problems.append(
                Problem(
                    row.where,
                    f"errors.{row.name}",
                    "no category rule matches; add a last rule with only a 'category' to catch everything",
                )
            )
            continue
        placed = Placed(row, picked.category, for_code.category, retryable, throttling)
        by_code.setdefault(code, []).append(placed)

    wire_codes_of: dict[str | None, set[str]] = {}
    for row in rows:
        wire_codes_of.setdefault(row.service, set()).add(row.wire_code)

    entries: list[ClassEntry] = []
    for code, group in by_code.items():
        name = code_class_name(code)
        # The code's category: the one most of its rows get by the code's own flags.
        category = Counter(placed.code_category for placed in group).most_common(1)[0][0]
        statuses = Counter(p.row.http_status for p in group if p.row.http_status is not None)
        first = group[0].row
        codes = [CodeEntry(code, first.where)]
        codes += [
            CodeEntry(legacy, first.where)
            for legacy in dict.fromkeys(p.row.legacy_code for p in group if p.row.legacy_code)
            if legacy != code and legacy not in by_code
        ]
        entries.append(
            ClassEntry(
                qualified(CODES, name),
                first.where,
                parents=(category,),
                doc=next((p.row.doc for p in group if p.row.doc), None),
                codes=tuple(codes),
                retryable=code_flags[code][0],
                throttling=code_flags[code][1],
                default_status=statuses.most_common(1)[0][0] if statuses else None,
                own_status_only=True,
            )
        )
        for placed in group:
            row = placed.row
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
                )
            )
    return entries


@attrs.frozen
class Placed:
    """A row with its category (by its own flags), its code's category, and its flags."""

    row: ErrorRow
    category: str
    code_category: str
    retryable: bool
    throttling: bool


__all__ = [
    "CODES",
    "SERVICES",
    "code_class_name",
    "expand_rows",
    "qualified",
    "service_module_name",
    "service_namespace",
]
