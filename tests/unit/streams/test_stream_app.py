"""Settings -> Faust options and topics (no broker needed)."""

import faust
import pytest
from pydantic import SecretStr

from deploy.settings import AGENCIES, KafkaSettings, Settings, StreamSettings
from streams.app import app_options, broker_credentials, broker_urls, make_app
from streams.topology import kind_partition, topic_specs, topology


def settings(**kafka) -> Settings:
    return Settings(kafka=KafkaSettings(topic_prefix="t1.", **kafka), stream=StreamSettings(app_id="t1-fusion", web_port=7001))


def test_broker_urls():
    assert broker_urls(settings(bootstrap_servers="a:9092, b:9093")) == ["kafka://a:9092", "kafka://b:9093"]


@pytest.mark.parametrize(
    ("kafka", "kind", "protocol"),
    [
        ({}, type(None), None),
        ({"security_protocol": "SSL"}, faust.SSLCredentials, "SSL"),
        ({"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "PLAIN", "sasl_username": "u",
          "sasl_password": SecretStr("p")}, faust.SASLCredentials, "SASL_PLAINTEXT"),
        ({"security_protocol": "SASL_SSL", "sasl_mechanism": "SCRAM-SHA-512", "sasl_username": "u",
          "sasl_password": SecretStr("p")}, faust.SASLCredentials, "SASL_SSL"),
    ],
)
def test_broker_credentials(kafka, kind, protocol):
    credentials = broker_credentials(settings(**kafka))
    assert isinstance(credentials, kind)
    if protocol:
        assert credentials.protocol.value == protocol
    if isinstance(credentials, faust.SASLCredentials):
        assert (credentials.username, credentials.password) == ("u", "p")
        assert credentials.mechanism.value == kafka["sasl_mechanism"]


def test_app_options_follow_settings():
    options = app_options(settings(partitions=3))
    assert options["topic_partitions"] == 3 and options["web_port"] == 7001
    assert options["processing_guarantee"] == "at_least_once"


def test_topics_and_specs():
    s = settings(partitions=3)
    t = topology(s)
    assert t.agency_topics == tuple(f"t1.agency.{a}" for a in AGENCIES)
    specs = {spec.name: spec for spec in topic_specs(s)}
    assert specs["t1.records"].partitions == 3  # one per kind
    assert specs["t1.records"].config == {"cleanup.policy": "delete", "retention.ms": "-1", "retention.bytes": "-1"}
    assert specs["t1.judgements"].config["retention.ms"] == "-1"
    assert specs["t1.entities"].config["cleanup.policy"] == "compact"
    assert specs["t1.entity-redirects"].config["cleanup.policy"] == "compact"
    assert specs["t1-fusion-dedupe-changelog"].partitions == 3
    assert specs["t1-fusion-resolver-changelog"].partitions == 3


def test_a_new_generation_has_its_own_derived_topics_and_group():
    s = settings()
    nxt = s.model_copy(update={"stream": s.stream.model_copy(update={"generation": 2})})
    one, two = topology(s), topology(nxt)
    assert two.agency_topics == one.agency_topics and two.judgements == one.judgements  # inputs are shared
    assert (two.group, two.records, two.entities, two.indexer_group) == (
        "t1-fusion-g2", "t1.records.g2", "t1.entities.g2", "t1-fusion-g2-indexer")
    assert two.changelog("dedupe") == "t1-fusion-g2-dedupe-changelog"


def test_kind_partitions():
    assert [kind_partition(k) for k in ("person", "vehicle", "firearm")] == [0, 1, 2]


def test_make_app_declares_agents_and_tables():
    app = make_app(settings(), ingestor=object())  # the ingestor is only called per message
    assert {agent.name.rsplit(".", 1)[-1] for agent in app.agents.values()} == {"ingest", "judgements", "resolve"}
    assert set(app.tables) == {"dedupe", "resolver"}
