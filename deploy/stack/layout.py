"""Where the local stack keeps its jars, data, configs, logs and pid files (all under one home)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deploy.settings import Settings


@dataclass(frozen=True, slots=True)
class StackLayout:
    """Paths under ``settings.stack.home``; nothing here touches the disk."""

    home: Path

    @classmethod
    def of(cls, settings: Settings) -> StackLayout:
        return cls(settings.stack.home.expanduser().absolute())

    def lib(self, service: str) -> Path:
        return self.home / "lib" / service

    @property
    def kafka_dir(self) -> Path:
        return self.home / "kafka"

    @property
    def kafka_data(self) -> Path:
        return self.kafka_dir / "data"

    @property
    def kafka_properties(self) -> Path:
        return self.kafka_dir / "server.properties"

    @property
    def kafka_log4j(self) -> Path:
        return self.kafka_dir / "log4j.properties"

    @property
    def kafka_cluster_id(self) -> Path:
        return self.kafka_dir / "cluster.id"

    @property
    def elastic_dir(self) -> Path:
        """The cluster runner's ``-basePath``; node 1 lives in ``node_1/``."""
        return self.home / "elastic"

    @property
    def elastic_yml(self) -> Path:
        return self.elastic_dir / "node_1" / "config" / "elasticsearch.yml"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    def log(self, service: str) -> Path:
        return self.logs / f"{service}.log"

    def pid_file(self, service: str) -> Path:
        return self.home / "pids" / f"{service}.pid"

    @property
    def lock_file(self) -> Path:
        return self.home / "stack.lock"
