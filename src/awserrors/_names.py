"""The names generated classes and modules get: a wire code's class name, a service's module.

One spelling for the YAML's rows (:mod:`awserrors._rules`), the compiled tables and the
classes made at run time; it imports nothing of awserrors, so a service's namespace
(``awserrors.services.lambda_``) can be named without loading the rules.
"""

from __future__ import annotations

import keyword
import re

#: The namespaces below a taxonomy's module: one class per code, and each service's own.
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
    name = service.replace("-", "_")
    if not (name.isascii() and name.isidentifier()):  # what the tables hold is, unless edited by hand
        name = re.sub(r"\W", "_", name, flags=re.ASCII)
    return f"{name}_" if keyword.iskeyword(name) else name


def service_namespace(service: str) -> str:
    return f"{SERVICES}.{service_module_name(service)}"


def qualified(namespace: str, name: str) -> str:
    """The key a class has in the tables: ``namespace:Name``, or ``Name`` at the top."""
    return f"{namespace}:{name}" if namespace else name


__all__ = ["CODES", "SERVICES", "code_class_name", "qualified", "service_module_name", "service_namespace"]
