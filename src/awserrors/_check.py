"""Checks a set of parsed mapping files as one taxonomy, and resolves it into a :class:`TaxonomySpec`.

The steps, in order, each adding what it finds wrong to one list of problems:
the header (one name, one root), the classes (their names, the rows' classes
included), the aliases, the parents (resolved to classes of the taxonomy or
importable ones), cycles among parents, each class's method resolution order and
kind (ClientError or BotoCoreError), and the claims on codes, statuses,
operations and botocore exceptions (each mapped once).  The result is None when
anything was wrong: nothing is built half-way.

The classes a YAML names by import path (``parent:``, ``exceptions:``) are
imported, which runs their modules' code.  Given a ``skipped`` list, nothing is
imported: such a class is resolved only when it lives in a module awserrors has
imported itself (:data:`RESOLVED_WITHOUT_IMPORT`); any other is appended to the
list, and what needs the class (its ancestry, its kind) goes unchecked.
"""

from __future__ import annotations

import difflib
import keyword
import string
import sys
from collections.abc import Iterable
from typing import Any

from botocore import xform_name
from botocore.exceptions import BotoCoreError, ClientError

from awserrors._errors import TaxonomyClientError, TaxonomyNetworkError
from awserrors._rows import expand_rows
from awserrors._spec import MESSAGE_FIELDS, ClassEntry, Location, MappingFile, Problem, TaxonomySpec
from awserrors._tables import class_path, import_object, split_path

#: The header fields a taxonomy's files must agree on.
HEADER_FIELDS = ("taxonomy", "description", "service", "root", "extends", "derive_from_botocore")

_CLIENT, _NETWORK = class_path(ClientError), class_path(BotoCoreError)

#: The modules whose classes a check without imports still resolves: awserrors imported them itself.
RESOLVED_WITHOUT_IMPORT = ("builtins", "botocore.exceptions")
#: What :meth:`_Checker.find` gives for a class it did not import.
_NOT_IMPORTED = object()


def check_taxonomy(
    files: list[MappingFile],
    problems: list[Problem],
    reserved: Iterable[str] = (),
    base_classes: dict[str, type] | None = None,
    base_root: str | None = None,
    skipped: list[str] | None = None,
) -> TaxonomySpec | None:
    """Check ``files`` as one taxonomy; None when any problem was found (added to ``problems``).

    ``reserved`` are names the generated module already has; ``base_classes`` are
    the classes of the taxonomy this one extends, by name, and ``base_root`` its
    root, the default root of the extension.  With ``skipped``, nothing is imported:
    each import path not resolved is appended to it, as ``path (parent of Name)``,
    and the spec is only good for counting (it may name classes it did not check).
    """
    return _Checker(files, problems, set(reserved), base_classes or {}, base_root, skipped).run()


class _Checker:
    def __init__(
        self,
        files: list[MappingFile],
        problems: list[Problem],
        reserved: set[str],
        base_classes: dict[str, type],
        base_root: str | None,
        skipped: list[str] | None = None,
    ) -> None:
        self.files = files
        self.skipped = skipped
        self.problems = problems
        self.reserved = reserved
        self.base_classes = base_classes
        self.base_root = base_root
        self.header: dict[str, tuple[Any, Location]] = {}
        self.entries: dict[str, ClassEntry] = {}
        #: importable classes named as parents (or bases of the extended taxonomy), by path
        self.external: dict[str, type] = {}
        self.bases: dict[str, tuple[str, ...]] = {}
        self.in_cycle: set[str] = set()
        self.mros: dict[str, tuple[str, ...]] = {}
        self.layout_conflicts: set[str] = set()
        self.kinds: dict[str, str] = {}
        self.hints_left = 20
        #: without imports, the module an extension extends when its classes are unknown
        self.unknown_base: str | None = None

    def add(self, where: Location, key: str, message: str) -> None:
        self.problems.append(Problem(where, key, message))

    def run(self) -> TaxonomySpec | None:
        if not self.files:
            return None
        self.check_header()
        if self.skipped is not None and not self.base_classes and self.value("extends"):
            self.unknown_base = self.value("extends")
        self.collect_classes()
        self.check_aliases()
        self.resolve_parents()
        self.find_cycles()
        self.linearize_all()
        self.check_claims()
        root = self.check_root()
        _in_file_order(self.problems, self.files)
        name = self.value("taxonomy")
        if self.problems or name is None or root is None:
            return None
        return TaxonomySpec(
            name=name,
            description=self.value("description") or "",
            service=self.value("service"),
            root=root,
            extends=self.value("extends"),
            files=tuple(f.path for f in self.files),
            classes=tuple(self.entries.values()),
            bases=self.bases,
            kinds=self.kinds,
            mros=self.mros,
            retry_statuses=_retry_statuses(self.files),
            category_rules=tuple(rule for f in self.files for rule in f.category_rules),
            retry_rules=tuple(rule for f in self.files for rule in f.retry_rules),
            derive_from_botocore=bool(self.value("derive_from_botocore")),
        )

    def value(self, field: str) -> Any:
        found = self.header.get(field)
        return found[0] if found is not None else None

    # --- the steps ------------------------------------------------------------------

    def check_header(self) -> None:
        """Every file that states a header field states the same value; a name is required."""
        for mapping in self.files:
            for field in HEADER_FIELDS:
                value = getattr(mapping, field)
                if value is None:
                    continue
                if field in self.header and self.header[field][0] != value:
                    first, where = self.header[field]
                    self.add(mapping.where_of(field), field, f"{value!r} disagrees with {first!r} ({where})")
                self.header.setdefault(field, (value, mapping.where_of(field)))
        if "taxonomy" not in self.header and not any(p.key == "taxonomy" for p in self.problems):
            self.add(
                self.files[0].where, "taxonomy", "missing; expected the taxonomy's name, such as 'myapp'"
            )

    def collect_classes(self) -> None:
        """Every class, the rows' included, declared once under a valid name."""
        first = self.files[0]
        from_rows = MappingFile(
            first.path, first.where, classes=tuple(expand_rows(self.files, self.problems))
        )
        for mapping in [*self.files, from_rows]:
            for entry in mapping.classes:
                key = f"classes.{entry.name}"
                if entry.name in self.entries:
                    self.add(
                        entry.where, key, f"class declared twice (first at {self.entries[entry.name].where})"
                    )
                    continue
                self.entries[entry.name] = entry
                if entry.name not in self.base_classes:
                    why = check_name(entry.short_name, () if entry.namespace else self.reserved)
                    if why:
                        self.add(entry.where, key, why)
                    continue
                changed = entry.given_keys & {"parent", "doc", "message", "aliases"}
                if changed:
                    self.add(
                        entry.where,
                        key,
                        "is declared by the taxonomy this one extends; an extension may add "
                        "codes, http_statuses, operations, operation_statuses and exceptions to it, "
                        "not change " + ", ".join(sorted(changed)),
                    )

    def check_aliases(self) -> None:
        """Aliases are valid names that no class or other alias has."""
        seen: set[str] = set()
        for entry in self.entries.values():
            for alias in entry.aliases:
                key = f"classes.{entry.name}.aliases"
                why = check_name(alias, self.reserved)
                if why:
                    self.add(entry.where, key, why)
                elif alias in self.entries or alias in seen or alias in self.base_classes:
                    self.add(entry.where, key, f"{alias!r} is already the name of a class or an alias")
                seen.add(alias)

    def resolve_parents(self) -> None:
        """Each parent: a class of this taxonomy, of the extended one, or an importable class."""
        for entry in self.entries.values():
            if entry.name in self.base_classes:
                continue
            key = f"classes.{entry.name}.parent"
            resolved: list[str] = []
            for parent in entry.parents:
                found = self.resolve_parent(entry, parent, key)
                if found is not None:
                    resolved.append(found)
            if len(set(resolved)) != len(resolved):
                self.add(entry.where, key, "lists the same parent twice")
                resolved = list(dict.fromkeys(resolved))
            self.bases[entry.name] = tuple(self.with_taxonomy_base(resolved))

    def resolve_parent(self, entry: ClassEntry, parent: str, key: str) -> str | None:
        if parent in self.entries:
            return parent
        if parent in self.base_classes:
            return self.remember(self.base_classes[parent])
        if "." in parent or ":" in parent:
            try:
                obj = self.find(parent, f"parent of {entry.name}")
            except Exception as exc:  # any import failure is the user's to see
                self.add(entry.where, key, _import_problem(parent, exc))
                return None
            if obj is _NOT_IMPORTED:
                return parent  # a base this check cannot see into
            if not (isinstance(obj, type) and issubclass(obj, BaseException)):
                self.add(entry.where, key, f"{parent!r} is {obj!r}, not an exception class")
                return None
            return self.remember(obj)
        if self.unknown_base is not None:  # perhaps a class of the taxonomy it extends
            assert self.skipped is not None
            self.skipped.append(f"{parent} of {self.unknown_base} (parent of {entry.name})")
            return parent
        hint = ""
        if self.hints_left > 0:  # a hint costs a scan of every class: only for the first few
            self.hints_left -= 1
            close = difflib.get_close_matches(parent, [*self.entries, *self.base_classes], n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
        self.add(
            entry.where,
            key,
            f"unknown parent {parent!r}; {hint}expected a class of this taxonomy or an importable path "
            "such as 'botocore.exceptions.ClientError' or 'myapp.errors:IntegrationException'",
        )
        return None

    def find(self, path: str, named_as: str) -> Any:
        """The class at import path ``path``; :data:`_NOT_IMPORTED` when imports are off and
        its module is not one of :data:`RESOLVED_WITHOUT_IMPORT` (then ``path (named_as)``
        is appended to :attr:`skipped`).  Raises when it does not import, or has no such name."""
        if self.skipped is None:
            return import_object(path)
        module_name, qualname = split_path(path)
        obj = sys.modules.get(module_name) if module_name in RESOLVED_WITHOUT_IMPORT else None
        if obj is None:
            self.skipped.append(f"{path} ({named_as})")
            return _NOT_IMPORTED
        for part in qualname.split("."):
            obj = getattr(obj, part)
        return obj

    def remember(self, cls: type) -> str:
        path = class_path(cls)
        self.external[path] = cls
        return path

    def with_taxonomy_base(self, parents: list[str]) -> list[str]:
        """The bases a class is really built with: awserrors' behaviour always included.

        botocore's ``ClientError`` / ``BotoCoreError`` become awserrors'
        ``TaxonomyClientError`` / ``TaxonomyNetworkError``; a class whose parents
        are all outside the taxonomy and include neither (a user's own base class)
        gets the fitting one appended.  The MRO checked is that of exactly these.
        """
        swap = {ClientError: TaxonomyClientError, BotoCoreError: TaxonomyNetworkError}
        result = []
        for parent in parents:
            cls = self.external.get(parent)
            if cls in swap:
                parent = self.remember(swap[cls])
            result.append(parent)
        classes = [self.external.get(p) for p in result]
        known = [c for c in classes if c is not None]
        ours = TaxonomyClientError | TaxonomyNetworkError
        if known and len(known) == len(classes) and not any(issubclass(c, ours) for c in known):
            network = any(issubclass(c, BotoCoreError) for c in known)
            result.append(self.remember(TaxonomyNetworkError if network else TaxonomyClientError))
        return result

    def find_cycles(self) -> None:
        """Parents that lead back to the class itself, each cycle reported once."""
        state: dict[str, int] = {}  # 1: being visited, 2: done

        def visit(node: str, trail: list[str]) -> None:
            state[node] = 1
            for parent in self.bases.get(node, ()):
                if parent not in self.bases:
                    continue
                if state.get(parent) == 1:
                    cycle = [*trail[trail.index(parent) :], parent]
                    if not self.in_cycle.intersection(cycle):
                        self.add(
                            self.entries[parent].where,
                            f"classes.{parent}.parent",
                            f"parents form a cycle: {' -> '.join(cycle)}",
                        )
                    self.in_cycle.update(cycle)
                elif parent not in state:
                    visit(parent, [*trail, parent])
            state[node] = 2

        for node in self.bases:
            if node not in state:
                visit(node, [node])

    def linearize_all(self) -> None:
        """Each class's MRO as Python would compute it, and its kind (client or network)."""
        for node in self.bases:
            mro = self.linearize(node)
            entry = self.entries[node]
            if mro is None or (self.unknown_base is not None and "parent" not in entry.given_keys):
                continue  # unknown (a base not imported), or perhaps a class of the unknown base
            self.check_layout(node, mro)
            is_client, is_network = _CLIENT in mro, _NETWORK in mro
            if is_client and is_network:
                self.add(
                    entry.where,
                    f"classes.{node}.parent",
                    "mixes ClientError and BotoCoreError ancestry; a class is one or the other",
                )
                continue
            self.kinds[node] = "network" if is_network else "client"
            wrong = (
                {"codes", "http_statuses", "operations", "operation_statuses", "message"}
                if is_network
                else {"exceptions"}
            )
            for field in sorted(wrong & entry.given_keys):
                kind_name = "BotoCoreError (network)" if is_network else "ClientError"
                reason = (
                    "network classes map botocore exceptions with 'exceptions'"
                    if is_network
                    else "'exceptions' maps botocore network errors and needs a parent "
                    "deriving from botocore.exceptions.BotoCoreError"
                )
                self.add(
                    entry.where, f"classes.{node}.{field}", f"not allowed on a {kind_name} class; {reason}"
                )
        for node, cls in self.base_classes.items():
            self.kinds[node] = "network" if issubclass(cls, BotoCoreError) else "client"

    def check_layout(self, node: str, mro: tuple[str, ...]) -> None:
        """Python refuses a class two of whose bases each add instance fields of their own
        (non-empty ``__slots__``): TaxonomyClientError keeps ``response`` and
        ``operation_name`` in slots, so a Python parent with slots of its own cannot join it.
        Reported once, for the class whose parents bring the conflict."""
        if any(parent in self.layout_conflicts for parent in self.bases.get(node, ())):
            self.layout_conflicts.add(node)
            return
        classes = [self.external[path] for path in mro if path in self.external]
        leaves = [c for c in classes if not any(d is not c and issubclass(d, c) for d in classes)]
        slotted = [c for c in leaves if any(k.__dict__.get("__slots__") for k in c.__mro__)]
        if len(slotted) < 2:  # only two bases that both add fields can conflict
            return
        try:
            type("_layout_probe", tuple(leaves), {"__module__": __name__})
        except TypeError as error:
            if "lay-out" not in str(error):
                return  # an MRO problem: reported by linearize
            self.layout_conflicts.add(node)
            names = ", ".join(class_path(c) for c in slotted)
            self.add(
                self.entries[node].where,
                f"classes.{node}.parent",
                f"{names} cannot be bases of one class: each adds instance fields of its own "
                f"(__slots__), and Python refuses that ({error}); give your class __slots__ = () "
                "or no __slots__",
            )

    def linearize(self, node: str) -> tuple[str, ...] | None:
        if node in self.mros:
            return self.mros[node]
        if node in self.external:
            return tuple(class_path(c) for c in self.external[node].__mro__)
        if node in self.in_cycle or node not in self.bases:
            return None
        parent_mros = []
        for parent in self.bases[node]:
            mro = self.linearize(parent)
            if mro is None:
                return None
            parent_mros.append(list(mro))
        order = _c3(node, parent_mros, list(self.bases[node]))
        if order is None:
            self.add(
                self.entries[node].where,
                f"classes.{node}.parent",
                f"no consistent method resolution order for parents "
                f"{', '.join(self.bases[node])}: list a subclass before its base",
            )
            return None
        self.mros[node] = tuple(order)
        return self.mros[node]

    def check_claims(self) -> None:
        """Each code, code for an operation, status, operation, status of an operation and
        exception is mapped once."""
        claims: dict[tuple[str, ...], tuple[str, Location]] = {}

        def claim(what: tuple[str, ...], owner: str, where: Location, key: str, label: str) -> None:
            if what in claims and claims[what][0] != owner:
                other, at = claims[what]
                self.add(where, key, f"{label} is already mapped to {other} ({at})")
            else:
                claims[what] = (owner, where)

        for entry in self.entries.values():
            key = f"classes.{entry.name}"
            for code in entry.codes:
                if code.service is not None:
                    label = f"code {code.code!r} of service {code.service!r}"
                    claim(
                        ("service_code", code.service, code.code),
                        entry.name,
                        code.where,
                        key + ".codes",
                        label,
                    )
                    continue
                for op in code.operations or ("",):
                    label = f"code {code.code!r}" + (f" for operation {op!r}" if op else "")
                    claim(("code", code.code, xform_name(op)), entry.name, code.where, key + ".codes", label)
            for status in entry.http_statuses:
                label = f"HTTP status {status}"
                claim(("status", str(status)), entry.name, entry.where, key + ".http_statuses", label)
            for op in entry.operations:
                claim(
                    ("operation", xform_name(op)),
                    entry.name,
                    entry.where,
                    key + ".operations",
                    f"operation {op!r}",
                )
            for op, status in entry.operation_statuses:
                claim(
                    ("operation_status", xform_name(op), str(status)),
                    entry.name,
                    entry.where,
                    key + ".operation_statuses",
                    f"HTTP status {status} of operation {op!r}",
                )
            for path in entry.exceptions:
                found = self.botocore_exception(entry, path, key + ".exceptions")
                if found is not None:
                    claim(
                        ("exception", found),
                        entry.name,
                        entry.where,
                        key + ".exceptions",
                        f"exception {path!r}",
                    )
            if entry.message is not None:
                why = _message_problem(entry.message)
                if why:
                    self.add(entry.where, key + ".message", why)

    def botocore_exception(self, entry: ClassEntry, path: str, key: str) -> str | None:
        try:
            obj = self.find(path, f"exception of {entry.name}")
        except Exception as exc:
            self.add(entry.where, key, f"{path!r} does not import: {exc}")
            return None
        if obj is _NOT_IMPORTED:
            return path  # claimed by its spelling
        if not (isinstance(obj, type) and issubclass(obj, BotoCoreError)):
            self.add(entry.where, key, f"{path!r} is not a botocore.exceptions.BotoCoreError subclass")
            return None
        return class_path(obj)

    def check_root(self) -> str | None:
        """The root: the header's, else the extended taxonomy's, else the first class; a ClientError."""
        first = self.files[0]
        root: str | None = self.value("root")
        if root is None:
            root = self.base_root or next(iter(self.entries), None)
            if root is None and not any(p.key == "classes" for p in self.problems):  # said already
                self.add(first.where, "classes", "no classes declared; expected at least one")
        elif root not in self.entries and root not in self.base_classes and self.unknown_base is None:
            close = difflib.get_close_matches(root, list(self.entries), n=1)
            known = sorted(self.entries)
            listed = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "")
            hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of its classes ({listed})"
            self.add(self.header["root"][1], "root", f"unknown class {root!r}{hint}")
        perhaps_the_base_root = self.unknown_base is not None and "root" not in self.header
        if root is not None and self.kinds.get(root) == "network" and not perhaps_the_base_root:
            where = self.header["root"][1] if "root" in self.header else first.where
            self.add(
                where,
                "root",
                f"{root!r} is a network (BotoCoreError) class; the root must be a ClientError class",
            )
        return root


# --- helpers ---------------------------------------------------------------------------


def check_name(name: str, reserved: Iterable[str] = ()) -> str | None:
    """Why ``name`` cannot be a generated class name, or None when it can."""
    if not name.isidentifier():
        return f"{name!r} is not a Python identifier; use letters, digits and underscores"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"{name!r} is a Python keyword"
    if name.startswith("_"):
        return f"{name!r} starts with '_'; generated classes are public names"
    if name in set(reserved):
        return f"{name!r} would shadow an attribute the module already has"
    return None


def _message_problem(template: str) -> str | None:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"{template!r} is not a valid template: {exc}"
    for _text, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in MESSAGE_FIELDS or spec or conversion:
            return (
                f"{template!r} uses {{{field}}}; a message may use only plain "
                f"placeholders: {', '.join('{' + f + '}' for f in MESSAGE_FIELDS)}"
            )
    return None


def _import_problem(path: str, exc: Exception) -> str:
    """Why a class path does not import, in words: a module still running its own code (the
    module calling generate_module, with the class defined below the call) says so."""
    module_name, _, qualname = path.partition(":") if ":" in path else path.rpartition(".")
    module = sys.modules.get(module_name)
    spec = getattr(module, "__spec__", None)
    first = qualname.partition(".")[0]
    if module is not None and getattr(spec, "_initializing", False) and not hasattr(module, first):
        return (
            f"{path!r} is not defined yet: {module_name} is still being imported; define {first} "
            "above the call to generate_module (parents are looked up when it runs)"
        )
    return f"{path!r} does not import: {exc}"


def _c3(name: str, parent_mros: list[list[str]], parents: list[str]) -> list[str] | None:
    """C3 linearization, as Python computes an MRO; None when no order exists."""
    result = [name]
    sequences = [list(m) for m in parent_mros] + [list(parents)]
    while True:
        sequences = [s for s in sequences if s]
        if not sequences:
            return result
        for sequence in sequences:
            head = sequence[0]
            if not any(head in s[1:] for s in sequences):
                break
        else:
            return None
        result.append(head)
        for sequence in sequences:
            if sequence[0] == head:
                del sequence[0]


def _retry_statuses(files: list[MappingFile]) -> dict[int, tuple[bool, bool]]:
    """HTTP status -> (retryable, throttling) from retry rules that name only statuses."""
    result: dict[int, tuple[bool, bool]] = {}
    for mapping in files:
        for rule in mapping.retry_rules:
            if rule.http_statuses and not (rule.codes or rule.names or rule.fault):
                for status in rule.http_statuses:
                    retryable, throttling = result.get(status, (False, False))
                    result[status] = (retryable or bool(rule.retryable), throttling or bool(rule.throttling))
    return result


def _in_file_order(problems: list[Problem], files: list[MappingFile]) -> None:
    """Sort ``problems`` by file (in the order given), then line and column.

    A file that did not parse (so is not in ``files``) keeps its place after the
    file whose problems came before its own.
    """
    rank = {mapping.path: (i, 0) for i, mapping in enumerate(files)}
    previous = (-1, 0)
    for problem in problems:
        previous = rank.setdefault(problem.where.file, (previous[0], previous[1] + 1))
    problems.sort(key=lambda p: (rank[p.where.file], p.where.line, p.where.column))


__all__ = ["RESOLVED_WITHOUT_IMPORT", "check_name", "check_taxonomy"]
