"""A row read by primary key whose SQL is compiled once per process.

Django compiles a QuerySet's SQL every time it is evaluated. For the case lock that
every transition takes — the case, its officer, its open desk task and that task's
process, about 80 columns — compiling cost the web process more CPU than PostgreSQL
spent running the query. ``PreparedGet`` compiles the QuerySet once per database
alias, then runs the same SQL with another primary key and builds the objects as
QuerySet iteration does: the fields' converters, ``Model.from_db`` and the
select_related populators. It is meant for a fixed query shape whose only parameter
is the primary key; tests compare what it returns with the plain QuerySet's ``get``.
"""

from dataclasses import dataclass

from django.db import connections
from django.db.models.query import get_related_populators

_PK_PLACEHOLDER = 0


@dataclass(frozen=True)
class _Compiled:
    sql: str
    compiler: object
    converters: dict
    model: type
    start: int
    end: int
    init_list: list
    populators: list


class PreparedGet:
    def __init__(self, make_queryset):
        """``make_queryset()`` returns the QuerySet to prepare, without the pk filter."""
        self._make_queryset = make_queryset
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, using: str) -> _Compiled:
        queryset = self._make_queryset().using(using).filter(pk=_PK_PLACEHOLDER)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if list(params) != [_PK_PLACEHOLDER]:
            raise ValueError("PreparedGet needs a query whose only parameter is the primary key")
        klass_info = compiler.klass_info
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        compiled = _Compiled(
            sql=sql,
            compiler=compiler,
            converters=compiler.get_converters([s[0] for s in compiler.select[:compiler.col_count]]),
            model=klass_info["model"],
            start=start,
            end=end,
            init_list=[s[0].target.attname for s in compiler.select[start:end]],
            populators=get_related_populators(klass_info, compiler.select, using),
        )
        self._compiled[using] = compiled
        return compiled

    def get(self, pk, using: str = "default"):
        """The object with primary key ``pk`` (``DoesNotExist`` when there is none)."""
        compiled = self._compiled.get(using) or self._compile(using)
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, [pk])
            row = cursor.fetchone()
        if row is None:
            raise compiled.model.DoesNotExist(f"{compiled.model.__name__} {pk} does not exist")
        if compiled.converters:
            row = next(compiled.compiler.apply_converters([row], compiled.converters))
        obj = compiled.model.from_db(using, compiled.init_list, row[compiled.start:compiled.end])
        for populator in compiled.populators:
            populator.populate(row, obj)
        return obj
