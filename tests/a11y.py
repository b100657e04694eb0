"""axe-core in the browser tests: zero serious or critical WCAG 2.1 A/AA violations on a page.

axe-core comes from npm (package.json at the repo root, `npm ci`). The page's CSP allows only 'self' scripts, so
`page.add_script_tag` (which injects the file inline) would be blocked; `page.evaluate` runs the file's source
through the DevTools protocol, which the page's CSP does not govern, and leaves the app's CSP untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_source: list[str] = []


def _axe_source() -> str:
    if not _source:
        if not AXE_JS.exists():
            if os.environ.get("CI"):
                pytest.fail(f"{AXE_JS} is missing: run `npm ci` (CI must run the accessibility checks).")
            pytest.skip("axe-core is not installed: run `npm ci` in the repository root")
        _source.append(AXE_JS.read_text(encoding="utf-8"))
    return _source[0]


def assert_accessible(page, where: str = "") -> None:
    """Run axe on the current page; fail on any serious or critical violation, listing each with its nodes."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source() + "\n;undefined")
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']});
            return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} -> ` +
                          v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | '));
        }""",
        WCAG_TAGS,
    )
    assert not violations, f"axe on {where or page.url}:\n" + "\n".join(violations)
