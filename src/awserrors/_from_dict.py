"""Exceptions back from the documents :meth:`~awserrors.TaxonomyClientError.to_dict` writes.

A ``to_dict()`` document is JSON: what a task queue, a log line or another process
carries instead of a pickle.  :func:`from_dict` makes the exception again, of the class
it names when this process has that class, else of the class the taxonomy picks for its
code, service, operation and status.  Imported only when someone calls it.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

from awserrors._errors import TaxonomyClientError
from awserrors._modules import is_generated_namespace
from awserrors._shipped import AWS
from awserrors._taxonomy import taxonomy_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

    from awserrors._taxonomy import Taxonomy


def from_dict(document: Mapping[str, Any], *, taxonomy: Taxonomy | None = None) -> TaxonomyClientError:
    """The exception a :meth:`~awserrors.TaxonomyClientError.to_dict` document describes.

    Its ``class`` is found among the generated modules this process has (a shipped
    taxonomy, a module of yours made by :func:`generate_module`, a loaded taxonomy),
    imported only below those; a document naming no such class (or from elsewhere)
    gets the class ``taxonomy`` (default: the AWS-wide one) picks for its code,
    service, operation and status.  Its ``to_dict()`` equals ``document``'s fields.
    Raises TypeError for a document that is not a mapping of those keys' types.
    """
    if not isinstance(document, Mapping):
        raise TypeError(f"from_dict takes a mapping (what to_dict() returns), got {type(document).__name__}")
    fields: dict[str, Any] = {}
    for key, kinds in _DOCUMENT_KEYS.items():
        value = document.get(key)
        if value is not None and (not isinstance(value, kinds) or (isinstance(value, bool) and int in kinds)):
            names = " or ".join(k.__name__ for k in kinds)
            raise TypeError(f"from_dict: {key!r} must be {names} or None, got {_shown(value)}")
        fields[key] = value
    wait = fields["retry_after"]
    # A wait to_dict() writes: seconds from 0, to the millisecond, within a float's exact range.
    if wait is not None and not 0 <= wait <= 1e12:  # NaN is neither
        expected = "'retry_after' must be seconds from 0 to 1e12 or None"
        raise TypeError(f"from_dict: {expected}, got {_shown(wait)}")
    cls = _class_at(fields["class"])
    if cls is None:
        chosen = taxonomy or taxonomy_of(AWS.module)
        assert chosen is not None
        cls = chosen.exception_class_for(
            fields["code"],
            service=fields["service"],
            operation=fields["operation"],
            http_status=fields["http_status"],
        )
    metadata: dict[str, Any] = {}
    if fields["http_status"] is not None:
        metadata["HTTPStatusCode"] = fields["http_status"]
    if fields["request_id"] is not None:
        metadata["RequestId"] = fields["request_id"]
    if fields["retry_after"] is not None:
        metadata["HTTPHeaders"] = {"x-amz-retry-after": str(round(fields["retry_after"] * 1000))}
    response = {
        "Error": {"Code": fields["code"] or cls.default_code, "Message": fields["message"] or ""},
        "ResponseMetadata": metadata,
    }
    error = cls(response, fields["operation"], fields["service"])
    if fields["retryable"] is not None:  # what the sender's taxonomy said, even if ours differs
        error.retryable = bool(document.get("retryable"))
    if fields["throttling"] is not None:
        error.throttling = bool(document.get("throttling"))
    return error


def _shown(value: object) -> str:
    """``value`` as an error message quotes it: its repr, 80 characters at most (an int of
    5,000 digits has no repr: its type then)."""
    try:
        text = repr(value)
    except Exception:
        return f"a {type(value).__name__} that has no repr"
    return text if len(text) <= 80 else f"{text[:77]}..."


#: The keys of a to_dict() document, and the types each may hold (besides None).
_DOCUMENT_KEYS: dict[str, tuple[type, ...]] = {
    "code": (str,),
    "message": (str,),
    "operation": (str,),
    "service": (str,),
    "http_status": (int,),
    "request_id": (str,),
    "category": (str,),
    "class": (str,),
    "retryable": (bool,),
    "throttling": (bool,),
    "retry_after": (int, float),
}


def _class_at(path: str | None) -> type[TaxonomyClientError] | None:
    """The generated client-error class at a dotted path, if it is one this process can have."""
    if not path or "." not in path:
        return None
    module_name, _, qualname = path.rpartition(".")
    module = sys.modules.get(module_name)
    if module is None:
        # Import only below a generated module this process already has: its namespaces.
        if not is_generated_namespace(module_name):
            return None
        import importlib  # only for a namespace not imported yet

        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return None
    found = getattr(module, qualname, None) if qualname.isidentifier() else None
    if isinstance(found, type) and issubclass(found, TaxonomyClientError):
        return found
    return None


__all__ = ["from_dict"]
