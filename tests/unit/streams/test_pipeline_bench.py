"""The pipeline benchmark's own arithmetic: CPU accounting from /proc and percentiles."""

import os
import subprocess
import sys
import time

from streams.pipeline_bench import cpu_seconds, percentiles


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
