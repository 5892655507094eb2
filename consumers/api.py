"""The analyst search API (FastAPI; OpenAPI at ``/docs``), served by ``enlace serve``.

Every ``/api`` route needs an API key (``X-API-Key: KEY`` or ``Authorization: Bearer KEY``) from the
users file; without a valid one the answer is 401. Answers are assembled for the caller's agency
and clearance (``consumers.redaction``) and every call is audited (``consumers.audit``). The
routes are thin: each parses its parameters and calls one ``consumers.service.AnalystService``
method.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Optional

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Security
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from elasticsearch.exceptions import ConnectionError as EsConnectionError
from elasticsearch.exceptions import TransportError

from consumers.access import Viewer
from consumers.audit import AuditError
from consumers.criteria import KINDS, MAX_SIZE, criteria
from consumers.neighbourhood import MAX_HOPS
from consumers.service import AnalystService, NotVisible
from consumers.web import mount as mount_web
from producers.client import DeliveryError

if TYPE_CHECKING:
    from consumers.users import Users
    from deploy.settings import Settings

Kind = Literal["person", "vehicle", "firearm"]
assert set(KINDS) == {"person", "vehicle", "firearm"}


class Notice(BaseModel):
    records: int = Field(description="Hidden records whose label allows saying they exist.")
    agencies: list[str]
    message: str


class Hit(BaseModel):
    entity_id: str
    kind: str
    display_name: Optional[str]
    score: Optional[float]
    reason: str = Field(description='Why it matched, e.g. "matched on surname + DOB".')
    matched: list[str] = Field(description="Names of the query clauses that matched (see consumers/reasons.py).")
    matched_records: list[str] = Field(description="Visible records that matched, best first.")
    agencies: list[str]
    records: int = Field(description="How many member records the caller may see.")
    identifiers: list[str]
    attributes: dict[str, list[Any]]
    notice: Optional[Notice]


class FacetValue(BaseModel):
    value: Any
    count: int = Field(description="Matching entities with a visible record of this value.")


class SearchPage(BaseModel):
    total: int = Field(description="Matching entities the caller may see.")
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    next_cursor: Optional[str] = Field(description="Pass as ?cursor= for the next page (past 10,000 too).")
    took_ms: Optional[int]


class JudgementIn(BaseModel):
    left: str = Field(description="A record key (source/record_id) or an entity id.")
    right: str
    verdict: Literal["same", "not_same", "unsure"]
    why: str = ""


class Me(BaseModel):
    user: str
    agency: str
    clearance: str


_UNAVAILABLE: tuple[type[Exception], ...] = (AuditError, DeliveryError, EsConnectionError, TransportError)
"""Failures of the services behind the API: answered 503, never a half-done or unaudited 200."""
_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key from the users file.")
_bearer = HTTPBearer(auto_error=False, description="The same API key as a bearer token.")


def create_app(settings: Settings, users: Users, service: AnalystService | None = None) -> FastAPI:
    """The API for ``users``, reading ``settings``' index and writing its audit topic and index."""
    app = FastAPI(title="Enlace analyst search", version="1",
                  description="Search fused persons, vehicles and firearms; need-to-know applied, every call audited.")
    analyst = service or AnalystService(settings)
    app.state.service = analyst

    def viewer(key: Optional[str] = Security(_key_header),
               bearer: Optional[HTTPAuthorizationCredentials] = Security(_bearer)) -> Viewer:
        found = users.authenticate(key or (bearer.credentials if bearer else None))
        if found is None:
            raise HTTPException(401, "a valid API key is required (X-API-Key or Authorization: Bearer)",
                                headers={"WWW-Authenticate": "Bearer"})
        return found

    def _criteria(q: Optional[str], kind: Optional[str], dob: Optional[str], agency: list[str], since: Optional[str],
                  until: Optional[str], district: Optional[str], country: Optional[str], size: int,
                  cursor: Optional[str], facets: bool = True) -> Any:
        try:
            return criteria(q=q, kind=kind, dob=dob, agencies=agency, since=since, until=until, district=district,
                            country=country, size=size, cursor=cursor, facets=facets)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc

    async def unavailable(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": f"unavailable: {type(exc).__name__}"}, status_code=503)

    for error in _UNAVAILABLE:
        app.add_exception_handler(error, unavailable)

    @app.get("/api/me", response_model=Me, tags=["auth"])
    def me(who: Viewer = Depends(viewer)) -> Me:
        """Who the key belongs to: user, agency and clearance."""
        return Me(user=who.user, agency=who.agency, clearance=who.clearance)

    @app.get("/api/search", response_model=SearchPage, tags=["search"])
    def search(
        q: Optional[str] = Query(None, description="A name (typos, accents, order, nicknames forgiven) or an identifier "
                                 "or part of one (plate, VIN, serial with ?/*, document number)."),
        kind: Optional[Kind] = None,
        dob: Optional[str] = Query(None, description="Date of birth: YYYY-MM-DD, YYYY, or a range A..B (ranks, "
                                   "does not exclude, when q is given)."),
        agency: list[str] = Query([], description="Only entities with a visible record of these agencies."),
        since: Optional[str] = Query(None, description="Records of events on or after this day."),
        until: Optional[str] = Query(None, description="Records of events on or before this day."),
        district: Optional[str] = None,
        country: Optional[str] = Query(None, description="ISO-2 country of a document or plate."),
        size: int = Query(10, ge=1, le=MAX_SIZE),
        cursor: Optional[str] = Query(None, description="next_cursor of the previous page."),
        facets: bool = True,
        who: Viewer = Depends(viewer),
    ) -> dict[str, Any]:
        """Entities matching the query through records the caller may see, best first, with facets."""
        return analyst.search(who, _criteria(q, kind, dob, agency, since, until, district, country, size, cursor,
                                             facets))

    @app.get("/api/export", response_model=list[Hit], tags=["search"])
    def export(
        q: Optional[str] = None, kind: Optional[Kind] = None, dob: Optional[str] = None,
        agency: list[str] = Query([]), since: Optional[str] = None, until: Optional[str] = None,
        district: Optional[str] = None, country: Optional[str] = None,
        limit: int = Query(1000, ge=1, le=10_000), who: Viewer = Depends(viewer),
    ) -> list[dict[str, Any]]:
        """Every hit of a search (up to ``limit``), audited as an export."""
        found = _criteria(q, kind, dob, agency, since, until, district, country, 10, None, False)
        return analyst.export(who, found, limit)

    @app.get("/api/entities/{entity_id}", tags=["entities"])
    def entity(entity_id: str, hops: int = Query(1, ge=1, le=MAX_HOPS), who: Viewer = Depends(viewer)) -> dict[str, Any]:
        """The entity as the caller may see it: attributes with sources, linked entities (``hops`` deep:
        ``graph``), ``timeline`` of events, ``evidence`` (why these records are one entity), and a
        ``notice`` of records held by others. An absorbed id answers with its survivor (``redirected_from``)."""
        try:
            return analyst.profile(who, entity_id, hops)
        except NotVisible as exc:
            raise HTTPException(404, f"no entity {entity_id}") from exc

    @app.post("/api/judgements", status_code=201, tags=["judgements"])
    def judge(body: JudgementIn, who: Viewer = Depends(viewer)) -> dict[str, Any]:
        """Publish the caller's verdict (same / not_same / unsure) on two records or entities they may see."""
        from schemas.errors import InvalidEvent

        try:
            return analyst.judge(who, body.left, body.right, body.verdict, body.why)
        except NotVisible as exc:
            raise HTTPException(404, f"no record or entity {exc.args[0]}") from exc
        except InvalidEvent as exc:
            raise HTTPException(422, str(exc)) from exc

    @app.get("/health", tags=["operations"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    _mount_metrics(app)
    mount_web(app)  # the analysts' web interface at / (consumers/web)
    return app


def _mount_metrics(app: FastAPI) -> None:
    """Prometheus metrics at ``/metrics`` (``deploy.metrics``' ASGI app, and its exposition without a redirect)."""
    try:
        from deploy import metrics
    except ImportError:
        return
    app.mount("/metrics", metrics.asgi_app())
    exposition = getattr(metrics, "exposition", None)
    if exposition is not None:
        @app.get("/metrics", include_in_schema=False)
        def scrape(request: Request) -> Response:
            body, content_type = exposition(request.headers.get("accept"))
            return Response(body, media_type=content_type)
