"""Classes for the error shapes the shipped tables lack, derived from the installed botocore.

botocore releases new services and error shapes every few days; the tables a
wheel ships know the botocore they were imported from.  When a lookup names a
service and the code is not in the tables, the service's model is read from the
installed botocore (once per service, only on such a miss) and each shape the
tables lack gets the class rows the importer would have written: the same
category and retry rules (:mod:`awserrors._rules`), the modeled status, fault and
retryable trait.  A query-compatible service's older Query codes (which older
botocore models carry) map to their shape's class too.  Only taxonomies whose
YAML says ``derive_from_botocore: true`` (the AWS-wide one) derive.
"""

from __future__ import annotations

import threading

from awserrors import _botocore_models
from awserrors._rules import (
    CODES,
    MatchRule,
    Row,
    code_class_name,
    code_flags,
    place,
    qualified,
    service_module_name,
    service_namespace,
)
from awserrors._tables import ClassRow, Tables, class_row

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable

#: ``ClassRow.file`` of a derived class: it comes from a botocore model, not from a YAML line.
FROM_BOTOCORE = -1


#: How many service names' derived codes are kept (botocore has some 450 services; any
#: other name asked for, a typo say, is kept too, so the count is bounded).
SERVICES_KEPT = 4096


class Derived:
    """The derived class rows and code maps of one taxonomy, filled one service at a time."""

    def __init__(self, tables: Callable[[], Tables]) -> None:
        self.tables = tables
        self.lock = threading.RLock()
        #: class name -> row, for classes the tables lack
        self.rows: dict[str, ClassRow] = {}
        #: service -> {code -> class name}, for codes the tables lack
        self.service_codes: dict[str, dict[str, str]] = {}
        #: code -> its code class, for codes the tables lack (met through some service)
        self.codes: dict[str, str] = {}
        self._modules: dict[str, str] | None = None

    def enabled(self) -> bool:
        return bool(self.tables().derive_from_botocore)

    def service_of(self, module_name: str) -> str | None:
        """The botocore service whose namespace module is ``services.<module_name>``, if any."""
        modules = self._modules
        if modules is None:
            try:
                services = _botocore_models.available_services()
            except Exception:  # a botocore without its data: nothing to derive from
                services = []
            modules = self._modules = {service_module_name(s): s for s in services}
        return modules.get(module_name)

    def codes_of(self, service: str) -> dict[str, str]:
        """The codes of ``service`` the tables lack, each with its derived (or shipped) class."""
        found = self.service_codes.get(service)
        if found is None:
            with self.lock:
                found = self.service_codes.get(service)
                if found is None:
                    found = self._derive(service) if self.enabled() else {}
                    if len(self.service_codes) >= SERVICES_KEPT:  # names asked that are no service:
                        self.service_codes.clear()  # bounded (what was derived is derived again)
                    self.service_codes[service] = found
        return found

    def row(self, name: str) -> ClassRow | None:
        """The derived row of class ``name``, deriving its service first if need be."""
        row = self.rows.get(name)
        if row is None and name.startswith("services.") and self.enabled():
            module = name.partition(":")[0].partition(".")[2]
            service = self.service_of(module)
            if service is not None:
                self.codes_of(service)
                row = self.rows.get(name)
        return row

    def names_in(self, service: str) -> list[str]:
        """The short names of the derived classes of ``service``."""
        self.codes_of(service)
        prefix = service_namespace(service) + ":"
        return [name[len(prefix) :] for name in self.rows if name.startswith(prefix)]

    def _derive(self, service: str) -> dict[str, str]:
        tables = self.tables()
        try:
            shapes = _botocore_models.error_shapes(service)
        except Exception:  # not a service this botocore has
            return {}
        category_rules = [MatchRule._make(r) for r in tables.category_rules]
        retry_rules = [MatchRule._make(r) for r in tables.retry_rules]
        shipped = tables.service_codes.get(service, {})
        wire_codes = {shape.code for shape in shapes} | set(shipped)
        found: dict[str, str] = {}
        for shape in shapes:
            known = shipped.get(shape.code)
            if known is None:
                known = self._derive_shape(tables, service, shape, category_rules, retry_rules)
                if known is None:
                    continue
                found[shape.code] = known
            # The older Query code a query-compatible service sends in Error.Code.
            if shape.legacy_code and shape.legacy_code not in wire_codes:
                found[shape.legacy_code] = known
                self.codes.setdefault(shape.legacy_code, known)
        return found

    def _derive_shape(
        self,
        tables: Tables,
        service: str,
        shape: _botocore_models.ErrorShape,
        category_rules: list[MatchRule],
        retry_rules: list[MatchRule],
    ) -> str | None:
        """The rows the importer would write for one shape (as ``_rows.expand_rows`` does)."""
        row = Row(
            shape.name,
            code=shape.code if shape.code != shape.name else None,
            legacy_code=shape.legacy_code,
            http_status=shape.http_status,
            fault=shape.fault,
            retryable=shape.retryable or None,
            throttling=shape.throttling or None,
        )
        placed = place(row, category_rules, retry_rules)
        if placed is None:
            return None
        code = row.wire_code
        code_name = qualified(CODES, code_class_name(code))
        code_row = self._row_anywhere(tables, code_name)
        if code_row is None:
            retryable, throttling = code_flags(code, retry_rules)
            code_row = ClassRow(
                bases=(placed.code_category,),
                doc=None,
                retryable=retryable,
                throttling=throttling,
                message=self._message_of(tables, placed.code_category),
                code=code,
                status=row.http_status,
                kind="client",
                file=FROM_BOTOCORE,
                line=0,
                home=None,
                namespace=CODES,
            )
            self.rows[code_name] = code_row
            self.codes.setdefault(code, code_name)
        code_category = code_row.bases[0]
        name = qualified(service_namespace(service), shape.name)
        if self._row_anywhere(tables, name) is not None:
            return name  # the class exists; the model now sends another code for it
        extra = (placed.category,) if placed.category != code_category else ()
        self.rows[name] = ClassRow(
            bases=(code_name, *extra),
            doc=None,
            retryable=placed.retryable,
            throttling=placed.throttling,
            message=code_row.message,
            code=code,
            status=row.http_status,
            kind="client",
            file=FROM_BOTOCORE,
            line=0,
            home=None,
            namespace=service_namespace(service),
        )
        return name

    def _row_anywhere(self, tables: Tables, name: str) -> ClassRow | None:
        if name in tables.classes:
            return class_row(tables, name)
        return self.rows.get(name)

    def _message_of(self, tables: Tables, name: str) -> str | None:
        row = self._row_anywhere(tables, name)
        return row.message if row is not None else None


__all__ = ["FROM_BOTOCORE", "Derived"]
