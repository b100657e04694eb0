"""User Markdown to safe HTML: the only module that imports bleach."""

from __future__ import annotations

from functools import partial

import bleach
import markdown as markdown_lib
from bleach.linkifier import LinkifyFilter
from flask import Flask
from markupsafe import Markup

# Deliberately small: text formatting, lists, quotes, code and links. No images (nothing loaded from
# other hosts), no headings (a comment must not break the page's heading outline), no tables, no style.
ALLOWED_TAGS = frozenset({
    "a", "p", "br", "hr", "strong", "b", "em", "i", "del", "code", "pre", "blockquote", "ul", "ol", "li",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"
MARKDOWN_EXTENSIONS = ["fenced_code", "sane_lists"]


def _link_rel(attrs: dict, new: bool = False) -> dict | None:
    """Every link, typed or linkified, is marked as not endorsed by the site and opens no window reference."""
    href = attrs.get((None, "href"))
    if not href:
        # A link whose URL the sanitizer removed is just its text.
        return None
    attrs[(None, "rel")] = LINK_REL
    attrs.pop((None, "target"), None)
    return attrs


_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    # Removing unknown tags (rather than escaping them) keeps their text and never re-creates markup.
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_link_rel], skip_tags={"pre", "code"}, parse_email=False)],
)


def clean_html(html: str) -> str:
    """HTML reduced to the allow-list: safe to insert into a page as is."""
    return _cleaner.clean(html or "")


def render_markdown(text: str) -> str:
    """Markdown source rendered to sanitized HTML (store it beside the source)."""
    html = markdown_lib.markdown(text or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return clean_html(html)


def init_app(app: Flask) -> None:
    """Register the `markdown` template filter: `{{ text|markdown }}`."""

    @app.template_filter("markdown")
    def markdown_filter(text: str | None) -> Markup:
        # Markup() is safe here because render_markdown keeps only the allow-list above.
        return Markup(render_markdown(text or ""))
