"""Typed, immutable records that cost nothing to import: ``typing.NamedTuple`` without ``typing``.

``import awserrors`` must stay as cheap as ``import botocore.exceptions``, which
does not import :mod:`typing`.  A class deriving from :class:`Record` becomes a
:func:`collections.namedtuple` with the fields its annotations list (and their
defaults); type checkers see a ``typing.NamedTuple``, so every field is typed.
"""

from __future__ import annotations

import collections

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    _CLASS_KEYS = {"__module__", "__qualname__", "__doc__", "__annotations__", "__slots__", "__classcell__"}

    class _RecordType(type):
        def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
            if not bases:  # Record itself
                return super().__new__(mcs, name, bases, namespace)
            fields = list(namespace.get("__annotations__", {}))
            defaults = [namespace[f] for f in fields if f in namespace]
            if any(f not in namespace for f in fields[len(fields) - len(defaults) :]):
                raise TypeError(f"{name}: fields with defaults must come last")
            record = collections.namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
            record.__qualname__ = namespace.get("__qualname__", name)
            record.__doc__ = namespace.get("__doc__") or record.__doc__
            for key, value in namespace.items():  # methods and properties
                if key not in fields and key not in _CLASS_KEYS:
                    setattr(record, key, value)
            return record

    class Record(metaclass=_RecordType):
        """Base of typed records: subclasses are namedtuples of their annotated fields."""

        __slots__ = ()


__all__ = ["Record"]
