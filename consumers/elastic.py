"""The Elasticsearch client factory: one place that turns settings into a connected client."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from deploy.settings import Settings


def client_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``Elasticsearch(...)``: URL, timeouts, API key, CA bundle."""
    elastic = settings.elastic
    options: dict[str, Any] = {
        "hosts": [elastic.url],
        "timeout": elastic.request_timeout,
        "max_retries": 2,
        "retry_on_timeout": True,
    }
    if elastic.api_key is not None:
        key = elastic.api_key.get_secret_value()
        # "id:key" becomes the (id, key) tuple; the base64 "encoded" form is passed through.
        options["api_key"] = tuple(key.split(":", 1)) if ":" in key else key
    if elastic.ca_certs:
        options["ca_certs"] = elastic.ca_certs
        options["verify_certs"] = True
    return options


def make_client(settings: Settings) -> Elasticsearch:
    """A client for ``settings.elastic`` (8.x clusters: run with ``ELASTIC_CLIENT_APIVERSIONING=true``)."""
    from elasticsearch import Elasticsearch

    from consumers.serializer import OrjsonSerializer

    return Elasticsearch(**client_options(settings), serializer=OrjsonSerializer())
