"""One small, realistic example event per event type (canonical records in, ``build_event`` kwargs out).

Used by tests and as documentation of what each event type carries.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

WHEN = datetime(2025, 6, 3, 14, 30, tzinfo=timezone.utc)
REPORTED = datetime(2025, 6, 3, 18, 5, 12, 345000, tzinfo=timezone.utc)


def person(record_id: str, given: str, family: str, **more: Any) -> dict[str, Any]:
    return {"record_id": record_id, "kind": "person", "given_name": given, "family_name": family, **more}


def vehicle(record_id: str, plate: str, **more: Any) -> dict[str, Any]:
    return {"record_id": record_id, "kind": "vehicle", "plate": plate, "plate_country": "BZ", **more}


def firearm(record_id: str, serial: str | None, **more: Any) -> dict[str, Any]:
    return {"record_id": record_id, "kind": "firearm", "serial_number": serial, **more}


def _incident() -> dict[str, Any]:
    sid = "INC-2025-000101"
    records = [
        person(f"{sid}#p0", "José", "Coc", date_of_birth="1991-04-17", sex="M", id_numbers=["BZ:SS123456"],
               address="12 Albert St, Belize City", phone="+501 610-1234",
               links=[{"rel": "drives", "to": f"{sid}#v0"}, {"rel": "associate_of", "to": f"{sid}#p1"}]),
        person(f"{sid}#p1", "MARIA", "CHUC", date_of_birth="1988", nickname="La Flaca"),
        person(f"{sid}#p2", "Ana", "Pop", sex="F"),
        vehicle(f"{sid}#v0", "C-12345", make="Toyota", model="Hilux", color="white", year=2014, vin="JTEBU5JR2E5123456"),
        firearm(f"{sid}#f0", "ABC1234", make="Glock", model="19", caliber="9mm", firearm_type="pistol",
                links=[{"rel": "found_in", "to": f"{sid}#v0"}]),
    ]
    return dict(agency="police", event_type="incident_report", source_record_id=sid, records=records,
                links=[{"rel": "found_with", "from": f"{sid}#p0", "to": f"{sid}#f0"}],
                context={"offence": "robbery", "roles": {f"{sid}#p0": "suspect", f"{sid}#p1": "suspect", f"{sid}#p2": "victim"},
                         "location": {"place": "Belize City", "district": "Belize", "country": "BZ", "lat": 17.5, "lon": -88.2}})


def _examination() -> dict[str, Any]:
    return dict(agency="forensics", event_type="firearm_examination", source_record_id="NFSL-2025-00017",
                records=[firearm("NFSL-2025-00017#f0", "ABC1234", make="GLOCK", caliber="9x19", firearm_type="Pistol")],
                context={"incident_number": "INC-2025-000101", "examiner": "M. Chan", "restoration_result": "restored"})


def _case() -> dict[str, Any]:
    sid = "ODPP-2025-00009"
    return dict(agency="prosecutions", event_type="case_filing", source_record_id=sid,
                records=[person(f"{sid}#p0", "Jose", "Coc Jr", date_of_birth="1991-04-17"), person(f"{sid}#p1", "Maria", "Chuc")],
                context={"court": "Belize Supreme Court", "charges": ["Robbery", "Possession of unlicensed firearm"],
                         "incident_number": "INC-2025-000101"})


def _crossing() -> dict[str, Any]:
    sid = "IMM-0000042"
    return dict(agency="immigration", event_type="border_crossing", source_record_id=sid,
                records=[person(f"{sid}#p0", "JOSE", "COC", id_numbers=["BZ:P8072881"], role="traveller",
                                links=[{"rel": "was_in", "to": f"{sid}#v0"}]),
                         vehicle(f"{sid}#v0", "C12345")],
                context={"crossing_point": "Santa Elena", "direction": "exit", "counterpart_country": "MX",
                         "travel_document": "passport BZ P8072881"})


def _registration() -> dict[str, Any]:
    sid = "VR-0000777"
    return dict(agency="licensing", event_type="vehicle_registration", source_record_id=sid,
                records=[vehicle(f"{sid}#v0", "C-12345", vin="JTEBU5JR2E5123456", make="TOYOTA", year="2014"),
                         person(f"{sid}#p0", "José", "Coc", address="12 Albert Street", links=[{"rel": "owns", "to": f"{sid}#v0"}])])


def _licence() -> dict[str, Any]:
    sid = "FL-000055"
    return dict(agency="licensing", event_type="firearm_licence", source_record_id=sid,
                records=[firearm(f"{sid}#f0", "XK-99812", make="Smith & Wesson", model="686", caliber=".357 Magnum"),
                         person(f"{sid}#p0", "Dora", "Young", links=[{"rel": "holds", "to": f"{sid}#f0"}])],
                context={"valid_from": "2024-01-15", "valid_to": "2027-01-14"})


def _entity_report() -> dict[str, Any]:
    return dict(agency="partners", event_type="entity_report", source_record_id="GT-PNC-000311",
                records=[person("pnc-8812", "José Luis", "Coc Pop", id_numbers=["DPI 8634 44262 1708"], role="subject",
                                source="gt-pnc", alias_of="pnc-0001", links=[{"rel": "drives", "to": "pnc-v-77"}]),
                         vehicle("pnc-v-77", "P-512DKL", plate_country="GT", source="gt-pnc"),
                         person("pnc-9000", "Luis", "Coc", source="gt-pnc", links=[{"rel": "associate_of", "to": "pnc-4444"}])],
                context={"partner_system": "gt-pnc"})


def _retraction() -> dict[str, Any]:
    return dict(agency="police", event_type="record_retraction", source_record_id="INC-2025-000101", records=[],
                source_version=2, context={"reason": "entered in error: duplicate of INC-2025-000099"})


BUILDERS = {
    "incident_report": _incident,
    "firearm_examination": _examination,
    "case_filing": _case,
    "border_crossing": _crossing,
    "vehicle_registration": _registration,
    "firearm_licence": _licence,
    "entity_report": _entity_report,
    "record_retraction": _retraction,
}


def example_kwargs(event_type: str) -> dict[str, Any]:
    """``build_event`` keyword arguments for a deterministic example of ``event_type``."""
    kwargs = BUILDERS[event_type]()
    return {**kwargs, "occurred_at": WHEN, "reported_at": REPORTED,
            "event_id": f"00000000-0000-4000-8000-{list(BUILDERS).index(event_type):012d}"}
