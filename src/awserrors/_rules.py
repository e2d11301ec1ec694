"""Category and retry rules: one implementation for build and run time.

A taxonomy in rows form (``errors:`` / ``services:``, see docs/yaml-reference.md)
places each error by its ``category_rules`` and flags it by its ``retry_rules``.
The same functions place the rows of the YAML when the tables are compiled
(:mod:`awserrors._rows`), an error shape the shipped tables lack when it is met
at run time (:mod:`awserrors._derive`), and an unknown code by its name and HTTP
status.  Rules and rows are read by attribute only, so the loader's ``attrs``
records and the compiled tables' plain records both serve; nothing here imports
attrs or YAML.
"""

from __future__ import annotations

from awserrors._names import (
    CODES,
    SERVICES,
    code_class_name,
    qualified,
    service_module_name,
    service_namespace,
)
from awserrors._typed import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, Protocol

    class RuleLike(Protocol):
        """A category rule or a retry rule: what it matches and what it says."""

        @property
        def category(self) -> str | None: ...
        @property
        def codes(self) -> tuple[str, ...]: ...
        @property
        def names(self) -> tuple[str, ...]: ...
        @property
        def http_statuses(self) -> tuple[int, ...]: ...
        @property
        def fault(self) -> str | None: ...
        @property
        def retryable(self) -> bool | None: ...
        @property
        def throttling(self) -> bool | None: ...

    class RowLike(Protocol):
        """One error of a service (or a code any service may send)."""

        @property
        def name(self) -> str: ...
        @property
        def wire_code(self) -> str: ...
        @property
        def legacy_code(self) -> str | None: ...
        @property
        def http_status(self) -> int | None: ...
        @property
        def fault(self) -> str | None: ...
        @property
        def retryable(self) -> bool | None: ...
        @property
        def throttling(self) -> bool | None: ...
        @property
        def category(self) -> str | None: ...


class MatchRule(Record):
    """A rule as the compiled tables keep it (the loader's record without its location)."""

    category: str | None
    codes: tuple[str, ...]
    names: tuple[str, ...]
    http_statuses: tuple[int, ...]
    fault: str | None
    retryable: bool | None
    throttling: bool | None

    @classmethod
    def of(cls, rule: Any) -> MatchRule:
        """The plain form of any rule-like record."""
        return cls(
            rule.category,
            tuple(rule.codes),
            tuple(rule.names),
            tuple(rule.http_statuses),
            rule.fault,
            rule.retryable,
            rule.throttling,
        )


class Row(Record):
    """An error to place: a row met at run time (a model's shape, or an unknown code)."""

    name: str
    code: str | None = None
    legacy_code: str | None = None
    http_status: int | None = None
    fault: str | None = None
    retryable: bool | None = None
    throttling: bool | None = None
    category: str | None = None

    @property
    def wire_code(self) -> str:
        return self.code or self.name


class Placed(Record):
    """Where a row goes: its category (by its own flags), its code's category, and its flags."""

    category: str
    code_category: str
    retryable: bool
    throttling: bool


def matches(rule: RuleLike, row: RowLike, retryable: bool, throttling: bool, *, as_category: bool) -> bool:
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


def retry_flags(row: RowLike, rules: Iterable[RuleLike]) -> tuple[bool, bool]:
    """(retryable, throttling): the row's own (modeled) flags, or what any matching rule sets."""
    retryable, throttling = bool(row.retryable), bool(row.throttling)
    for rule in rules:
        if matches(rule, row, retryable, throttling, as_category=False):
            retryable = retryable or bool(rule.retryable)
            throttling = throttling or bool(rule.throttling)
    return retryable, throttling


def category_of(
    row: RowLike, rules: Iterable[RuleLike], retryable: bool, throttling: bool, *, catch_all: bool = True
) -> str | None:
    """The category of the first category rule that matches the row (its own ``category`` wins).

    ``catch_all=False`` skips rules that state no condition: for a code nothing is
    known about, "everything else" says nothing.
    """
    if row.category is not None:
        return row.category
    for rule in rules:
        if rule.category is None:
            continue
        if not catch_all and not _conditions(rule):
            continue
        if matches(rule, row, retryable, throttling, as_category=True):
            return rule.category
    return None


def _conditions(rule: RuleLike) -> bool:
    return bool(rule.codes or rule.names or rule.http_statuses or rule.fault) or (
        rule.retryable is not None or rule.throttling is not None
    )


def place(row: RowLike, category_rules: list[Any], retry_rules: list[Any]) -> Placed | None:
    """Where the importer puts a row: None when no category rule matches it.

    The code's own flags come from the rules about the code alone (its name); the
    row adds what one service's model says (a retryable trait, a status).
    """
    retryable, throttling = retry_flags(row, retry_rules)
    code_retryable, code_throttling = code_flags(row.wire_code, retry_rules)
    category = category_of(row, category_rules, retryable, throttling)
    code_category = category_of(row, category_rules, code_retryable, code_throttling)
    if category is None or code_category is None:
        return None
    return Placed(category, code_category, retryable, throttling)


def code_flags(code: str, retry_rules: list[Any]) -> tuple[bool, bool]:
    """The flags of a code by its name alone (what its class in ``codes`` carries)."""
    return retry_flags(Row(code), retry_rules)


# --- names of row classes ------------------------------------------------------------------


__all__ = [
    "CODES",
    "SERVICES",
    "MatchRule",
    "Placed",
    "Row",
    "category_of",
    "code_class_name",
    "code_flags",
    "matches",
    "place",
    "qualified",
    "retry_flags",
    "service_module_name",
    "service_namespace",
]
