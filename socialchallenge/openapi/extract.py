"""A Babel extractor for the API modules: their `_()` messages plus each route's docstring, which the API
reference shows as the operation's summary and description, so the docstrings get translated too."""

from __future__ import annotations

import ast
from io import BytesIO

from babel.messages.extract import extract_python

ROUTE_DECORATORS = {"get", "post", "put", "patch", "delete", "route"}


def _is_route(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr in ROUTE_DECORATORS


def route_docstrings(fileobj, keywords, comment_tags, options):
    """Yield the usual Python messages of the file, then the docstring of every function decorated as a route."""
    source = fileobj.read()
    yield from extract_python(BytesIO(source), keywords, comment_tags, options)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and any(_is_route(d) for d in node.decorator_list):
            doc = ast.get_docstring(node)
            if doc:
                yield node.body[0].lineno, None, doc, []
