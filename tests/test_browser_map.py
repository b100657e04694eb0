"""The map page in a real browser without a tile server (issue 16): district markers with counts on a plain
background, no console error, no CSP violation, no horizontal scroll on a phone, popups linking to the lists."""

from __future__ import annotations

import pytest

from tests.a11y import assert_accessible
from tests.builders import make_challenge, make_resource

pytestmark = pytest.mark.browser

CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_map_shows_district_markers_without_tiles(page, app, width):
    make_challenge(title="Mapo bus stop without shade", area="망원동", district_code="11440", lat=37.5561, lon=126.9018)
    make_challenge(title="Mapo alley lights", area="연남동", district_code="11440")
    make_challenge(title="Jongno alley litter", area="익선동", district_code="11110")
    make_resource(title="Hall in Mapo", area="망원동", district_code="11440")
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_init_script(CSP_LISTENER)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"uncaught {e}"))
    page.goto("/map")
    page.wait_for_selector("#map[data-ready='true']")
    markers = page.locator(".district-count")
    assert markers.count() == 25  # every district of Seoul, the empty ones too
    counts = sorted(int(t) for t in markers.all_text_contents() if t.strip() != "0")  # shown or left out
    assert counts == [1, 3]  # Jongno-gu: 1 challenge; Mapo-gu: 2 challenges and 1 resource
    assert page.locator(".leaflet-tile").count() == 0  # no tile server: a plain background
    # The busy districts' markers and names are never crossed by another district's marker (on a phone the empty
    # ones in the way are left out at that zoom; the table still lists them).
    crossed = page.evaluate("""() => {
        const box = (e) => e.getBoundingClientRect();
        const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const shown = [...document.querySelectorAll('.district-count')].filter((e) => e.style.visibility !== 'hidden');
        const busy = shown.filter((e) => e.textContent.trim() !== '0');
        const labels = [...document.querySelectorAll('.district-label')].filter((e) => e.style.visibility !== 'hidden');
        const taken = [...busy, ...labels].map(box);
        return shown.filter((e) => !busy.includes(e) && taken.some((r) => hit(box(e), r))).length;
    }""")
    assert crossed == 0
    assert page.locator("#map").evaluate("e => e.classList.contains('map-plain')")
    # A district's marker opens a popup with its counts, each linking to the list of that district.
    page.locator(".district-count", has_text="3").click()
    popup = page.locator(".leaflet-popup-content")
    # The popup fades in; axe below reads its colours, so wait until it is fully there, as a person would see it.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    assert "마포구" in popup.inner_text()
    assert popup.get_by_role("link").first.get_attribute("href") == "/challenges?district=11440"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("window.__cspViolations") == []
    assert problems == []
    assert_accessible(page, f"/map at {width}px")


def test_the_map_follows_the_filters(page, app):
    make_challenge(title="Mapo bus stop without shade", area="망원동", district_code="11440", tags=["mobility"])
    make_challenge(title="Jongno alley litter", area="익선동", district_code="11110", tags=["waste"])
    page.goto("/map?layer=challenges&tag=waste")
    page.wait_for_selector("#map[data-ready='true']")
    assert [t for t in page.locator(".district-count").all_inner_texts() if t.strip() != "0"] == ["1"]
    page.locator(".district-count", has_text="1").click()
    assert "종로구" in page.locator(".leaflet-popup-content").inner_text()
    # The list link beside the map keeps the filters.
    assert page.get_by_role("link", name="과제 목록으로 보기").get_attribute("href") == "/challenges?tag=waste"
