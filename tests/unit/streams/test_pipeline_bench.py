"""The pipeline benchmark's own arithmetic: CPU accounting from /proc and percentiles."""

import os
import subprocess
import sys
import time

from streams.pipeline_bench import cpu_seconds, percentiles, work_per_event


def test_cpu_seconds_counts_a_process_work_and_nothing_for_a_gone_one():
    busy = subprocess.Popen([sys.executable, "-c", "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass\ntime.sleep(30)"])
    try:
        deadline = time.monotonic() + 20
        while cpu_seconds(busy.pid) < 0.5 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert 0.5 <= cpu_seconds(busy.pid) < 5
    finally:
        busy.kill()
        busy.wait()
    assert cpu_seconds(busy.pid) == 0.0
    assert cpu_seconds(os.getpid()) > 0


def test_percentiles():
    assert percentiles([]) == {}
    assert percentiles([5.0]) == {"p50": 5.0, "p95": 5.0, "p99": 5.0}
    cuts = percentiles([float(v) for v in range(1, 101)])
    assert cuts["p50"] == 50.5 and 95 <= cuts["p95"] <= 96 and 99 <= cuts["p99"] <= 100


def test_work_per_event_counts_only_the_named_topics_between_the_two_readings():
    before = {("p.records", 0): 10, ("p.records", 1): 0, ("p.entities", 0): 5}
    after = {("p.records", 0): 30, ("p.records", 1): 20, ("p.entities", 0): 25, ("p.other", 0): 99,
             ("p.redirects", 0): 3}  # a partition first seen after the start counts from 0
    work = work_per_event(20, before, after, {"commands": "p.records", "documents": "p.entities",
                                              "redirects": "p.redirects"}, {"index operations": 10})
    assert work == {"commands": 2.0, "documents": 1.0, "redirects": 0.15, "index operations": 0.5}
