"""Writing a chunk's stored gates: two statements whatever the chunk's size.

The stored gate, the date judged and the time go out in one UPDATE from a VALUES list, and
each row's history (simple-history's update row, as bulk_update_with_history wrote it) is
copied by the database with INSERT ... SELECT: no CASE expression per row and field, no
historical object per enrolment, no snapshot sent twice. Profiled on a nightly chunk of
200, bulk_update_with_history was a quarter of the chunk's time (docs/performance.md).
"""

import datetime as dt
import json

from django.conf import settings
from django.db import connection

from rehab.models import Enrolment

# The VALUES list's types: PostgreSQL reads a bare parameter there as text.
CASTS = {
    "postgresql": ("%s::bigint", "%s::date", "%s::jsonb"),
    "sqlite": ("%s", "%s", "%s"),
}


def store_gates(enrolments: list[Enrolment], now: dt.datetime) -> None:
    """Store each enrolment's `gate_snapshot` and `nightly_for`, `evaluated_at` = now, with
    one history row each (history_type "~", dated now, the request's user if any)."""
    if not enrolments:
        return
    quote = connection.ops.quote_name
    table, history = Enrolment._meta.db_table, Enrolment.history.model
    row = "(" + ", ".join(CASTS[connection.vendor]) + ")"
    params = []
    for e in enrolments:
        snapshot = None if e.gate_snapshot is None else json.dumps(e.gate_snapshot)
        params += [e.pk, e.nightly_for, snapshot]
    ids = [e.pk for e in enrolments]
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH v(id, nightly_for, gate_snapshot) AS (VALUES {', '.join([row] * len(ids))})"
            f" UPDATE {quote(table)} SET nightly_for = v.nightly_for,"
            f" gate_snapshot = v.gate_snapshot, evaluated_at = %s"
            f" FROM v WHERE {quote(table)}.id = v.id",
            [*params, now],
        )
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        columns = [quote(f.column) for f in history.tracked_fields]
        user = history.get_default_history_user(enrolments[0])
        placeholders = ", ".join(["%s"] * len(ids))
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}, history_date,"
            f" history_change_reason, history_type, history_user_id)"
            f" SELECT {', '.join(columns)}, %s, NULL, '~', %s FROM {quote(table)}"
            f" WHERE id IN ({placeholders}) ORDER BY id",
            [now, getattr(user, "pk", None), *ids],
        )
