"""Browser: the secretariat's tables on a 390 px phone. A table whose columns do not fit becomes one card per row,
each value under its column's name; no word is squeezed to a letter a line (Korean included) and nothing is wider
than the screen (issue 14: "phone tables break Korean words letter by letter")."""

from __future__ import annotations

import pytest

from socialchallenge.extensions import db
from socialchallenge.models import Role, Stage
from socialchallenge.secretariat import curation
from tests.a11y import assert_accessible
from tests.browser_harness import sign_in
from tests.builders import make_challenge, make_mentor, make_solution, make_user

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
# A cell whose text takes more lines than it has words had a word broken inside it: a column squeezed to letters.
# (A stacked table's header row is visually hidden, a 1 px box, and is left out; a cell as wide as the page may
# break a token longer than the screen, such as a long e-mail address.)
SQUEEZED = """() => [...document.querySelectorAll('main td, main th')].filter(c => {
  const head = c.closest('thead');
  if (head && head.getBoundingClientRect().width <= 1) return false;
  if (c.getBoundingClientRect().width >= document.querySelector('main').clientWidth * 0.8) return false;
  const words = c.innerText.trim().split(/\\s+/).filter(Boolean).length;
  const range = document.createRange();
  range.selectNodeContents(c);
  const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  return words > 0 && lines.size > words; }).map(c => c.innerText.trim())"""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_secretariat_tables_read_as_cards_on_a_phone(page, lang):
    staff = make_user("사무국 김지원", role=Role.secretariat)
    make_user("Administrator With A Long Name", role=Role.admin,
              email="a.rather.long.address@neighbourhood.example.org")
    challenge = make_challenge(title="망원동 버스정류장에 그늘이 없어요", area="마포구 망원동")
    solution = make_solution(challenge, stage=Stage.experiment, title="정류장 그늘 지도")
    make_solution(challenge, stage=Stage.proposal, title="주민이 만드는 팝업 쉼터")
    make_mentor(solution, staff)
    curation.retag(db.session, staff, challenge, add=["폭염", "교통"])
    db.session.commit()
    page.set_viewport_size(PHONE)
    sign_in(page, staff, lang)
    for path in ("/secretariat/members", "/secretariat/mentoring", "/secretariat/curation", "/secretariat/audit",
                 "/secretariat/stats"):
        page.goto(path)
        assert page.evaluate(SQUEEZED) == [], f"{path}: columns squeezed to letters"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{path} is too wide"
        assert_accessible(page, f"{path} on a phone ({lang})")
    page.goto("/secretariat/members")
    roles = page.locator('main td[data-label]').all_inner_texts()
    assert ("관리자" if lang == "ko" else "Admin") in roles and "admin" not in roles  # the role's name, not its code
