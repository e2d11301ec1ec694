"""awserrors' pytest plugin: fixtures for testing code that meets AWS errors.

pytest loads it through the ``pytest11`` entry point of an installed awserrors
(``-p no:awserrors`` turns it off; ``-p awserrors._pytest_plugin`` loads it from
a source checkout).  Loading it imports only this module: the fixtures import
what they hand out when a test first asks for them.

Fixtures:

``aws_taxonomy``
    The AWS-wide :class:`awserrors.Taxonomy` (``awserrors.aws``).
``make_client_error``
    :func:`awserrors.testing.make_client_error`, the real ``ClientError`` botocore
    raises for a code, service and operation.
``assert_covers``
    :func:`awserrors.testing.assertions.assert_covers`: fails listing the error
    codes of a service that a taxonomy does not map to a class.
``assert_maps``
    :func:`awserrors.testing.assertions.assert_maps`: fails listing the mappings
    of a taxonomy that a real wire-format error does not land on.
"""

from __future__ import annotations

import pytest

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable

    from botocore.exceptions import ClientError

    from awserrors import Taxonomy


@pytest.fixture(scope="session")
def aws_taxonomy() -> Taxonomy:
    """The AWS-wide taxonomy, ``awserrors.aws``."""
    import awserrors

    return awserrors.aws


@pytest.fixture
def make_client_error() -> Callable[..., ClientError]:
    """:func:`awserrors.testing.make_client_error`: ``make_client_error(code, *, service=..., ...)``."""
    from awserrors.testing import make_client_error

    return make_client_error


@pytest.fixture
def assert_covers() -> Callable[..., dict[str, type[BaseException]]]:
    """:func:`awserrors.testing.assertions.assert_covers`: ``(taxonomy, service, *, codes=None)``."""
    from awserrors.testing.assertions import assert_covers

    return assert_covers


@pytest.fixture
def assert_maps() -> Callable[..., int]:
    """:func:`awserrors.testing.assertions.assert_maps`: ``(taxonomy, *, services=None, codes=None)``."""
    from awserrors.testing.assertions import assert_maps

    return assert_maps
