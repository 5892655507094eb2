"""Pure parts of the producer client: message keys and the delivery error's detail."""

from __future__ import annotations

from producers.client import PRODUCER_DEFAULTS, DeliveryError, DeliveryFailure, event_key
from schemas.errors import EnlaceError


def test_event_key_is_agency_and_source_record() -> None:
    assert event_key({"envelope": {"agency": "police", "source_record_id": "INC-2025-000001"}}) == "police:INC-2025-000001"


def test_delivery_error_lists_failures() -> None:
    failures = [DeliveryFailure("t.agency.police", f"police:{i}", "Local: Unknown topic") for i in range(7)]
    error = DeliveryError(failures, undelivered=2)
    assert isinstance(error, EnlaceError)
    assert error.failures == failures and error.undelivered == 2
    assert str(error).startswith("7 failed deliveries, 2 still queued.") and "police:4" in str(error)
    assert "police:5" not in str(error)  # a sample, not the whole list


def test_producer_is_idempotent_and_waits_for_all_replicas() -> None:
    assert PRODUCER_DEFAULTS["enable.idempotence"] is True and PRODUCER_DEFAULTS["acks"] == "all"
    assert PRODUCER_DEFAULTS["allow.auto.create.topics"] is False


class _Delivered:
    """What a delivery report hands the callback (confluent-kafka's ``Message``), as far as it is read."""

    def __init__(self, offset: int | None) -> None:
        self._offset = offset

    def topic(self) -> str:
        return "t.agency.police"

    def partition(self) -> int:
        return 3

    def key(self) -> bytes:
        return b"police:INC-1"

    def offset(self) -> int | None:
        return self._offset


def test_deliveries_confirmed_without_an_offset_are_kept_apart() -> None:
    from deploy.settings import Settings
    from producers.client import AgencyProducer

    producer = AgencyProducer(Settings(), codec=lambda event: b"")  # type: ignore[arg-type]
    for offset in (0, 7, None, -1001):
        producer._on_delivery(None, _Delivered(offset))
    assert producer.delivered == 4
    assert producer.unplaced == [("t.agency.police", 3, "police:INC-1")] * 2
