"""The one Faust application: settings -> broker options, topics, tables and agents; and the worker runner."""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any

from streams.agents import Channels, Gaps, Resolving, register_agents
from streams.topology import (
    DEDUPE_TABLE,
    JUDGEMENT_PARTITIONS,
    RECORD_PARTITIONS,
    SNAPSHOT_TABLE,
    ensure_topology,
    topology,
)

if TYPE_CHECKING:
    import faust

    from deploy.settings import Settings
    from streams.ingest import Ingestor


def broker_urls(settings: Settings) -> list[str]:
    return [f"kafka://{host.strip()}" for host in settings.kafka.bootstrap_servers.split(",") if host.strip()]


def broker_credentials(settings: Settings) -> Any:
    """Our Kafka security settings as Faust credentials (None for PLAINTEXT)."""
    import faust

    kafka = settings.kafka
    context = None
    if kafka.security_protocol in ("SSL", "SASL_SSL"):
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=kafka.ssl_ca_location)
    if kafka.security_protocol.startswith("SASL"):
        password = kafka.sasl_password.get_secret_value() if kafka.sasl_password else None
        return faust.SASLCredentials(
            username=kafka.sasl_username, password=password, ssl_context=context, mechanism=kafka.sasl_mechanism or "PLAIN"
        )
    if context is not None:
        return faust.SSLCredentials(context)
    return None


def app_options(settings: Settings) -> dict[str, Any]:
    """Every ``faust.App`` option Enlace sets, derived from the settings."""
    stream = settings.stream
    return {
        "broker": broker_urls(settings),
        "broker_credentials": broker_credentials(settings),
        "store": stream.store,
        "datadir": str(stream.data_dir),
        "topic_partitions": settings.kafka.partitions,
        "topic_replication_factor": 1,
        "topic_disable_leader": True,
        "processing_guarantee": "at_least_once",
        "producer_acks": -1,
        "consumer_auto_offset_reset": "earliest",
        "broker_commit_interval": 1.0,
        # Faust's default batch (16 KiB) holds a handful of fused documents or journal entries; aiokafka then
        # parks every send to a partition whose batch is full until the in-flight request returns, so the
        # fusion topic, the fusion changelog and the entities topic advanced one small batch per round trip
        "producer_max_batch_size": 512 * 1024,
        # up to 10 ms to fill a batch: without it every send went out in its own small request, and the worker
        # spent about a seventh of its time writing produce requests
        "producer_linger": 0.01,
        "broker_session_timeout": stream.session_timeout,
        "web_enabled": True,
        "web_bind": stream.web_bind,
        "web_port": stream.web_port,
        "web_in_thread": False,
        # an agent that crashes stops the worker (exit, restart by the supervisor of processes) instead of
        # leaving a live process that silently stopped fusing
        "agent_supervisor": "mode.CrashingSupervisor",
    }


def make_app(settings: Settings, ingestor: Ingestor | None = None) -> faust.App:
    """The Faust app with its agents registered (``ingestor`` defaults to the project's codec/validator)."""
    import faust

    from schemas.judgements import read_judgement
    from streams import commits, flush, monitor
    from streams.catchup import Watermarks, committed_offset, read_log, read_range
    from streams.sweeper import sweep
    from streams.ingest import make_ingestor

    flush.install()
    t = topology(settings)
    app = faust.App(t.group, **app_options(settings))
    raw: dict[str, Any] = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}
    channels = Channels(
        agency=app.topic(*t.agency_topics, **raw),
        judgements=app.topic(t.judgements, partitions=JUDGEMENT_PARTITIONS, **raw),
        records=app.topic(t.records, partitions=RECORD_PARTITIONS, **raw),
        entities=app.topic(t.entities, **raw),
        redirects=app.topic(t.redirects, **raw),
        dead_letters=app.topic(t.dead_letters, **raw),
    )
    dedupe = app.Table(DEDUPE_TABLE, partitions=t.partitions, key_type=str, help="agency:source_record_id -> seen memory")
    table = app.Table(SNAPSHOT_TABLE, partitions=RECORD_PARTITIONS, key_type=str, value_type=bytes,  # bytes: raw
                      help="resolver snapshots per records-log partition")

    async def delivered() -> None:
        await app.producer.flush()  # the buffer (table writes) and the client's batches (``topic.send``)

    def waiting(partition: int, next_offset: int) -> int:
        """Records-log messages of ``partition`` from ``next_offset`` on, as far as the consumer's last fetch saw."""
        from faust.types import TP

        try:
            high = app.consumer.highwater(TP(t.records, partition))
        except Exception:  # noqa: BLE001 - not assigned (any more) or not fetched yet: nothing known to wait for
            return 0
        return max(0, high - next_offset) if high is not None else 0

    resolving = Resolving(
        table, lambda partition, start, end: read_log(settings, t.records, partition, start, end),
        snapshot_every=settings.stream.snapshot_every, flush=delivered, waiting=waiting,
        hold=settings.stream.hold_documents, backlog=settings.stream.hold_backlog,
    )
    def ack(topic: str, partition: int, offset: int) -> None:
        from faust.types import TP
        from faust.types.tuples import Message

        app.consumer.ack(Message(topic, partition, offset, 0.0, 0, [], None, None, None, tp=TP(topic, partition),
                                 generation_id=app.consumer_generation_id))

    gaps = Gaps(
        lambda topic, partition, start, end: read_range(settings, topic, partition, start, end),
        lambda topic, partition: committed_offset(settings, t.group, topic, partition),
        ack=ack,
    )

    @app.on_partitions_revoked.connect
    async def on_revoked(app: Any, revoked: Any, **kwargs: Any) -> None:
        gaps.forget((tp.topic, tp.partition) for tp in revoked)

    def handled(topic: str, partition: int) -> int | None:
        return resolving.sent.get(partition) if topic == t.records else gaps.watermark(topic, partition)

    # the agency topics and the judgements topic are committed only as far as the agents handled them, the records
    # log only as far as the documents its commands changed were sent
    commits.gate(app, [*t.agency_topics, t.judgements, t.records], handled)

    watermarks = Watermarks(settings)
    inputs = {**{topic: "ingest" for topic in t.agency_topics}, t.judgements: "judgements", t.records: "resolve"}
    monitor.install(app, settings, t, inputs)  # /metrics, /health/live, /health/ready

    @app.timer(interval=2.0, on_leader=False)
    async def hand_back_lost_messages() -> None:
        # the buffers Faust delivers into: one per subscribed channel, held by its conductor (``app.topics``)
        await sweep(app, gaps.progress, inputs, gaps.committed, watermarks.high,
                    lambda topic, partition, start, end: list(read_range(settings, topic, partition, start, end)),
                    lambda: [channel.queue for channel in app.topics])

    register_agents(app, channels, dedupe, resolving, ingestor or make_ingestor(settings),
                    read_judgement, gaps)
    return app


def run_worker(settings: Settings, loglevel: str = "info", log_format: str = "text") -> None:
    """Create the topics, then run one worker until SIGTERM/SIGINT (graceful: offsets committed)."""
    import faust

    from deploy.logs import logging_config, secrets_of

    ensure_topology(settings)
    app = make_app(settings)
    config = logging_config(log_format, loglevel, secrets_of(settings), component="worker")
    # JSON logs: no startup banner either, so every line on the output is one JSON object
    faust.Worker(app, loglevel=loglevel, logging_config=config, quiet=config is not None).execute_from_commandline()
