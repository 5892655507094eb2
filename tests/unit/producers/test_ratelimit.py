"""The token bucket, driven by an injected clock: steady rate, bounded bursts, no drift."""

from __future__ import annotations

import random

import pytest

from producers.ratelimit import TokenBucket


class FakeClock:
    """A clock that only moves when the code under test sleeps (optionally oversleeping)."""

    def __init__(self, jitter: float = 0.0, seed: int = 0) -> None:
        self.now = 1000.0
        self.jitter = jitter
        self.rng = random.Random(seed)
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds + self.rng.uniform(0, self.jitter)


@pytest.mark.parametrize(
    ("rate", "n", "jitter"),
    [(100.0, 1_000, 0.0), (2_000.0, 20_000, 0.0), (100.0, 1_000, 0.004), (5.0, 50, 0.05)],
)
def test_average_rate_holds_without_drift(rate: float, n: int, jitter: float) -> None:
    clock = FakeClock(jitter)
    bucket = TokenBucket(rate, burst=1, clock=clock, sleep=clock.sleep)
    start = clock.now
    for _ in range(n):
        bucket.acquire()
    elapsed = clock.now - start
    # n tokens with one saved up take (n - 1) / rate; oversleeping only delays by the last jitter
    assert (n - 1) / rate <= elapsed + 1e-9
    assert elapsed <= (n - 1) / rate + jitter + 1e-9


def test_burst_is_served_immediately_then_paced() -> None:
    clock = FakeClock()
    bucket = TokenBucket(10.0, burst=5, clock=clock, sleep=clock.sleep)
    for _ in range(5):
        bucket.acquire()
    assert clock.sleeps == []
    bucket.acquire()
    assert clock.sleeps == [pytest.approx(0.1)]


def test_idle_time_saves_up_at_most_the_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(10.0, burst=3, clock=clock, sleep=clock.sleep)
    clock.now += 60  # a minute idle
    waits = [bucket.reserve() for _ in range(4)]
    assert waits[:3] == [0.0, 0.0, 0.0] and waits[3] == pytest.approx(0.1)


def test_rate_zero_is_unlimited() -> None:
    clock = FakeClock()
    bucket = TokenBucket(0, clock=clock, sleep=clock.sleep)
    for _ in range(10_000):
        bucket.acquire()
    assert clock.sleeps == []


def test_negative_rate_is_rejected() -> None:
    with pytest.raises(ValueError):
        TokenBucket(-1)
