"""web: a local page and JSON API for drafting offices (``auditor serve``).

`create_app` builds the ASGI app (Starlette); `run` serves it with uvicorn on this machine,
prints the address and, with ``open_browser``, opens the page. The audits themselves are
the pipeline's (`pipeline.audit_document`), run in worker processes; the scorecard page is
`render.html.render_html`, the JSON `render.json.to_dict`.
"""

from __future__ import annotations

from .app import create_app
from .serve import allowed_hosts, run

__all__ = ["create_app", "run", "allowed_hosts"]
