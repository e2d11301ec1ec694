"""awserrors' hypothesis plugin: ``st.from_type(ClientError)`` draws real ClientErrors.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported (the
``hypothesis`` entry point in awserrors' metadata).  It only registers a
resolver; nothing of :mod:`awserrors.testing` is imported, and no botocore client
made, until a test first draws a ``ClientError``.  Set ``HYPOTHESIS_NO_PLUGINS=1``
to turn all such plugins off.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from botocore.exceptions import ClientError
    from hypothesis.strategies import SearchStrategy


def _client_errors(thing: type[ClientError]) -> SearchStrategy[ClientError]:
    from awserrors.testing.strategies import client_errors

    return client_errors()


def _hypothesis_setup_hook() -> None:
    """Register :func:`awserrors.testing.strategies.client_errors` for ``ClientError``."""
    from botocore.exceptions import ClientError
    from hypothesis import strategies as st

    st.register_type_strategy(ClientError, _client_errors)
