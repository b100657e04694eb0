"""Imports run one way (ARCHITECTURE.md): core ← models ← domain ← interface (web views, API, commands) ← the app
factory. The package's import graph is read with `ast` (module-level and function-level imports alike); a module
may import its own layer or a lower one, and no two packages import each other, directly or round a circle (the
domain and interface parts of a feature package count apart: a page of one feature may use another's rules while
that feature's page uses the first one's)."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "socialchallenge"
LAYERS = ("core", "models", "domain", "interface", "app")

# Where each module sits: the longest matching dotted prefix wins (names are below `socialchallenge.`). A package
# not named here is a feature's domain package: its views, forms and the like are interface (INTERFACE_MODULES).
LAYER_OF_PREFIX = {
    # core: errors, field cleaners, paging, registries, domain events, extension objects, request guards
    "core": "core", "errors": "core", "extensions": "core", "timeutil": "core", "sanitize": "core",
    "security": "core", "i18n": "core", "guards": "core", "csrf_tokens": "core",
    "models": "models",
    # domain: plain functions over a session that carry the rules, raise domain errors and send domain events
    "accounts": "domain", "pipeline": "domain", "funding": "domain", "community": "domain",
    "secretariat": "domain", "search": "domain", "opendata": "domain", "attachments": "domain",
    "payments": "domain", "mail": "domain", "audit": "domain", "places": "domain",
    # interface: what turns a request or a command line into a domain call and its answer into HTML or JSON
    "api": "interface", "openapi": "interface", "main": "interface", "auth": "interface",
    "organisations": "interface", "feeds": "interface", "learnings": "interface", "challenges": "interface",
    "solutions": "interface", "commands": "interface", "limits": "interface",
    # the app: the factory and the one list of who listens to which domain event
    "subscribers": "app",
}
# Modules of a domain package that belong to the interface: blueprints, views, forms, template helpers, demo seeders.
INTERFACE_MODULES = {"views", "forms", "template_globals", "demo", "demo_content", "manage", "webhooks",
                     "public_views", "member_views", "views_people", "views_reports", "audit_view", "stage_forms",
                     "page_parts", "console", "geo", "map"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str:
    """The layer a module of the package sits in."""
    parts = module.split(".")[1:]
    if not parts:
        return "app"
    if len(parts) > 1 and parts[-1] in INTERFACE_MODULES:
        return "interface"
    init = PACKAGE / parts[0] / "__init__.py"
    if len(parts) == 1 and init.exists() and re.search(r"Blueprint\(|\.views import|import views", init.read_text()):
        return "interface"  # a package whose __init__ makes or hands out a blueprint: what imports it is web code
    for size in range(len(parts), 0, -1):
        layer = LAYER_OF_PREFIX.get(".".join(parts[:size]))
        if layer:
            return layer
    return "domain"


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "socialchallenge"


def imports(known: dict[str, Path]) -> list[tuple[str, str, int]]:
    """(importer, imported, line) for every import of a package module, at module level or inside a function."""
    found = []
    for module, path in known.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + [base]).strip(".")
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
            else:
                continue
            for target in targets:
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target.startswith("socialchallenge"):
                    found.append((module, target, node.lineno))
    return found


def layer_violations(edges) -> list[str]:
    rank = {name: i for i, name in enumerate(LAYERS)}
    return sorted({f"{a} ({layer_of(a)}) imports {b} ({layer_of(b)}), line {line}" for a, b, line in edges
                   if rank[layer_of(b)] > rank[layer_of(a)]})


def part_of(module: str) -> str:
    """The package and layer a module belongs to: a feature package's domain and interface parts are told apart."""
    return f"{package_of(module)}[{layer_of(module)}]"


def package_cycles(edges) -> list[str]:
    """Each circle of packages (each layer of a package on its own) importing each other, with the imports that
    close it."""
    graph, why = defaultdict(set), defaultdict(list)
    for a, b, _line in edges:
        pa, pb = part_of(a), part_of(b)
        if package_of(a) != package_of(b) and package_of(a) != "socialchallenge":  # the factory imports everything
            graph[pa].add(pb)
            why[pa, pb].append(f"{a} → {b}")
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                links = [f"    {w}" for a in sorted(component) for b in sorted(component) for w in why.get((a, b), [])]
                found.append(" ↔ ".join(sorted(component)) + "\n" + "\n".join(links))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_a_higher_layer():
    violations = layer_violations(imports(modules()))
    assert not violations, (f"{len(violations)} imports run up the layers (core ← models ← domain ← interface); a "
                            "domain change others react to sends a core.events signal instead:\n"
                            + "\n".join(violations))


def test_no_two_packages_import_each_other():
    cycles = package_cycles(imports(modules()))
    assert not cycles, f"{len(cycles)} circles of packages:\n" + "\n".join(cycles)


def test_the_checks_catch_what_they_look_for():
    """A domain module reaching for a view, and two packages importing each other, are both found."""
    edges = [("socialchallenge.pipeline.x", "socialchallenge.funding.views", 3),
             ("socialchallenge.funding.y", "socialchallenge.pipeline.x", 4),
             ("socialchallenge.pipeline.z", "socialchallenge.funding.y", 5)]
    assert layer_violations(edges) == [
        "socialchallenge.pipeline.x (domain) imports socialchallenge.funding.views (interface), line 3"]
    assert package_cycles(edges)[0].startswith("funding[domain] ↔ pipeline[domain]")
