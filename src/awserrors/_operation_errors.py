"""Which errors an operation can fail with, as botocore's models and AWS's documentation say.

The one list :meth:`Taxonomy.errors_of <awserrors.Taxonomy.errors_of>`, the docs'
catalog by service and the testing kit's per-operation strategies read: each error
shape the installed botocore's model lists for an operation, then the errors any AWS
operation can meet (``mappings/aws/common.yaml``).  Imported only when one of them asks.
"""

from __future__ import annotations

from awserrors import _botocore_models, _shipped
from awserrors._botocore_models import ErrorShape


def operation_errors(service: str, operation: str) -> tuple[ErrorShape, ...]:
    """The errors ``service``'s ``operation`` can fail with, as they arrive: the error shapes
    its model lists for it (sorted by code), then :func:`common_shapes` it does not list;
    ValueError for a service or an operation the installed botocore lacks.
    """
    service_operations(service)  # a clear ValueError for an unknown service
    modeled = _botocore_models.operation_error_shapes(service, operation)
    seen = {shape.code for shape in modeled}
    return (*modeled, *(shape for shape in common_shapes(service) if shape.code not in seen))


def common_shapes(service: str) -> tuple[ErrorShape, ...]:
    """The errors any AWS operation can meet (``mappings/aws/common.yaml``), as error shapes of
    ``service``: each with the status and fault the AWS documentation gives it."""
    return tuple(
        ErrorShape(service, code, code, None, None, status, fault, False, False)
        for code, (status, fault) in _shipped.common_errors().items()
    )


def service_operations(service: str) -> tuple[str, ...]:
    """The operations of a service botocore models; ValueError naming close ones if none."""
    try:
        return _botocore_models.operation_names(service)
    except Exception:
        import difflib

        close = difflib.get_close_matches(service, _botocore_models.available_services(), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(f"the installed botocore has no service {service!r}{hint}") from None


def operations_raising(code: str, *, service: str) -> tuple[str, ...]:
    """The operations of ``service`` that can fail with ``code``: those whose modeled errors
    include it (or, for an error any AWS operation can meet, all of them), by AWS's names,
    sorted; ValueError for a service botocore lacks."""
    names = service_operations(service)
    if code in _shipped.common_codes():
        return names
    shapes = _botocore_models.operation_error_shapes
    return tuple(
        name for name in names if any(code in (s.code, s.name, s.legacy_code) for s in shapes(service, name))
    )


__all__ = ["common_shapes", "operation_errors", "operations_raising", "service_operations"]
