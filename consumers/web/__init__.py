"""The analysts' web interface, served by ``enlace serve`` beside the API: the page at ``/``, its files at ``/static``.

Plain HTML, CSS and ES modules, no build step (``static/``); the graph is drawn by Cytoscape.js 3.34.4,
committed as its built file under ``static/vendor/`` with its licence (to update: ``npm pack cytoscape@3``,
then copy ``package/dist/cytoscape.min.js`` and ``package/LICENSE``). The page calls the same
``/api`` routes as anyone else, with the API key the analyst types in (kept in sessionStorage).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"
PAGE_HEADERS = {
    # Scripts, styles and data only from this server; Cytoscape styles the graph through the CSSOM.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def mount(app: FastAPI) -> None:
    """Serve the page at ``/`` and its assets under ``/static`` from ``app``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html", headers=PAGE_HEADERS)
