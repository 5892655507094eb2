"""All of Enlace's configuration, in one frozen object read from ``ENLACE_*`` variables.

Nested groups use a double underscore: ``ENLACE_KAFKA__BOOTSTRAP_SERVERS``,
``ENLACE_ELASTIC__URL``, ``ENLACE_REGISTRY__URL``. Tests build ``Settings(...)`` explicitly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

AGENCIES: tuple[str, ...] = (
    "police",
    "forensics",
    "prosecutions",
    "immigration",
    "customs",
    "licensing",
    "partners",
)
"""Agency feeds, one Kafka topic each (``<prefix>agency.<name>``)."""


class _Group(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class KafkaSettings(_Group):
    bootstrap_servers: str = "127.0.0.1:9092"
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_ca_location: str | None = None
    topic_prefix: str = "enlace."
    """Prepended to every topic name; tests use a unique prefix each."""
    partitions: int = 6
    """Partitions for topics Enlace creates."""

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"

    def agency_topic(self, agency: str) -> str:
        return self.topic(f"agency.{agency}")

    def librdkafka(self) -> dict[str, Any]:
        """The confluent-kafka (librdkafka) client config for these settings."""
        conf: dict[str, Any] = {
            "bootstrap.servers": self.bootstrap_servers,
            "security.protocol": self.security_protocol,
        }
        if self.sasl_mechanism:
            conf["sasl.mechanism"] = self.sasl_mechanism
            conf["sasl.username"] = self.sasl_username or ""
            conf["sasl.password"] = self.sasl_password.get_secret_value() if self.sasl_password else ""
        if self.ssl_ca_location:
            conf["ssl.ca.location"] = self.ssl_ca_location
        return conf


class ElasticSettings(_Group):
    url: str = "http://127.0.0.1:9200"
    index_prefix: str = "enlace"
    """Indices are ``<prefix>-entities-v<N>`` behind the alias ``<prefix>-entities``."""
    api_key: SecretStr | None = None
    ca_certs: str | None = None
    request_timeout: float = 30.0

    @property
    def entities_alias(self) -> str:
        return f"{self.index_prefix}-entities"


class RegistrySettings(_Group):
    url: str | None = None
    """Schema Registry URL. Unset: Avro single-object encoding resolved against ``schemas/``."""
    basic_auth_user_info: SecretStr | None = None


class StreamSettings(_Group):
    app_id: str = "enlace-fusion"
    """Faust application id: also the consumer group and the changelog topic prefix."""
    generation: int = 1
    """Which build of the derived state runs: ``enlace replay`` rebuilds everything as generation N+1
    (its own group, internal topics and index) beside the live one, then switches search over."""
    session_timeout: float = 15.0
    """Seconds before a silent (killed) worker's partitions move to the others (Faust's default is 60)."""
    snapshot_every: int = 5000
    """Records-topic messages between two snapshots of a partition's resolver (recovery replays the rest)."""
    store: str = "memory://"
    hold_documents: float = 2.0
    """Most seconds the resolve agent holds a records-log partition's changed documents back while it is behind
    (``hold_backlog`` messages or more already waiting), so a busy entity is rendered and indexed once; 0: never."""
    hold_backlog: int = 1000
    """Messages of a records-log partition waiting in Kafka from which it counts as behind."""
    web_port: int = 6066
    """Faust's web server: ``/metrics``, ``/health/live`` and ``/health/ready`` (and Faust's own pages)."""
    web_bind: str = "127.0.0.1"
    """Address the worker's web server listens on (``0.0.0.0`` for a Prometheus on another host)."""
    data_dir: Path = Path(".enlace/worker")


class IndexerSettings(_Group):
    metrics_port: int = 6067
    """The indexer's ``/metrics``, ``/health/live`` and ``/health/ready``."""
    metrics_bind: str = "127.0.0.1"
    lag_interval: float = 15.0
    """Seconds between two readings of every stage's consumer lag (exported as ``enlace_consumer_lag_messages``)."""
    member_cache: int = 100_000
    """Member search documents kept for reuse while their record is unchanged (about 2.4 KB each)."""


class ApiSettings(_Group):
    """The analyst search API (``enlace serve``)."""

    users_file: Path | None = None
    """YAML/JSON file mapping API-key hashes to user, agency and clearance (``deploy/config/users.sample.yaml``)."""
    host: str = "127.0.0.1"
    port: int = 8080
    audit_timeout: float = 10.0
    """Seconds to wait for an audit entry to reach Kafka; a call that can't be audited fails with 503."""


class StackSettings(_Group):
    """The local, Docker-free stack started by ``enlace stack up``."""

    home: Path = Path(".enlace")
    """Jars, data, logs and pid files all live under this directory."""
    kafka_port: int = 9092
    kafka_controller_port: int = 9093
    elastic_port: int = 9200
    kafka_heap: str = "512m"
    elastic_heap: str = "512m"
    start_timeout: float = 180.0


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ENLACE_", env_nested_delimiter="__", frozen=True, extra="ignore"
    )

    kafka: KafkaSettings = KafkaSettings()
    elastic: ElasticSettings = ElasticSettings()
    registry: RegistrySettings = RegistrySettings()
    stream: StreamSettings = StreamSettings()
    indexer: IndexerSettings = IndexerSettings()
    api: ApiSettings = ApiSettings()
    stack: StackSettings = StackSettings()


def settings_env(settings: Settings) -> dict[str, str]:
    """The ``ENLACE_*`` variables that rebuild ``settings`` in a child process (secrets included)."""
    env: dict[str, str] = {}
    for group_name in Settings.model_fields:
        group = getattr(settings, group_name)
        for field_name in type(group).model_fields:
            value = getattr(group, field_name)
            if value is None:
                continue
            if isinstance(value, SecretStr):
                value = value.get_secret_value()
            text = json.dumps(value) if isinstance(value, (list, tuple, dict)) else str(value)
            env[f"ENLACE_{group_name.upper()}__{field_name.upper()}"] = text
    return env
