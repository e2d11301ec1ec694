"""The answers of a lookup, as records: the :class:`Lookup` of :meth:`awserrors.Taxonomy.explain`,
an error's :class:`Flags`, each :class:`Mapped` row of a taxonomy.

Every way of asking a taxonomy which class an error gets (``exception_class_for``,
``handle_client_error``, ``install``, ``awserrors lookup``, the testing kit) goes
through the same lookup order; :meth:`awserrors.Taxonomy.explain` answers with the
:class:`~awserrors._order.Rule` that decided.
"""

from __future__ import annotations

from awserrors._typed import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from awserrors._order import Rule


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


__all__ = ["Flags", "Lookup", "Mapped", "retry_advice"]
