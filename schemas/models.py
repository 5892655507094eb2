"""Pydantic models of every event type (``envelope`` + ``payload``), mirroring the ``.avsc`` files.

Model and payload class names equal the Avro record names; a drift test checks
fields, optionality and types both ways. ``EVENT_MODELS`` maps event type -> model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from schemas.records import Day, Envelope, Firearm, Id, Link, Location, Model, Person, Vehicle

RestorationResult = Literal["legible", "restored", "partially_restored", "failed", "not_required"]
Direction = Literal["entry", "exit"]


class IncidentReportPayload(Model):
    incident_number: Id
    offence: str | None = None
    location: Location | None = None
    persons: list[Person] = []
    vehicles: list[Vehicle] = []
    firearms: list[Firearm] = []
    links: list[Link] = []


class FirearmExaminationPayload(Model):
    lab_case_number: Id
    incident_number: str | None = None
    examiner: str | None = None
    restoration_result: RestorationResult | None = None
    firearm: Firearm
    links: list[Link] = []


class CaseFilingPayload(Model):
    case_number: Id
    court: str | None = None
    incident_number: str | None = None
    charges: list[str] = []
    defendants: list[Person] = []
    links: list[Link] = []


class BorderCrossingPayload(Model):
    crossing_point: Id
    direction: Direction | None = None
    counterpart_country: str | None = None
    travel_document: str | None = None
    traveller: Person
    vehicle: Vehicle | None = None
    links: list[Link] = []


class VehicleRegistrationPayload(Model):
    registration_number: Id
    vehicle: Vehicle
    owner: Person | None = None
    links: list[Link] = []


class FirearmLicencePayload(Model):
    licence_number: Id
    valid_from: Day | None = None
    valid_to: Day | None = None
    firearm: Firearm
    holder: Person | None = None
    links: list[Link] = []

    @model_validator(mode="after")
    def _validity(self) -> FirearmLicencePayload:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self


class EntityReportPayload(Model):
    partner_system: str | None = None
    persons: list[Person] = []
    vehicles: list[Vehicle] = []
    firearms: list[Firearm] = []
    links: list[Link] = []


class RecordRetractionPayload(Model):
    reason: Id


class IncidentReport(Model):
    envelope: Envelope
    payload: IncidentReportPayload


class FirearmExamination(Model):
    envelope: Envelope
    payload: FirearmExaminationPayload


class CaseFiling(Model):
    envelope: Envelope
    payload: CaseFilingPayload


class BorderCrossing(Model):
    envelope: Envelope
    payload: BorderCrossingPayload


class VehicleRegistration(Model):
    envelope: Envelope
    payload: VehicleRegistrationPayload


class FirearmLicence(Model):
    envelope: Envelope
    payload: FirearmLicencePayload


class EntityReport(Model):
    envelope: Envelope
    payload: EntityReportPayload


class RecordRetraction(Model):
    envelope: Envelope
    payload: RecordRetractionPayload


Event = (IncidentReport | FirearmExamination | CaseFiling | BorderCrossing | VehicleRegistration
         | FirearmLicence | EntityReport | RecordRetraction)

EVENT_MODELS: dict[str, type[Model]] = {
    "incident_report": IncidentReport,
    "firearm_examination": FirearmExamination,
    "case_filing": CaseFiling,
    "border_crossing": BorderCrossing,
    "vehicle_registration": VehicleRegistration,
    "firearm_licence": FirearmLicence,
    "entity_report": EntityReport,
    "record_retraction": RecordRetraction,
}
SHARED_MODELS: dict[str, type[Model]] = {m.__name__: m for m in (Envelope, Location, Person, Vehicle, Firearm, Link)}
