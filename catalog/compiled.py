"""Querysets compiled to SQL once per process, for the fixed-shape queries a page makes on every view.

Django builds a query's SQL anew each time it runs. For the program page's queries (its program with
the stored figures, its pathways with their degrees) that building cost four to five times what
PostgreSQL took to run them. A `CompiledQuery` builds its queryset once with marker values in place
of the real ones, keeps the compiled SQL, and on each run swaps the real values in and turns the
rows into model instances as the queryset does: field converters, `select_related` objects and
annotations included. The queryset stays the one definition of the query.
"""

import threading

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models.query import get_related_populators

# Values no query is asked for: a marker must show up exactly once among the compiled parameters.
_MARKERS = {str: "\x00compiled query marker {}\x00", int: -2_000_000_011}


class CompiledQuery:
    """`build(**values)` returns a queryset of model instances; `values` names each value's type
    (`str` or `int`, the types that reach the parameters as they are given)."""

    def __init__(self, build, **values: type):
        unknown = [name for name, kind in values.items() if kind not in _MARKERS]
        if unknown:
            raise ImproperlyConfigured(f"CompiledQuery takes str or int values, not for {', '.join(unknown)}")
        self.build = build
        self.markers = {
            name: _MARKERS[kind].format(name) if kind is str else _MARKERS[kind] - index
            for index, (name, kind) in enumerate(values.items())
        }
        self._compiled = {}  # database alias -> _Compiled
        self._lock = threading.Lock()

    def __call__(self, **values) -> list:
        """The instances the queryset built with `values` gives, in its order."""
        if values.keys() != self.markers.keys():
            raise TypeError(f"CompiledQuery takes {sorted(self.markers)}, not {sorted(values)}")
        compiled = self._compiled_for(self._database())
        return compiled.run(values)

    def _database(self) -> str:
        if not hasattr(self, "_model"):
            self._model = self.build(**self.markers).model
        return router.db_for_read(self._model)

    def _compiled_for(self, using):
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.setdefault(
                    using, _Compiled(self.build(**self.markers), using, self.markers)
                )
        return compiled


class _Compiled:
    def __init__(self, queryset, using, markers):
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        self.sql, self.params = sql, list(params)
        self.positions = {}
        for name, marker in markers.items():
            found = [index for index, param in enumerate(self.params) if param == marker]
            if len(found) != 1:
                raise ImproperlyConfigured(
                    f"CompiledQuery: the value {name!r} reaches the SQL {len(found)} times, not once"
                )
            self.positions[name] = found[0]
        # What ModelIterable reads off the compiler after running the query, read once.
        self.using = using
        klass_info = compiler.klass_info
        self.model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.fields = slice(start, end)
        self.init_list = [column[0].target.attname for column in compiler.select[self.fields]]
        self.populators = get_related_populators(klass_info, compiler.select, using)
        self.annotations = list(compiler.annotation_col_map.items())
        self.converters = list(
            compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]]).items()
        )

    def run(self, values) -> list:
        params = self.params.copy()
        for name, position in self.positions.items():
            params[position] = values[name]
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        instances = []
        for row in rows:
            if self.converters:
                row = list(row)
                for position, (converters, expression) in self.converters:
                    for convert in converters:
                        row[position] = convert(row[position], expression, connection)
            instance = self.model.from_db(self.using, self.init_list, row[self.fields])
            for populator in self.populators:
                populator.populate(row, instance)
            for name, position in self.annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances


def as_prefetched(instance, name: str, related: list) -> None:
    """Let `instance.<name>.all()` give `related` without a query, as `prefetch_related` leaves a
    one-to-many relation (each related instance knows `instance` too): for the rows a
    `CompiledQuery` read, where the code that reads the relation is shared with other pages."""
    manager = getattr(instance, name)
    foreign_key = manager.field
    for row in related:
        foreign_key.set_cached_value(row, instance)
    queryset = manager.get_queryset()  # still the relation's queryset for anything chained on it
    queryset._result_cache = list(related)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[foreign_key.remote_field.cache_name] = queryset
