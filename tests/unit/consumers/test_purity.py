"""The pure modules import no Kafka or Elasticsearch client (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

PURE = ("consumers.documents", "consumers.members", "consumers.batch", "consumers.query", "consumers.mappings",
        "consumers.deadletters", "consumers.errors", "consumers.indexer", "consumers.search", "consumers.elastic",
        "consumers.generations", "consumers.links")
HEAVY = ("elasticsearch", "confluent_kafka", "faust", "aiokafka")


def test_importing_consumers_loads_no_client_library() -> None:
    code = (f"import sys\nfor m in {PURE!r}: __import__(m)\n"
            f"print(','.join(sorted(h for h in {HEAVY!r} if h in sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == ""
