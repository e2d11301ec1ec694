"""Real exception classes for every AWS error, generated from YAML mapping tables.

botocore raises every service error as one ``ClientError``; awserrors gives each
error code a class under a category you can catch, and tells a throttle from a
permanent failure::

    import awserrors

    try:
        s3.get_object(Bucket="b", Key="k")
    except ClientError as error:
        error = awserrors.handle_client_error(error)
        if isinstance(error, awserrors.NotFoundError): ...
        if awserrors.is_retryable(error): ...

The AWS-wide categories (attributes of this module, built on first use)::

    AWSError                         (botocore ClientError)
    ├── InvalidRequestError
    ├── AuthenticationError
    ├── AccessDeniedError
    ├── NotFoundError
    ├── ConflictError
    ├── ThrottlingError
    ├── QuotaExceededError
    └── ServerError
        └── ServiceUnavailableError
    NetworkError                     (botocore BotoCoreError)
    └── NetworkTimeoutError

Every class, code, status and flag comes from ``mappings/aws/*.yaml``.  Your own
taxonomy is YAML too: :func:`load` it, or :func:`generate_module` it into a module
of yours.  The two seed taxonomies live in :mod:`awserrors.taxonomies`.
"""

from __future__ import annotations

__version__ = "0.1.0"

# The "X as X" form marks the re-exports for type checkers; __all__ is computed.
from awserrors._errors import MappingError as MappingError
from awserrors._errors import TaxonomyClientError as TaxonomyClientError
from awserrors._errors import TaxonomyNetworkError as TaxonomyNetworkError
from awserrors._errors import retry_after as retry_after
from awserrors._registry import Taxonomy as Taxonomy
from awserrors._registry import generate_module as generate_module
from awserrors._registry import load as load
from awserrors._registry import mappings_dir as mappings_dir
from awserrors._registry import mappings_folder as _mappings_folder

TYPE_CHECKING = False
if TYPE_CHECKING:  # awserrors/_aws.pyi (written by awserrors._stubs) declares the generated names
    from awserrors import _install
    from awserrors._aws import *  # noqa: F403


def install(target: object = None) -> None:
    """Make boto3/botocore clients raise awserrors' classes directly (the AWS-wide taxonomy).

    ``target``: None for boto3's default session, a boto3 ``Session``, a botocore
    session, or one client.  See :meth:`Taxonomy.install`.
    """
    aws.install(target)


def uninstall(target: object = None) -> None:
    """Undo :func:`install` for ``target``."""
    aws.uninstall(target)


def translated(taxonomy: Taxonomy | None = None) -> _install.translated:
    """Context manager and decorator: botocore errors that escape are re-raised as taxonomy classes.

    ``with awserrors.translated(): ...`` or ``@awserrors.translated()`` on a function
    or coroutine function; the new exception is chained from the original.
    """
    from awserrors import _install

    return _install.translated(taxonomy)


_API = (
    "MappingError",
    "Taxonomy",
    "TaxonomyClientError",
    "TaxonomyNetworkError",
    "generate_module",
    "install",
    "load",
    "mappings_dir",
    "retry_after",
    "translated",
    "uninstall",
)

#: The AWS-wide taxonomy; its classes and lookups are this module's attributes.
#: The files of the AWS-wide taxonomy, in overlay order: curated choices come last.
AWS_MAPPINGS = ("categories.yaml", "botocore.yaml", "ec2.yaml", "s3.yaml", "common.yaml", "curated.yaml")
aws = generate_module(
    __name__, *(f"{_mappings_folder()}/aws/{name}" for name in AWS_MAPPINGS), lazy=True, exports=_API
)
