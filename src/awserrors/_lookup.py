"""The lookup order, as data: the :class:`Rule` that picks an error's class, and the :class:`Lookup` answer.

Every way of asking a taxonomy which class an error gets (``exception_class_for``,
``handle_client_error``, ``install``, ``awserrors lookup``, the testing kit) goes
through :meth:`awserrors.Taxonomy.explain`, whose answer names the rule that
decided.  The rules, in the order they are tried, are the members of :class:`Rule`.
"""

from __future__ import annotations

import enum

from awserrors._typed import Record


class Rule(enum.Enum):
    """One step of the lookup order; the first step that matches picks the class.

    The value is the rule's stable name (``awserrors lookup --json`` prints it as
    ``picked_by``); :attr:`label` says it in words.
    """

    #: The code is one of the service's own errors (``service=`` names it).
    SERVICE_CODE = "service"
    #: The code is mapped for this operation only.
    OPERATION_CODE = "code_operation"
    #: The code is mapped for every operation and service.
    CODE = "code"
    #: The code is not mapped; the operation has a class for its unmapped errors with this
    #: HTTP status (S3's HeadObject answers a missing key with a bodiless 404: NoSuchKey).
    OPERATION_STATUS = "operation_status"
    #: The code is not mapped; the operation has a class for its unmapped errors.
    OPERATION = "operation"
    #: The code is not mapped; the taxonomy's category rules place it by its name and the
    #: HTTP status, as they place every row (only taxonomies in rows form have them).
    CATEGORY = "category"
    #: The code is not mapped; the HTTP status (or a HEAD request's numeric code) has a class.
    STATUS = "status"
    #: Nothing matched: the taxonomy's root class.
    ROOT = "root"

    @property
    def label(self) -> str:
        """What picked the class, in words."""
        return _LABELS[self]

    @property
    def by_code(self) -> bool:
        """Whether the error's code decided (else a fallback did)."""
        return self in (Rule.SERVICE_CODE, Rule.OPERATION_CODE, Rule.CODE)


_LABELS = {
    Rule.SERVICE_CODE: "the code, as the service's own class",
    Rule.OPERATION_CODE: "the code, for this operation",
    Rule.CODE: "the code",
    Rule.OPERATION_STATUS: "the operation's fallback for this HTTP status (the code is not mapped)",
    Rule.OPERATION: "the operation's fallback (the code is not mapped)",
    Rule.CATEGORY: "the category rules, by the code's name and the HTTP status (the code is not mapped)",
    Rule.STATUS: "the HTTP status's fallback (the code is not mapped)",
    Rule.ROOT: "the root fallback (nothing matched)",
}


class Flags(Record):
    """What an error says about retrying: whether it can succeed, and whether it means "slow down"."""

    retryable: bool
    throttling: bool


class Lookup(Record):
    """The answer to "which class does this error get, and why?" (:meth:`Taxonomy.explain`)."""

    #: The class the error gets.
    cls: type[BaseException]
    #: The step of the lookup order that picked it.
    rule: Rule
    #: The code that decided (for the code rules), else the code asked about.
    code: str | None
    #: Whether retrying can succeed, and whether it means "slow down": the code's flags, else
    #: the class's, raised by any retry rule the HTTP status meets.
    retryable: bool
    throttling: bool
    #: The HTTP status asked about, else the code's documented status, else the class's.
    http_status: int | None
    #: Where the YAML declares the class: file and line (None for a class from elsewhere).
    file: str | None
    line: int | None

    @property
    def where(self) -> str | None:
        """``file:line`` of the class's declaration, or None."""
        return f"{self.file}:{self.line}" if self.file is not None else None


def retry_advice(retryable: bool, throttling: bool) -> str:
    """What to do about an error with these flags, in one sentence (docstrings, ``awserrors lookup``)."""
    if throttling:
        return "Retryable, a throttle: retry with exponential backoff and jitter, and slow down."
    if retryable:
        return "Retryable: the same request can succeed later; retry with backoff."
    return "Not retryable: the same request fails the same way until something changes."


def status_from_codes(codes: list[str]) -> int | None:
    """The HTTP status a HEAD request's error carries as its code ("404"), if a code is one."""
    for code in codes:
        # Three ASCII digits only: "²".isdigit() is true and int() refuses it, and a
        # code of thousands of digits makes int() raise.
        if len(code) == 3 and code.isascii() and code.isdigit() and 100 <= int(code) <= 599:
            return int(code)
    return None


class Mapped(Record):
    """One thing a taxonomy maps to a class: a code (for a service, an operation, or any), an
    operation's fallback (for one HTTP status, or any) or an HTTP status's fallback
    (:meth:`Taxonomy.mappings`)."""

    #: Which step of the lookup order this mapping serves.
    rule: Rule
    #: The class it names (``Name`` or ``namespace:Name``).
    class_name: str
    code: str | None = None
    #: The service whose own class it is (:attr:`Rule.SERVICE_CODE`).
    service: str | None = None
    #: The operation, snake_case as botocore's ``xform_name`` gives it.
    operation: str | None = None
    status: int | None = None


__all__ = ["Flags", "Lookup", "Mapped", "Rule", "retry_advice", "status_from_codes"]
