"""The mapping YAML as validated records: what the loader reads and the checks approve.

The bottom of awserrors' engine: plain ``attrs`` records that know where in which
file each value was written (:class:`Location`), so every later step can point a
problem at its file:line:column.  Reading YAML into these is :mod:`awserrors._yaml`;
rows become classes in :mod:`awserrors._rows`; :mod:`awserrors._check` turns a set
of files into one :class:`TaxonomySpec`.  Nothing here imports YAML.
"""

from __future__ import annotations

import attrs

#: Placeholders a ``message`` template may use.
MESSAGE_FIELDS = ("code", "message", "operation", "status", "service", "request_id")


@attrs.frozen
class Location:
    """Where a value was written: file, line and column (both from 1)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def bounded(text: str) -> str:
    """``text`` with each part longer than :data:`QUOTED_MAX` characters (a quoted value: a
    class name of 200,000 characters, say) shortened to its start and its length, so that a
    problem stays a line a person can read however long the YAML's values are."""
    if len(text) <= QUOTED_MAX:
        return text
    import re  # only for a problem of such a length

    def shorten(found: re.Match[str]) -> str:
        part = found.group(0)
        return f"{part[:60]}... ({len(part):,} characters)"

    return re.sub(rf"[^\s,;()\[\]'\"]{{{QUOTED_MAX},}}", shorten, text)  # quotes are kept


#: The longest part of a problem's key or message quoted as it is.
QUOTED_MAX = 200


@attrs.frozen
class Problem:
    """One thing wrong with a mapping file."""

    where: Location
    key: str = attrs.field(converter=bounded)
    message: str = attrs.field(converter=bounded)

    def __str__(self) -> str:
        return f"{self.where}: {self.key}: {self.message}"


class Problems(list):  # type: ignore[type-arg]
    """The problems found so far: the first :data:`KEPT` are kept, the rest only counted, so
    that a file with millions of mistakes costs no more memory than one with a thousand."""

    KEPT = 1000

    def __init__(self) -> None:
        super().__init__()
        self.dropped = 0

    def append(self, problem: Problem) -> None:
        if len(self) < self.KEPT:
            super().append(problem)
        else:
            self.dropped += 1

    def total(self) -> int:
        """How many problems were found, kept or not."""
        return len(self) + self.dropped


@attrs.frozen
class CodeEntry:
    """One error code a class stands for, with its per-code overrides."""

    code: str
    where: Location
    retryable: bool | None = None
    throttling: bool | None = None
    http_status: int | None = None
    doc: str | None = None
    operations: tuple[str, ...] = ()
    #: Set for codes of a per-service class: the code maps to it only for that service.
    service: str | None = None


@attrs.frozen
class ClassEntry:
    """One class as the YAML declares it (before inheritance is worked out)."""

    name: str
    where: Location
    parents: tuple[str, ...] = ("botocore.exceptions.ClientError",)
    doc: str | None = None
    codes: tuple[CodeEntry, ...] = ()
    http_statuses: tuple[int, ...] = ()
    operations: tuple[str, ...] = ()
    #: (operation, HTTP status) pairs whose unmapped errors get this class.
    operation_statuses: tuple[tuple[str, int], ...] = ()
    exceptions: tuple[str, ...] = ()
    retryable: bool | None = None
    throttling: bool | None = None
    aliases: tuple[str, ...] = ()
    message: str | None = None
    given_keys: frozenset[str] = frozenset()
    #: The HTTP status of message-only instances, when not the first code's or status's.
    default_status: int | None = None
    #: True when ``default_status`` is the class's own and is not inherited when None.
    own_status_only: bool = False

    @property
    def namespace(self) -> str:
        """Where the class lives below the taxonomy's module ('' for the module itself)."""
        return self.name.rpartition(":")[0]

    @property
    def short_name(self) -> str:
        return self.name.rpartition(":")[2]


@attrs.frozen
class ErrorRow:
    """One error of a service (or, without a service, a code any service may send).

    Rows are the compact form of large taxonomies: each becomes a class per code
    (namespace ``codes``) and, with a service, a class per service (namespace
    ``services.<service>``), under the category the rules pick.
    """

    name: str
    where: Location
    service: str | None = None
    code: str | None = None
    legacy_code: str | None = None
    http_status: int | None = None
    fault: str | None = None
    retryable: bool | None = None
    throttling: bool | None = None
    category: str | None = None
    doc: str | None = None
    #: (operation, HTTP status) pairs whose unmapped errors get the row's class (None: not set,
    #: so that a later file's row leaves an earlier one's alone).
    operation_statuses: tuple[tuple[str, int], ...] | None = None
    #: Where the YAML names it: ``errors.<name>`` or ``services.<service>.<name>``.
    key: str | None = None

    @property
    def wire_code(self) -> str:
        return self.code or self.name


@attrs.frozen
class MatchRule:
    """A category rule or a retry rule: what it matches and what it says."""

    where: Location
    category: str | None = None
    codes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    http_statuses: tuple[int, ...] = ()
    fault: str | None = None
    retryable: bool | None = None
    throttling: bool | None = None
    doc: str | None = None


@attrs.frozen
class MappingFile:
    """One YAML file: its header and its classes, in file order."""

    path: str
    where: Location
    taxonomy: str | None = None
    description: str | None = None
    service: str | None = None
    root: str | None = None
    extends: str | None = None
    #: Whether error shapes the rows lack get classes from the installed botocore's models.
    derive_from_botocore: bool | None = None
    classes: tuple[ClassEntry, ...] = ()
    errors: tuple[ErrorRow, ...] = ()
    category_rules: tuple[MatchRule, ...] = ()
    retry_rules: tuple[MatchRule, ...] = ()
    #: Where each header field this file states (``taxonomy``, ``root``, ...) has its value.
    header_where: dict[str, Location] = attrs.field(factory=dict)

    def where_of(self, field: str) -> Location:
        """Where the header field ``field`` has its value here; the file's start if it has none."""
        return self.header_where.get(field, self.where)


@attrs.frozen
class TaxonomySpec:
    """A validated taxonomy: every class resolved, ordered and consistent."""

    name: str
    description: str
    service: str | None
    root: str
    extends: str | None
    files: tuple[str, ...]
    classes: tuple[ClassEntry, ...]
    #: For each class, its parents after resolution: class names of this taxonomy,
    #: or ``module:qualname`` of an importable class.
    bases: dict[str, tuple[str, ...]]
    #: For each class: "client" (a ClientError) or "network" (a BotoCoreError).
    kinds: dict[str, str]
    #: Each class's linearization (its MRO) as names / import paths.
    mros: dict[str, tuple[str, ...]]
    #: HTTP status -> (retryable, throttling), from retry rules that name only statuses:
    #: they apply at run time to any error with that status.
    retry_statuses: dict[int, tuple[bool, bool]] = attrs.field(factory=dict)
    #: The rows' category and retry rules, in file order: they place errors met at run time too.
    category_rules: tuple[MatchRule, ...] = ()
    retry_rules: tuple[MatchRule, ...] = ()
    derive_from_botocore: bool = False


__all__ = [
    "MESSAGE_FIELDS",
    "ClassEntry",
    "CodeEntry",
    "ErrorRow",
    "Location",
    "MappingFile",
    "MatchRule",
    "Problem",
    "Problems",
    "TaxonomySpec",
]
