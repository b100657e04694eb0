"""The OpenAPI 3.1 document, built from the app's routes, view docstrings, the stage table and operations.py."""

from __future__ import annotations

import inspect
import re

from flask import current_app
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from socialchallenge.core.paging import API_MAX_PAGE, API_MAX_PER_PAGE
from socialchallenge.openapi.operations import OPERATIONS, Op
from socialchallenge.openapi.schemas import COMPONENTS, ref

PREFIX = "/api/v1/"
ARGUMENT = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")
INT_MAX = 2_147_483_647
ERROR_TEXT = {400: _l("Malformed request"), 401: _l("No or bad bearer token"), 403: _l("Not allowed"),
              404: _l("Not found"), 409: _l("A rule of the pipeline forbids it now"),
              413: _l("The upload or the request is too large"), 422: _l("Invalid or missing fields"),
              429: _l("Rate limited"), 503: _l("The payment service is not available; nothing was charged")}


def plain(value):
    """A copy of a schema with every lazy (translatable) string said in the current language."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return str(value) if isinstance(value, LazyString) else value


def needs_token(view) -> bool:
    """Whether the view (or anything it wraps) is guarded by token_required."""
    while view is not None:
        if getattr(view, "needs_bearer_token", False):
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def _path(rule: str) -> tuple[str, list[dict]]:
    params = []
    for converter, args, name in ARGUMENT.findall(rule):
        if converter == "any":
            schema = {"type": "string", "enum": [a.strip().strip("'\"") for a in args.split(",")]}
        elif converter == "int":
            schema = {"type": "integer", "minimum": 0, "maximum": INT_MAX}
        else:
            schema = {"type": "string"}
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return ARGUMENT.sub(lambda m: "{" + m.group(3) + "}", rule), params


def _json(schema: dict | None, description: str, media: str = "application/json") -> dict:
    answer = {"description": description}
    if schema is not None:
        answer["content"] = {media: {"schema": schema}}
    return answer


def _operation(endpoint: str, method: str, path_params: list[dict]) -> dict:
    view = current_app.view_functions[endpoint]
    spec = OPERATIONS.get(f"{endpoint} {method}") or OPERATIONS.get(endpoint, Op())
    # The docstring is the English text; its translation comes from the catalog (openapi.extract collects it).
    doc = gettext(inspect.getdoc(view)) if inspect.getdoc(view) else endpoint
    token = needs_token(view)
    default_ok = {"GET": 200, "POST": 201, "DELETE": 204}.get(method, 200)
    ok = spec.ok or {default_ok: None if default_ok == 204 else {"type": "object"}}
    responses = {str(status): _json(plain(schema), gettext("Done") if schema is None else gettext("OK"),
                                    spec.answer_media)
                 for status, schema in ok.items()}
    errors = {400}
    if path_params:
        errors.add(404)
    if token:
        errors |= {401, 403, 404, 409, 422}
    if method != "GET":
        errors |= {422, 429}
    errors |= set(spec.errors)
    for status in sorted(errors):
        responses[str(status)] = _json(ref("Error"), str(ERROR_TEXT[status]))
    parameters = [*path_params, *({**p, "description": str(p["description"])} if p.get("description") else p
                                  for p in spec.query)]
    if spec.paged:
        parameters += [{"name": "page", "in": "query", "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": API_MAX_PAGE}},
                       {"name": "per_page", "in": "query", "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": API_MAX_PER_PAGE}}]
    operation = {
        "operationId": endpoint.split(".", 1)[1],
        "summary": doc.splitlines()[0],
        "description": doc + (f"\n\n{spec.notes()}" if spec.notes else ""),
        "parameters": parameters,
        "responses": responses,
        # Without a token a request reads as a visitor; with one, as that member (hidden items for staff).
        "security": [{"bearer": []}] if token else [{}, {"bearer": []}],
    }
    if spec.body is not None:
        operation["requestBody"] = {"required": spec.body_required,
                                    "content": {spec.media: {"schema": plain(spec.body)}}}
    return operation


def _tag(path: str) -> str:
    # The first fixed word of the path names the resource; /{kind}/{id}/comments is about comments.
    words = path[len(PREFIX):].split("/")
    fixed = [w for w in words if not w.startswith("{")]
    return (fixed[0] if not words[0].startswith("{") else fixed[-1]) if fixed else "general"


def build_document() -> dict:
    """The whole OpenAPI document for the running app."""
    paths: dict[str, dict] = {}
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(PREFIX):
            continue
        path, params = _path(rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation = _operation(rule.endpoint, method, params)
            operation["tags"] = [_tag(path)]
            paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "SocialChallenge API",
            "version": "1.0.0",
            "description": gettext("Everything public on SocialChallenge, and every action a member takes in the "
                                   "web pages, as JSON. Send `Authorization: Bearer <token>` (POST /api/v1/tokens) "
                                   "to act as a member. Errors share one shape (Error); lists share one shape "
                                   "(items, page, per_page, total)."),
        },
        "paths": paths,
        "components": {
            "schemas": plain(COMPONENTS),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def cached_document() -> tuple[dict, bytes]:
    """The document and its JSON, built once per process and language: the routes, the view docstrings and the
    stage table it is made of do not change while the app runs, and building it costs tens of milliseconds."""
    cache = current_app.extensions.setdefault("openapi_documents", {})
    language = str(get_locale())
    if language not in cache:
        doc = build_document()
        cache[language] = (doc, current_app.json.dumps(doc).encode())
    return cache[language]
