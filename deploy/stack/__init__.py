"""The Docker-free local stack: Kafka 3.9 (KRaft) and Elasticsearch 7.10 from Maven Central jars.

``up(settings)`` fetches jars once (``deploy/pom.xml``), writes configs, starts detached JVMs
and waits until both answer; ``down(settings)`` stops what ``up`` started; ``status(settings)``
reports pid, port and whether each answers; ``stop_service``/``start_service`` take one service
down and back on its data (outage drills). State lives under ``settings.stack.home``.
"""

from deploy.stack.control import ServiceStatus, StackStatus, down, start_service, status, stop_service, up
from deploy.stack.errors import StackError

__all__ = ["ServiceStatus", "StackError", "StackStatus", "down", "start_service", "status", "stop_service", "up"]
