"""What the installed botocore's service models say about errors: the one reader of error shapes.

The importer (``awserrors import-botocore``), ``awserrors coverage`` and the
testing kit all read error shapes through :func:`error_shapes`, from one shared
botocore loader per process (loading a service model is slow; the loader keeps it).
"""

from __future__ import annotations

import threading

from awserrors._typed import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class ErrorShape(Record):
    """One error shape of a service model, and how it arrives on the wire."""

    service: str
    #: The shape's name (``ConditionalCheckFailedException``).
    name: str
    #: The code to look up: the shape name for a query-compatible service (botocore puts
    #: it in ``Error.QueryErrorCode``), else the modeled code, else the shape name.
    code: str
    #: The code the model gives the shape (``error.code``), if any.
    modeled_code: str | None
    #: A query-compatible service's older Query code, sent in ``Error.Code``, if it differs.
    legacy_code: str | None
    http_status: int | None
    #: "server" (a fault), "client" (a sender fault) or None.
    fault: str | None
    #: The model's ``retryable`` trait, and whether it says throttling.
    retryable: bool
    throttling: bool


_lock = threading.Lock()
_loader: list[Any] = []


def _renew_lock_in_child() -> None:
    global _lock
    _lock = threading.Lock()


_shapes: dict[str, tuple[ErrorShape, ...]] = {}


def loader() -> Any:
    """The process's one botocore data loader (it caches what it loads)."""
    if not _loader:
        with _lock:
            if not _loader:
                import botocore.session

                _loader.append(botocore.session.Session().get_component("data_loader"))
    return _loader[0]


def available_services() -> list[str]:
    """Every service the installed botocore has a model for, sorted."""
    return sorted(loader().list_available_services("service-2"))


def is_query_compatible(service: str) -> bool:
    """Whether the service answers JSON with the old Query codes beside (``awsQueryCompatible``)."""
    return "awsQueryCompatible" in service_model(service).get("metadata", {})


def service_model(service: str) -> dict[str, Any]:
    """The raw ``service-2`` model of ``service`` (botocore's ``UnknownServiceError`` if none)."""
    model: dict[str, Any] = loader().load_service_model(service, "service-2")
    return model


def error_shapes(service: str) -> tuple[ErrorShape, ...]:
    """The error shapes of ``service``'s model, sorted by name."""
    found = _shapes.get(service)
    if found is not None:
        return found
    model = service_model(service)
    query_compatible = "awsQueryCompatible" in model.get("metadata", {})
    shapes = []
    for name, shape in sorted(model.get("shapes", {}).items()):
        if not shape.get("exception"):
            continue
        error = shape.get("error", {})
        modeled = error.get("code") or None
        status = error.get("httpStatusCode")
        retryable = shape.get("retryable")
        shapes.append(
            ErrorShape(
                service=service,
                name=name,
                code=name if query_compatible or not modeled else modeled,
                modeled_code=modeled,
                legacy_code=modeled if query_compatible and modeled and modeled != name else None,
                http_status=status if isinstance(status, int) else None,
                fault="server" if shape.get("fault") else "client" if error.get("senderFault") else None,
                retryable=retryable is not None,
                throttling=bool(retryable and retryable.get("throttling")),
            )
        )
    found = tuple(shapes)
    _shapes[service] = found
    return found


def operation_names(service: str) -> tuple[str, ...]:
    """The operations of ``service``'s model, as AWS names them (``PutItem``), sorted."""
    return tuple(sorted(service_model(service).get("operations", {})))


def operation_name(service: str, operation: str) -> str:
    """The model's name of an operation given as AWS names it or as boto3 does (``put_item``);
    ValueError naming the closest ones when ``service`` has no such operation."""
    names = operation_names(service)
    if operation in names:
        return operation
    from botocore import xform_name

    by_method = {xform_name(name): name for name in names}
    found = by_method.get(operation)
    if found is None:
        import difflib

        close = difflib.get_close_matches(operation, [*names, *by_method], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(f"{service} has no operation {operation!r}{hint}")
    return found


def operation_error_shapes(service: str, operation: str) -> tuple[ErrorShape, ...]:
    """The error shapes ``service``'s model lists for ``operation`` (as :func:`operation_name`
    takes it), sorted by code: what botocore's ``OperationModel.error_shapes`` holds."""
    name = operation_name(service, operation)
    listed = {ref.get("shape") for ref in service_model(service)["operations"][name].get("errors", [])}
    return tuple(sorted((s for s in error_shapes(service) if s.name in listed), key=lambda s: s.code))


def shape_documentation(service: str, shape: str, limit: int = 600) -> str | None:
    """What ``service``'s model says an error shape means, as plain text: its first
    paragraph, at most ``limit`` characters (cut at a word, with an ellipsis).  None when
    the model has no such shape or no words for it."""
    found = service_model(service).get("shapes", {}).get(shape)
    documentation = found.get("documentation") if isinstance(found, dict) else None
    if not isinstance(documentation, str):
        return None
    text = first_paragraph(documentation)
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "\u2026"
    return text or None


#: The tags a paragraph of a model's documentation ends at.
_BREAKS = frozenset(
    {"p", "ul", "ol", "li", "br", "note", "important", "div", "pre", "table", "dl", "dt", "dd", "blockquote"}
)


def first_paragraph(html: str) -> str:
    """The first paragraph of a model's HTML documentation as plain text: tags dropped,
    entities decoded, whitespace folded."""
    from html.parser import HTMLParser

    class Paragraphs(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.done: list[str] = []
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag in _BREAKS and "".join(self.text).strip():
                self.done.append("".join(self.text))
                self.text = []

        def handle_endtag(self, tag: str) -> None:
            self.handle_starttag(tag, ())

        def handle_data(self, data: str) -> None:
            if not self.done:
                self.text.append(data)

    parser = Paragraphs()
    parser.feed(html)
    parser.close()
    first = parser.done[0] if parser.done else "".join(parser.text)
    return " ".join(first.split())


__all__ = [
    "ErrorShape",
    "available_services",
    "error_shapes",
    "first_paragraph",
    "is_query_compatible",
    "loader",
    "operation_error_shapes",
    "operation_name",
    "operation_names",
    "service_model",
    "shape_documentation",
]
