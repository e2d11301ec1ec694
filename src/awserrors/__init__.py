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
of yours.  Two more shipped taxonomies live in :mod:`awserrors.taxonomies`.
"""

from __future__ import annotations

from awserrors._errors import RETRY_AFTER_MAX as RETRY_AFTER_MAX

# The "X as X" form marks the re-exports for type checkers; __all__ is computed.
from awserrors._errors import MappingError as MappingError
from awserrors._errors import TaxonomyClientError as TaxonomyClientError
from awserrors._errors import TaxonomyNetworkError as TaxonomyNetworkError
from awserrors._errors import retry_after as retry_after
from awserrors._lookup import Flags as Flags
from awserrors._lookup import Lookup as Lookup
from awserrors._lookup import Rule as Rule
from awserrors._modules import from_dict as from_dict
from awserrors._modules import generate_module as generate_module
from awserrors._modules import load as load
from awserrors._modules import mappings_dir as mappings_dir
from awserrors._modules import mappings_folder as _mappings_folder
from awserrors._shipped import AWS as _AWS
from awserrors._taxonomy import Taxonomy as Taxonomy
from awserrors._version import __version__ as __version__

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
    return (taxonomy or aws).translated()


_API = (
    "Flags",
    "RETRY_AFTER_MAX",
    "Lookup",
    "MappingError",
    "Rule",
    "Taxonomy",
    "TaxonomyClientError",
    "TaxonomyNetworkError",
    "from_dict",
    "generate_module",
    "install",
    "load",
    "mappings_dir",
    "retry_after",
    "translated",
    "uninstall",
)

#: The files of the AWS-wide taxonomy, in overlay order: curated choices come last.
AWS_MAPPINGS = tuple(path.rpartition("/")[2] for path in _AWS.files)
#: The AWS-wide taxonomy; its classes and lookups are this module's attributes.
aws = generate_module(
    __name__, *(f"{_mappings_folder()}/{path}" for path in _AWS.files), lazy=True, exports=_API
)
