"""Getting agency events into Kafka: the producer client, topic admin, file publishing and the simulator.

- ``client.AgencyProducer``: idempotent producer; every delivery report is checked.
- ``admin``: ``ensure_topics`` / ``delete_topics`` / ``agency_topic_specs`` / ``judgements_topic_spec``.
- ``retractions.publish_retraction`` and ``judgements.publish_judgement``: ``enlace retract`` / ``enlace judge``.
- ``events.build_event``: canonical records -> agency event dict (schemas helper).
- ``files`` + ``publishing``: ``enlace publish`` and ``enlace simulate``.
- ``simulator``: a seeded world of Belizean persons, vehicles and firearms, observed
  by each agency with its typical errors; labelled datasets and cross-agency event streams.
"""
