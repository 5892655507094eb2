"""Enlace's agency events: Avro schemas (the source of truth), wire formats, validation.

Topics and keys
---------------
Each agency publishes to ``settings.kafka.agency_topic(agency)`` (``<prefix>agency.<agency>``)
with key ``f"{agency}:{source_record_id}"`` (UTF-8), so every version of one source
document lands on one partition. The value is one event in the configured wire format.

The event dict
--------------
What ``producers.events.build_event`` returns, ``EventCodec.encode`` takes and
``EventCodec.decode`` gives back::

    {
      "event_type": "incident_report",            # also in the envelope; names the schema
      "envelope": {
        "event_id": "5f0c...-uuid", "agency": "police", "event_type": "incident_report",
        "occurred_at": datetime(UTC), "reported_at": datetime(UTC),   # timestamp-millis
        "source_record_id": "INC-2025-000101", "source_version": 1,
        "handling": "RESTRICTED",                 # UNCLASSIFIED | RESTRICTED | CONFIDENTIAL | SECRET
        "releasable_to": ["police", "prosecutions", ...],
      },
      "payload": {...},                           # per event type, see below
    }

Payloads (``bz.enlace.events.<Type>Payload``); record slots hold ``Person``/``Vehicle``/``Firearm``
records with the canonical fields (all optional) plus ``record_id``, ``source``, ``role`` and
``extra`` (unknown canonical fields, JSON-encoded); ``links`` are ``{rel, from_record, to_record}``:

- ``incident_report`` (police): incident_number, offence, location{place,district,country,lat,lon},
  persons[] (role suspect/victim/witness/complainant), vehicles[], firearms[], links[]
- ``firearm_examination`` (forensics): lab_case_number, incident_number, examiner,
  restoration_result (legible/restored/partially_restored/failed/not_required), firearm, links[]
- ``case_filing`` (prosecutions): case_number, court, incident_number, charges[], defendants[], links[]
- ``border_crossing`` (immigration, customs): crossing_point, direction (entry/exit),
  counterpart_country, travel_document, traveller, vehicle?, links[]
- ``vehicle_registration`` (licensing): registration_number, vehicle, owner?, links[]
- ``firearm_licence`` (licensing): licence_number, valid_from, valid_to, firearm, holder?, links[]
- ``entity_report`` (any agency): partner_system, persons[], vehicles[], firearms[], links[];
  its records carry their own ``record_id`` and links may point at records outside the event.
- ``record_retraction`` (any agency): reason. Withdraws every record the envelope's
  (agency, source_record_id) produced; its ``source_version`` is newer than the one withdrawn (>= 2).

Records of the other types have ``record_id`` null: their id is ``<source_record_id>#<k><index>``
(``k`` = p/v/f, index counted per kind in payload order); ``streams.extract.records_from_event``
turns an event back into canonical records with ``links`` and ``provenance``.

Wire formats
------------
Default: Avro single-object encoding (``C3 01`` + 8-byte little-endian CRC-64-AVRO fingerprint +
body); decoding accepts the current and every ``released/<version>/`` schema and resolves to the
current one. With ``settings.registry.url``: Confluent framing (``00`` + schema id + body) with
record-name subjects (``bz.enlace.events.IncidentReport``, ...). ``schemas.codec.make_codec``.

Judgements
----------
Analyst judgements are not agency events (no envelope): ``bz.enlace.events.Judgement`` records
``{judgement_id, kind, left, right, verdict, who, why, at}`` on ``settings.kafka.topic("judgements")``
(1 partition, kept forever, key ``judgement_id``), always in single-object encoding:
``schemas.judgements.encode_judgement`` / ``decode_judgement`` / ``validate_judgement``.

Modules: ``catalog`` (load/expand/fingerprint .avsc), ``layout`` (record slots per payload),
``compat`` (schema-resolution checker), ``codec``/``registry`` (wire formats), ``records``/``models``
(pydantic mirrors), ``validate`` (``validate_event``), ``judgements``, ``times``, ``examples``, ``errors``.
"""
