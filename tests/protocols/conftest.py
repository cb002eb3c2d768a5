import pytest


@pytest.fixture
def no_protocols(db):
    """Loader tests start from an empty protocol table (the suite loads the shipped ones)."""
    from protocols.models import Protocol, ProtocolVersion

    ProtocolVersion.objects.all().delete()
    Protocol.objects.all().delete()
