"""The lookup order, as data: the :class:`Rule` that picks an error's class.

The rules, in the order they are tried, are the members of :class:`Rule`; the
answer of :meth:`awserrors.Taxonomy.explain` names the one that decided.
Creating an enum is costly next to a lookup (``EnumType`` does much work per
member), so it lives apart from the lookups themselves, which use the rules'
values: it is made the first time an answer names it (``explain``, ``awserrors
lookup``, the testing kit), not on a process's first lookup.
"""

from __future__ import annotations

import enum


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


__all__ = ["Rule"]
