"""The topics replay depends on are kept forever."""

from deploy.settings import AGENCIES, Settings
from producers.admin import agency_topic_specs, judgements_topic_spec


def test_agency_topics_and_judgements_are_never_deleted_by_retention():
    specs = [*agency_topic_specs(Settings()), judgements_topic_spec(Settings())]
    assert len(specs) == len(AGENCIES) + 1
    for spec in specs:
        assert spec.config["cleanup.policy"] == "delete"  # never compacted: every version of an event stays
        assert spec.config["retention.ms"] == "-1" and spec.config["retention.bytes"] == "-1", spec.name
