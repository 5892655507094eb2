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
