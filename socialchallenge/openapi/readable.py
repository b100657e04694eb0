"""The API reference page's helpers: JSON Schema said in words, code spans rendered, operations grouped by tag."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

# How the page names and orders the tags (the first fixed word of a path); unknown tags come last, as they are.
TAG_LABELS = {
    "challenges": _l("Challenges"), "solutions": _l("Solutions"), "campaigns": _l("Campaigns"),
    "pledges": _l("Pledges"), "comments": _l("Comments"), "follows": _l("Follows"),
    "attachments": _l("Images and files"), "search": _l("Search"), "organisations": _l("Organisations"),
    "resources": _l("Resources"), "invitations": _l("Team invitations"), "join-requests": _l("Requests to join"),
    "me": _l("Your account"), "notifications": _l("Notifications"), "users": _l("Accounts"),
    "tokens": _l("Tokens"), "secretariat": _l("Secretariat"), "openapi.json": _l("This description"),
}
CODE = re.compile(r"`([^`]+)`")


def rich_text(text: str | None) -> Markup:
    """Docstring text as HTML: `code` spans, paragraphs at blank lines, "- " lines as a list; all else escaped."""
    html = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = block.splitlines()
        items = [line[2:] for line in lines if line.startswith("- ")]
        lead = " ".join(line.strip() for line in lines if not line.startswith("- "))
        if lead:
            html.append(f"<p>{_code(lead)}</p>")
        if items:
            html.append("<ul>" + "".join(f"<li>{_code(item)}</li>" for item in items) + "</ul>")
    return Markup("".join(html))


def _code(text: str) -> str:
    return CODE.sub(lambda m: f"<code>{m.group(1)}</code>", str(escape(text)))


def inline(text: str | None) -> Markup:
    """One line of text with its `code` spans rendered (summaries, parameter descriptions)."""
    return Markup(_code(" ".join((text or "").split())))


def schema_name(schema: dict) -> str | None:
    """The component name a `$ref` points at, or None."""
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref else None


def type_text(schema: dict | None) -> Markup:
    """A schema in words: "integer, 1–20", "list of Challenge", "one of: open, closed", "text or empty (null)"."""
    schema = schema or {}
    name = schema_name(schema)
    if name:
        return Markup('<a href="#schema-{0}">{0}</a>').format(name)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            parts = [type_text(s) for s in schema[key] if s.get("type") != "null"]
            nullable = any(s.get("type") == "null" for s in schema[key])
            text = Markup(" {} ").format(_("or")).join(parts)
            return Markup("{} {}").format(text, _("or null")) if nullable else text
    kinds = schema.get("type", "object" if "properties" in schema else "")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    nullable = "null" in kinds
    kinds = [k for k in kinds if k != "null"]
    kind = kinds[0] if kinds else ""
    if kind == "array":
        text = Markup("{} {}").format(_("list of"), type_text(schema.get("items")))
    elif kind == "object" and schema.get("properties"):
        text = Markup("{} {{{}}}").format(_("object"), ", ".join(schema["properties"]))
    else:
        text = Markup("{}").format({"string": _("text"), "integer": _("whole number"), "number": _("number"),
                                     "boolean": _("true or false"), "object": _("object")}.get(kind, kind or _("any")))
    details = _limits(schema)
    if details:
        text = Markup("{}, {}").format(text, details)
    return Markup("{} {}").format(text, _("or null")) if nullable else text


def _limits(schema: dict) -> str:
    if "enum" in schema:
        return _("one of: %(values)s", values=", ".join(str(v) for v in schema["enum"] if v is not None))
    parts = []
    if schema.get("format"):
        parts.append(schema["format"])
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        parts.append(f"{low}–{high}")
    elif low is not None:
        parts.append(_("at least %(n)s", n=low))
    if schema.get("maxLength"):
        parts.append(_("at most %(n)d characters", n=schema["maxLength"]))
    return ", ".join(parts)


def fields_of(schema: dict | None, components: dict) -> list[dict[str, Any]]:
    """The properties of an object schema (following one `$ref`): name, type in words, required, description."""
    schema = schema or {}
    name = schema_name(schema)
    if name:
        schema = components.get(name, {})
    required = set(schema.get("required", []))
    return [{"name": key, "type": type_text(prop), "required": key in required,
             "description": inline(prop.get("description"))}
            for key, prop in (schema.get("properties") or {}).items()]


def by_tag(paths: dict) -> list[tuple[str, str, list[dict]]]:
    """[(tag, label, [{method, path, op}, ...])] in the page's order."""
    groups: dict[str, list[dict]] = {}
    for path, ops in paths.items():
        for method, op in ops.items():
            groups.setdefault(op.get("tags", ["general"])[0], []).append({"method": method, "path": path, "op": op})
    order = list(TAG_LABELS)
    tags = sorted(groups, key=lambda t: (order.index(t) if t in order else len(order), t))
    return [(tag, str(TAG_LABELS.get(tag, tag.replace("-", " ").capitalize())), groups[tag]) for tag in tags]


def params_of(op: dict) -> list[dict[str, Any]]:
    """An operation's parameters as rows like fields_of's, with where each goes (path or query)."""
    return [{"name": p["name"], "type": type_text(p.get("schema")), "required": p.get("required", False),
             "description": inline(p.get("description")), "in": p.get("in")} for p in op.get("parameters", [])]
