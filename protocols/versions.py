"""Which protocol versions a user may read: the generic clinic rule of patients/access.py
applied to protocol versions (shipped ones for everyone, a clinic's copies for its own)."""

from django.db.models import QuerySet

from patients import access
from protocols.models import ProtocolVersion


def visible_protocol_versions(user) -> QuerySet[ProtocolVersion]:
    """Shipped versions for every signed-in user, plus their own clinic's copies."""
    return access.scope_to_clinic(ProtocolVersion.objects.all(), user, via="clinic", shared=True)


def current_protocol_versions(user) -> list[ProtocolVersion]:
    """Per protocol, the version this user's clinic uses now: its own latest copy if it
    made one, otherwise the latest shipped version."""
    current: dict[int, ProtocolVersion] = {}
    versions = visible_protocol_versions(user).select_related("protocol").order_by("number")
    for version in versions:
        mine = current.get(version.protocol_id)
        if mine is None or not (mine.clinic_id and not version.clinic_id):
            current[version.protocol_id] = version
    return sorted(current.values(), key=lambda v: v.protocol.slug)
