"""Typed, immutable records that cost little to import: ``typing.NamedTuple`` without ``typing``.

Importing awserrors' engine must stay cheap next to botocore, which does not
import :mod:`typing`; and :func:`collections.namedtuple` compiles source code
for each class (about 0.15 ms each, a dozen records).  A class deriving from
:class:`Record` becomes a tuple subclass with the namedtuple API (``_fields``,
``_field_defaults``, ``_make``, ``_replace``, ``_asdict``, keyword arguments and
defaults, ``repr``, pickling) for the fields its annotations list; type checkers
see a ``typing.NamedTuple``, so every field is typed.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    import collections
    from operator import itemgetter

    _CLASS_KEYS = {"__module__", "__qualname__", "__doc__", "__annotations__", "__slots__", "__classcell__"}
    # The C field accessor namedtuple uses (CPython); a property of itemgetter elsewhere.
    _field = getattr(collections, "_tuplegetter", None) or (lambda i, doc: property(itemgetter(i), doc=doc))

    def _bind(cls, args, kwargs):
        """The field values of ``cls(*args, **kwargs)``: positions, then keywords, then defaults."""
        fields = cls._fields
        if len(args) > len(fields):
            raise TypeError(f"{cls.__name__} takes {len(fields)} arguments, got {len(args)}")
        values = list(args)
        for name in fields[len(args) :]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in cls._field_defaults:
                values.append(cls._field_defaults[name])
            else:
                raise TypeError(f"{cls.__name__}() missing argument: {name!r}")
        if kwargs:
            raise TypeError(f"{cls.__name__}() got unexpected or repeated arguments: {', '.join(kwargs)}")
        return values

    class _Base(tuple):
        __slots__ = ()

        def __new__(cls, *args, **kwargs):
            if kwargs or len(args) != len(cls._fields):
                args = _bind(cls, args, kwargs)
            return tuple.__new__(cls, args)

        @classmethod
        def _make(cls, iterable):
            values = tuple.__new__(cls, iterable)
            if len(values) != len(cls._fields):
                raise TypeError(f"{cls.__name__} expects {len(cls._fields)} values, got {len(values)}")
            return values

        def _replace(self, **changes):
            pairs = zip(self._fields, self, strict=True)
            values = self._make(changes.pop(name, value) for name, value in pairs)
            if changes:
                raise ValueError(f"{type(self).__name__} has no fields {', '.join(changes)}")
            return values

        def _asdict(self):
            return dict(zip(self._fields, self, strict=True))

        def __repr__(self):
            shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True))
            return f"{type(self).__name__}({shown})"

        def __getnewargs__(self):
            return tuple(self)

    class _RecordType(type):
        def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
            if not bases:  # Record itself
                return super().__new__(mcs, name, bases, namespace)
            fields = tuple(namespace.get("__annotations__", {}))
            defaults = {f: namespace[f] for f in fields if f in namespace}
            if any(f not in namespace for f in fields[len(fields) - len(defaults) :]):
                raise TypeError(f"{name}: fields with defaults must come last")
            body: dict[str, object] = {
                "__slots__": (),
                "__module__": namespace["__module__"],
                "__qualname__": namespace.get("__qualname__", name),
                "__doc__": namespace.get("__doc__") or f"{name}({', '.join(fields)})",
                "__match_args__": fields,
                "_fields": fields,
                "_field_defaults": defaults,
            }
            for index, field in enumerate(fields):
                body[field] = _field(index, f"Alias for field number {index}")
            for key, value in namespace.items():  # methods and properties
                if key not in fields and key not in _CLASS_KEYS:
                    body[key] = value
            return type(name, (_Base,), body)

    class Record(metaclass=_RecordType):
        """Base of typed records: subclasses are tuples of their annotated fields."""

        __slots__ = ()


__all__ = ["Record"]
