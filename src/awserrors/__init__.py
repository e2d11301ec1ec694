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

    AnyAWSError                          (any failure of an AWS call, once translated)
    ├── AWSError                         (botocore ClientError)
    │   ├── InvalidRequestError
    │   ├── AuthenticationError
    │   ├── AccessDeniedError
    │   ├── NotFoundError
    │   ├── ConflictError
    │   ├── ThrottlingError
    │   ├── QuotaExceededError
    │   └── ServerError
    │       └── ServiceUnavailableError
    └── NetworkError                     (botocore BotoCoreError)
        └── NetworkTimeoutError

Every class, code, status and flag comes from ``mappings/aws/*.yaml``.  Your own
taxonomy is YAML too: :func:`load` it, or :func:`generate_module` it into a module
of yours.  Two more shipped taxonomies live in :mod:`awserrors.taxonomies`.
"""

from __future__ import annotations

# `import awserrors` loads this file and nothing else of awserrors: its public names
# and the AWS-wide taxonomy are made on first use (PEP 562), so a program that imports
# awserrors and never meets an error pays almost nothing.  Type checkers read these:
TYPE_CHECKING = False
if TYPE_CHECKING:  # awserrors/_aws.pyi (written by awserrors._stubs) declares the generated names
    # The "X as X" form marks the re-exports for type checkers; __all__ is computed.
    from typing import Any

    from awserrors import _install
    from awserrors._aws import *  # noqa: F403
    from awserrors._errors import RETRY_AFTER_MAX as RETRY_AFTER_MAX
    from awserrors._errors import AnyAWSError as AnyAWSError
    from awserrors._errors import MappingError as MappingError
    from awserrors._errors import TaxonomyClientError as TaxonomyClientError
    from awserrors._errors import TaxonomyNetworkError as TaxonomyNetworkError
    from awserrors._errors import retry_after as retry_after
    from awserrors._from_dict import from_dict as from_dict
    from awserrors._lookup import Flags as Flags
    from awserrors._lookup import Lookup as Lookup
    from awserrors._modules import generate_module as generate_module
    from awserrors._modules import load as load
    from awserrors._modules import mappings_dir as mappings_dir
    from awserrors._order import Rule as Rule
    from awserrors._shipped import __version__ as __version__
    from awserrors._taxonomy import Taxonomy as Taxonomy

    #: The files of the AWS-wide taxonomy, in overlay order: curated choices come last.
    AWS_MAPPINGS: tuple[str, ...]
    #: The AWS-wide taxonomy; its classes and lookups are this module's attributes.
    aws: Taxonomy


def install(target: object = None) -> None:
    """Make boto3/botocore clients raise awserrors' classes directly (the AWS-wide taxonomy).

    ``target``: None for boto3's default session, a boto3 ``Session``, a botocore
    session, or one client.  See :meth:`Taxonomy.install`.
    """
    _aws_taxonomy().install(target)


def uninstall(target: object = None) -> None:
    """Undo :func:`install` for ``target``."""
    _aws_taxonomy().uninstall(target)


def translated(taxonomy: Taxonomy | None = None, *, service: str | None = None) -> _install.translated:
    """Context manager and decorator: botocore errors that escape are re-raised as taxonomy classes.

    ``with awserrors.translated(): ...`` or ``@awserrors.translated()`` on a function
    or coroutine function; the new exception is chained from the original.  A client's
    error becomes its service's class (``awserrors.services.s3.NoSuchKey``): the service
    is ``service``, else that of the client whose call raised.
    """
    return (taxonomy or _aws_taxonomy()).translated(service=service)


def errors_of(
    service: str, operation: str, *, taxonomy: Taxonomy | None = None
) -> tuple[type[TaxonomyClientError], ...]:
    """The classes ``service``'s ``operation`` can raise: its modeled errors, then the errors any
    AWS operation can meet.  ``errors_of("dynamodb", "put_item")``; see :meth:`Taxonomy.errors_of`."""
    return (taxonomy or _aws_taxonomy()).errors_of(service, operation)


def operations_raising(code: str, *, service: str, taxonomy: Taxonomy | None = None) -> tuple[str, ...]:
    """The operations of ``service`` that can fail with ``code`` (AWS's names, sorted): the
    reverse of :func:`errors_of`; see :meth:`Taxonomy.operations_raising`."""
    return (taxonomy or _aws_taxonomy()).operations_raising(code, service=service)


#: This module's own public names, and the private module each comes from.
_HOMES = {
    "AnyAWSError": "_errors",
    "Flags": "_lookup",
    "RETRY_AFTER_MAX": "_errors",
    "Lookup": "_lookup",
    "MappingError": "_errors",
    "Rule": "_order",
    "Taxonomy": "_taxonomy",
    "TaxonomyClientError": "_errors",
    "TaxonomyNetworkError": "_errors",
    "__version__": "_shipped",
    "from_dict": "_from_dict",
    "generate_module": "_modules",
    "load": "_modules",
    "mappings_dir": "_modules",
    "retry_after": "_errors",
}
_API = (
    *(n for n in _HOMES if n != "__version__"),
    "errors_of",
    "install",
    "operations_raising",
    "translated",
    "uninstall",
)


def _submodule(name: str) -> Any:
    """``awserrors.<name>``, imported (``importlib.import_module`` without importing importlib)."""
    __import__(f"{__name__}.{name}")
    return _sys.modules[f"{__name__}.{name}"]


def _aws_taxonomy() -> Taxonomy:
    """The AWS-wide taxonomy, made (without reading its tables) the first time it is needed."""
    made = globals().get("aws")
    if made is not None:
        return made  # type: ignore[no-any-return]
    with _making:  # one taxonomy, whichever thread comes first
        made = globals().get("aws")
        if made is not None:
            return made  # type: ignore[no-any-return]
        from awserrors._shipped import AWS, mappings_folder

        modules = _submodule("_modules")
        globals()["AWS_MAPPINGS"] = tuple(path.rpartition("/")[2] for path in AWS.files)
        folder = mappings_folder()
        # generate_module reserves the names of _API (no class takes them), and puts the
        # taxonomy's __getattr__ and __dir__ here: this module's own come first again, so
        # that a public name is still imported from its home when first used.
        made = modules.generate_module(
            __name__, *(f"{folder}/{path}" for path in AWS.files), lazy=True, exports=_API
        )
        globals()["_taxonomy_getattr"] = globals()["__getattr__"]
        globals()["_taxonomy_dir"] = globals()["__dir__"]
        globals()["__getattr__"], globals()["__dir__"] = globals()["_own_getattr"], globals()["_own_dir"]
        globals()["aws"] = made
        _sys.meta_path[:] = [f for f in _sys.meta_path if f is not _MakeTaxonomyFirst]
    return made  # type: ignore[no-any-return]


if not TYPE_CHECKING:  # type checkers see the names declared above, not any name at all

    def __getattr__(name: str) -> object:
        home = _HOMES.get(name)
        if home is not None:  # a public name, without making the taxonomy
            value = getattr(_submodule(home), name)
            globals()[name] = value
            return value
        if name.startswith("_") and name not in ("__all__", "__awserrors_taxonomy__"):
            # No generated name starts with "_": a submodule not imported yet, or no such name.
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        _aws_taxonomy()
        if name in globals():
            return globals()[name]
        return globals()["_taxonomy_getattr"](name)  # a class, a namespace or AttributeError

    def __dir__() -> list[str]:
        _aws_taxonomy()
        return sorted({*globals()["_taxonomy_dir"](), *_HOMES})

    _own_getattr, _own_dir = __getattr__, __dir__


class _MakeTaxonomyFirst:
    """Imports below awserrors (``awserrors.services.s3``, ``awserrors.codes``) need the taxonomy's
    finder: this one, first on ``sys.meta_path`` until then, makes the taxonomy and asks it."""

    @staticmethod
    def find_spec(fullname: str, path: Any = None, target: Any = None) -> Any:
        if not fullname.startswith(__name__ + ".") or fullname[len(__name__) + 1 :].startswith("_"):
            return None
        _aws_taxonomy()  # puts the taxonomy's finder first: the import in progress has passed it
        for finder in _sys.meta_path:
            if getattr(finder, "prefix", None) == __name__ + "." and hasattr(finder, "taxonomy"):
                return finder.find_spec(fullname, path, target)
        return None


import _thread  # noqa: E402 - built in, as are these two
import os as _os  # noqa: E402
import sys as _sys  # noqa: E402

_making = _thread.RLock()
#: Each thread forking now, and whether it holds :data:`_making` for the fork (_before_fork).
_held_for_fork: dict[int, bool] = {}


def _before_fork() -> None:
    """A fork waits while another thread makes the taxonomy: making it imports the engine, and
    a module being imported when the process forks stays locked in the child for good (its
    import lock belongs to a thread the child does not have).  Not forever: a make that takes
    longer than a minute (a stuck one) lets the fork go on, as before."""
    _held_for_fork[_thread.get_ident()] = _making.acquire(timeout=60)


def _after_fork_in_parent() -> None:
    if _held_for_fork.pop(_thread.get_ident(), False):
        _making.release()


def _new_lock_in_child() -> None:  # a fork while another thread made the taxonomy must not hang
    global _making
    _making = _thread.RLock()
    _held_for_fork.clear()


_os.register_at_fork(
    before=_before_fork, after_in_parent=_after_fork_in_parent, after_in_child=_new_lock_in_child
)
_sys.meta_path.insert(0, _MakeTaxonomyFirst)
