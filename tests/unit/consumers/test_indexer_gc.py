"""Planning a batch keeps the cyclic garbage collector off the batch's objects until it is done."""

from __future__ import annotations

import gc
import json

import pytest

from consumers.batch import Indexer, Message
from consumers.indexer import plan_untraced


@pytest.mark.parametrize("enabled", [True, False])
def test_the_plan_is_frozen_and_the_collector_state_restored(enabled: bool) -> None:
    value = json.dumps({"entity_id": "per-a", "version": 1, "records": [{"record_key": "a"}]}).encode()
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        plan = plan_untraced(Indexer("i"), [Message("e", 0, 0, b"per-a", value)])
        assert gc.isenabled() is enabled
        source = plan.actions["per-a"][0]["_source"]
        assert gc.get_freeze_count() > 0 and gc.is_tracked(source)
        assert not any(o is source for o in gc.get_objects())   # in no generation: frozen
        gc.unfreeze()
        assert gc.get_freeze_count() == 0 and any(o is source for o in gc.get_objects(2))
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
