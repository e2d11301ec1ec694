"""The one place awserrors touches botocore's private attributes.

Installing on a client that already exists needs to swap the object its public
``exceptions`` property returns, which botocore keeps in ``BaseClient._exceptions``
(filled on first use by ``_load_exceptions``).  Everything else awserrors does
with botocore goes through public API and documented events.  ``check()`` says
loudly when a botocore release changes this; tests/test_install.py runs it.
"""

from __future__ import annotations

from collections.abc import Callable

from botocore.client import BaseClient

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_ATTRIBUTE = "_exceptions"
_SAVED = "_awserrors_original_exceptions"


def check() -> None:
    """Raise RuntimeError if botocore no longer keeps a client's exceptions where we expect."""
    prop = getattr(BaseClient, "exceptions", None)
    if not isinstance(prop, property) or _ATTRIBUTE not in (prop.fget.__code__.co_names if prop.fget else ()):
        raise RuntimeError(
            "botocore.client.BaseClient.exceptions no longer reads self._exceptions: "
            "awserrors.install(client) needs updating for this botocore version"
        )


def client_exceptions(client: BaseClient) -> Any:
    """What ``client.exceptions`` returns."""
    return client.exceptions


def set_client_exceptions(client: BaseClient, make: Callable[[Any], Any]) -> None:
    """Make ``client.exceptions`` return ``make(original)``; idempotent."""
    check()
    original = client.__dict__.get(_SAVED)
    if original is None:
        original = client.exceptions  # loads botocore's own object if not yet loaded
        client.__dict__[_SAVED] = original
    client.__dict__[_ATTRIBUTE] = make(original)


def restore_client_exceptions(client: BaseClient) -> None:
    """Undo :func:`set_client_exceptions`."""
    original = client.__dict__.pop(_SAVED, None)
    if original is not None:
        client.__dict__[_ATTRIBUTE] = original
