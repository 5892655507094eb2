"""Which stretch of an idle partition the sweeper hands back to Faust, and when it waits."""

import time

from streams.sweeper import IDLE, RETRY, Progress

TP = ("t.agency.police", 3)


def test_an_idle_partition_short_of_its_end_gets_its_tail_back_once():
    progress = Progress()
    progress.done(TP, 4, now=100.0)
    assert progress.missing(TP, None, 9, now=100.0 + IDLE / 2) is None  # still busy: wait
    assert progress.missing(TP, None, 9, now=100.0 + IDLE) == (5, 9)
    assert progress.missing(TP, None, 9, now=100.0 + IDLE + 1) is None  # handed back, give it time
    assert progress.missing(TP, None, 9, now=100.0 + IDLE + RETRY) == (5, 9)  # still not handled: again


def test_nothing_to_do_at_the_end_and_committed_offset_when_never_seen():
    progress = Progress()
    progress.done(TP, 8, now=0.0)
    assert progress.missing(TP, None, 9, now=50.0) is None
    assert progress.missing(("t.records", 0), 2, 5, now=50.0) == (2, 5)  # never handled here: from the commit
    progress.forget([TP])
    assert progress.missing(TP, None, 9, now=50.0) is None  # revoked and no commit known: nothing to say


def test_a_busy_agent_is_left_alone_whatever_its_partitions_look_like():
    progress = Progress()
    progress.done(TP, 4, "ingest", now=100.0)
    progress.done(("t.agency.customs", 0), 70, "ingest", now=109.0)  # the agent works through a backlog
    assert progress.missing(TP, None, 9, now=110.0, agent="ingest") is None
    assert progress.missing(TP, None, 9, now=109.0 + IDLE, agent="ingest") == (5, 9)


def test_an_agent_in_the_middle_of_a_batch_is_busy_however_long_the_batch_takes():
    """Sending a big batch's documents can take longer than IDLE: the records log is not short, just not done yet."""
    tp, started = ("t.records", 0), time.monotonic()
    progress = Progress()
    progress.done(tp, 4, "resolve", now=started)
    with progress.batch("resolve"):
        assert progress.missing(tp, None, 9, now=started + 10 * IDLE, agent="resolve") is None
    finished = time.monotonic()
    assert progress.missing(tp, None, 9, now=finished + IDLE / 2, agent="resolve") is None  # idle only from the end
    assert progress.missing(tp, None, 9, now=finished + IDLE, agent="resolve") == (5, 9)


def test_a_handed_back_message_is_committed_once_its_stream_acks_it():
    """Faust's consumer only hears the final ack of a ConsumerMessage: a handed-back tail must be one."""
    import asyncio
    from types import SimpleNamespace

    from streams.catchup import Raw
    from streams.sweeper import Progress, sweep

    delivered, acked = [], []
    consumer = SimpleNamespace(assignment=lambda: [SimpleNamespace(topic="t.records", partition=1)],
                               ack=lambda message: acked.append(message.offset) or True)

    async def on_message(message):
        delivered.append(message)

    async def scenario():
        app = SimpleNamespace(loop=asyncio.get_running_loop(), consumer=consumer, consumer_generation_id=3,
                              topics=SimpleNamespace(on_message=on_message))
        progress = Progress()
        progress.done(("t.records", 1), 132, "resolve", now=0.0)
        return await sweep(app, progress, {"t.records": "resolve"}, lambda topic, partition: 120,
                           lambda topic, partition: 134,
                           lambda topic, partition, start, end: [Raw(o, None, b"{}", 5) for o in range(start, end)])

    assert asyncio.run(scenario()) == 1
    [message] = delivered
    assert message.offset == 133 and message.generation_id == 3
    message.incref()
    assert message.ack(consumer) and acked == [133]  # the stream's final ack reaches the consumer


def test_nothing_is_handed_back_while_an_agent_buffer_is_crowded():
    """Under a backlog Faust's delivery waits on a full ingest buffer; the records log is queued behind it, not lost."""
    import asyncio
    from types import SimpleNamespace

    from mode.utils.queues import FlowControlEvent, FlowControlQueue

    from streams.catchup import Raw
    from streams.sweeper import crowded, sweep

    reads = []

    async def scenario(fill: int) -> int:
        ingest = FlowControlQueue(maxsize=100, flow_control=FlowControlEvent())
        for n in range(fill):
            ingest.put_nowait(n)
        assert crowded([ingest]) == (fill >= 80)  # Faust's pressure mark: maxsize / 1.25
        consumer = SimpleNamespace(assignment=lambda: [SimpleNamespace(topic="t.records", partition=1)])
        app = SimpleNamespace(loop=asyncio.get_running_loop(), consumer=consumer, consumer_generation_id=3,
                              topics=SimpleNamespace(on_message=lambda message: asyncio.sleep(0)))
        progress = Progress()
        progress.done(("t.records", 1), 132, "resolve", now=0.0)
        return await sweep(app, progress, {"t.records": "resolve"}, lambda topic, partition: 120,
                           lambda topic, partition: 140,
                           lambda topic, partition, start, end: reads.append((start, end))
                           or [Raw(o, None, b"{}", 5) for o in range(start, end)],
                           lambda: [ingest])

    assert asyncio.run(scenario(fill=99)) == 0 and reads == []
    assert asyncio.run(scenario(fill=79)) == 7 and reads == [(133, 140)]


def test_waiting_on_delivery_counts_as_busy_until_idle_after_it():
    tp = ("t.records", 0)
    progress = Progress()
    progress.done(tp, 4, "resolve", now=100.0)
    progress.waiting(["resolve", "ingest"], now=120.0)  # a crowded pass: delivery was stuck until now
    assert progress.missing(tp, None, 9, now=120.0 + IDLE / 2, agent="resolve") is None
    assert progress.missing(tp, None, 9, now=120.0 + IDLE, agent="resolve") == (5, 9)
