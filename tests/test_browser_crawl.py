"""The crawler: every role walks the seeded demo site as a person would and every page it meets must hold up.

For each role (visitor, member, team member, challenge owner, secretariat) a browser follows same-site links from
the home page and the role's own pages (notifications, settings, the console), breadth first. Pages are sampled by
route pattern (ids and query values folded), so it opens one challenge page rather than a hundred. On every page:
no console error, no Content-Security-Policy violation, every same-site link target answers below 400, axe finds
no serious or critical violation, every GET form is valid as served and submits to a 200, and nothing is wider
than the window. Widths and languages are shared out between the roles so that 1280 and 390 px, Korean and
English, are each crawled together. The pages visited per role are printed (run with -s) and kept in
test-artifacts/crawl.txt."""

from __future__ import annotations

import os
import re
from collections import deque
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.a11y import assert_accessible
from tests.browser_harness import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "demo-password"
# (role, demo account or None, width, language, pages to start from besides the home page)
RUNS = [
    ("visitor", None, 1280, "ko", ["/challenges", "/learnings", "/search", "/resources", "/organisations/",
                                   "/calls/", "/events", "/impact", "/map"]),
    ("visitor", None, 390, "en", ["/challenges", "/open-data", "/api", "/map", "/events", "/impact", "/calls/"]),
    ("member", "backer@demo.socialchallenge.kr", 390, "ko", ["/notifications", "/settings", "/invitations"]),
    ("team member", "solver@demo.socialchallenge.kr", 1280, "en", ["/notifications", "/invitations"]),
    ("challenge owner", "citizen@demo.socialchallenge.kr", 390, "en", ["/notifications", "/challenges/new"]),
    ("secretariat", "staff@demo.socialchallenge.kr", 1280, "ko", ["/secretariat", "/secretariat/audit",
                                                                  "/secretariat/stats"]),
]
MAX_PAGES = int(os.environ.get("CRAWL_MAX_PAGES", "30"))  # per run, after folding by route pattern (CI budget)
MAX_LINK_CHECKS = 400  # per run
# Not pages to open: files, feeds, the JSON API, and links that change the session or the language.
# Downloads (files, feeds, calendars, map data) are checked as link targets, not opened as pages.
SKIP = re.compile(r"^/(api/v1|media|feeds?|lang|auth/sign-out)(/|$)|\.(csv|xml|json|geojson|pdf|atom|ics)$")


def pattern(url: str) -> str:
    """The route a URL belongs to: numbers folded, query values dropped."""
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""

GET_FORMS = """() => Array.from(document.querySelectorAll('form')).filter(f => (f.method || 'get') === 'get')
    .map(f => ({valid: f.checkValidity(), action: f.action,
                query: new URLSearchParams(new FormData(f)).toString(),
                html: f.outerHTML.slice(0, 200)}))"""


def crawl(browser, base: str, role: str, email: str | None, width: int, lang: str, starts: list[str]):
    """Walk the site as the role; the pages visited and the problems found on them."""
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=base,
                                  locale="ko-KR" if lang == "ko" else "en-US")
    context.add_cookies([{"name": "lang", "value": lang, "url": base}])
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(f"uncaught {e}"))
    if email:
        sign_in(page, email, password=PASSWORD)
    problems: list[str] = []
    queue = deque(["/", *starts])
    seen_patterns: set[str] = set()
    checked_links: dict[str, int] = {}
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        if pattern(url) in seen_patterns or SKIP.search(urlsplit(url).path):
            continue
        seen_patterns.add(pattern(url))
        console.clear()
        response = page.goto(url)
        where = f"{role} {width}px {lang} {url}"
        if response is None or response.status >= 400:
            problems.append(f"{where}: answered {response.status if response else 'nothing'}")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited.append(url)
        page.wait_for_load_state("load")
        here = urlsplit(page.url)
        # nothing wider than the window
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{where}: {overflow} px wider than the window")
        # axe: no serious or critical violation
        try:
            assert_accessible(page, where)
        except AssertionError as exc:
            problems.append(str(exc))
        # GET forms: valid as served, and they submit to a 200
        for form in page.evaluate(GET_FORMS):
            if not form["valid"]:
                problems.append(f"{where}: a GET form is invalid as served: {form['html']}")
                continue
            target = urlsplit(form["action"])
            if target.netloc != here.netloc:
                continue
            status = context.request.get(f"{target.path}?{form['query']}", max_redirects=0).status
            if status != 200:
                problems.append(f"{where}: GET form to {target.path}?{form['query']} answered {status}")
        # every same-site link answers below 400; pages not seen yet join the queue
        hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'), a => a.href)")
        for href in hrefs:
            link = urlsplit(href)
            if link.netloc != here.netloc or link.scheme not in ("http", "https"):
                continue
            path = link.path + (f"?{link.query}" if link.query else "")
            if link.path.startswith(("/lang/", "/auth/sign-out")):
                continue
            if path not in checked_links and len(checked_links) < MAX_LINK_CHECKS:
                checked_links[path] = context.request.get(path, max_redirects=0).status
                if checked_links[path] >= 400:
                    problems.append(f"{where}: link to {path} answers {checked_links[path]}")
            if pattern(path) not in seen_patterns:
                queue.append(path)
        violations = page.evaluate("() => window.__cspViolations || []")
        problems += [f"{where}: CSP violation {v}" for v in violations]
        problems += [f"{where}: console error {c}" for c in console]
    context.close()
    return visited, len(checked_links), problems


def test_every_role_crawls_the_seeded_site_without_a_problem(browser, live_server, app, runner):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    report, problems = [], []
    for role, email, width, lang, starts in RUNS:
        visited, links, found = crawl(browser, live_server.url, role, email, width, lang, starts)
        report.append(f"{role:16} {width:5} px {lang}: {len(visited):3} pages, {links:3} links checked")
        problems += found
        assert len(visited) >= 8, f"{role} reached only {visited}"
    os.makedirs("test-artifacts", exist_ok=True)
    with open("test-artifacts/crawl.txt", "w", encoding="utf-8") as out:
        out.write("\n".join(report + [""] + problems) + "\n")
    print("\n" + "\n".join(report))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])
