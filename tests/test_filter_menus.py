"""The filter menus of the search and list pages are kept once rendered (issue 17 goal 4): the kept HTML must still
follow the reader's language, the chosen option and the districts as they are now."""

from __future__ import annotations

import re

from socialchallenge.extensions import db
from socialchallenge.models import District
from tests.helpers import EN


def _menu(page: str, name: str) -> str:
    found = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)
    assert found, f"no {name} menu"
    return found.group(0)


def _selected(menu: str) -> list[str]:
    """The values of the options marked selected."""
    options = re.findall(r"<option ([^>]*)>", menu)
    return [re.search(r'value="([^"]*)"', o).group(1) for o in options if re.search(r"\bselected\b", o)]


def test_the_order_menu_follows_language_and_choice_on_every_request(client):
    for path in ("/search?q=bus&sort=newest", "/challenges?sort=newest"):
        korean = _menu(client.get(path).get_data(as_text=True), "sort")
        assert "최신순" in korean and "Newest" not in korean
        assert _selected(korean) == ["newest"]
        english = _menu(client.get(path, headers=EN).get_data(as_text=True), "sort")
        assert "Newest" in english and "최신순" not in english
        assert _selected(english) == ["newest"]
        other = _menu(client.get(path.replace("newest", "most_supported")).get_data(as_text=True), "sort")
        assert _selected(other) == ["most_supported"]
        assert _selected(_menu(client.get(path).get_data(as_text=True), "sort")) == ["newest"]


def test_a_renamed_district_shows_in_the_menu_on_the_next_request(client):
    before = _menu(client.get("/search?q=bus").get_data(as_text=True), "district")
    assert "마포구" in before
    district = db.session.get(District, "11440")
    district.name_ko = "마포구 (새 이름)"
    db.session.commit()
    after = _menu(client.get("/search?q=bus").get_data(as_text=True), "district")
    assert "마포구 (새 이름)" in after
