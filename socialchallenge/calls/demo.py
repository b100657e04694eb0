"""Demo call (issue 15): a city call with prize money, mentoring and a credit union's matchfunding pool; a
challenge in it with two picked solutions whose campaigns citizens back and the pool matches, one pick confirmed
with its prize and first mentoring check-in. Everything goes through the domain functions, so the books reconcile."""

from __future__ import annotations

from datetime import timedelta

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.attachments import demo as pictures
from socialchallenge.calls.prizes import confirm_pick
from socialchallenge.demo_clock import at, days_ago
from socialchallenge.funding import demo as funding_demo
from socialchallenge.models import (
    Challenge,
    ChallengeSdg,
    FundingModel,
    Organisation,
    OrganisationKind,
    Solution,
    Tag,
    User,
)
from socialchallenge.models.calls import Call, MatchPool
from socialchallenge.pipeline import transitions
from socialchallenge.pipeline.selection import set_selection
from socialchallenge.secretariat import mentoring

CALL = "따뜻한 겨울 골목 공모 Warm winter alleys call"
CHALLENGE = "겨울 골목이 너무 어두워요 Our alleys are too dark in winter"
SOLUTIONS = [
    # title, funding model, days since launch, shares of the goal pledged by demo backers, picture
    ("골목 태양광 등 Solar lanterns for alleys", FundingModel.keep_it_all, 12, (0.2, 0.17, 0.1), "lantern_alley"),
    ("함께 걷는 귀갓길 Walk-home buddies", FundingModel.all_or_nothing, 5, (0.14, 0.1, 0.07), "walking_home"),
]


def lantern_alley() -> Image.Image:
    """A narrow alley at dusk between two walls, lit by small lanterns."""
    image, draw = pictures._canvas((40, 50, 90), (70, 70, 80))
    draw.polygon([(0, 0), (360, 120), (360, 560), (0, 675)], fill=(95, 85, 80))
    draw.polygon([(1200, 0), (840, 120), (840, 560), (1200, 675)], fill=(105, 95, 85))
    for i, (x, y) in enumerate(((150, 200), (300, 250), (900, 250), (1050, 200))):
        r = 30 - i % 2 * 8
        draw.ellipse((x - r * 2, y - r * 2, x + r * 2, y + r * 2), fill=(120, 110, 70))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 214, 120))
    return image


def walking_home() -> Image.Image:
    """Two people walking home together under a street light at night."""
    image, draw = pictures._canvas((25, 35, 70), (60, 60, 70))
    draw.rectangle((880, 120, 896, 560), fill=(90, 90, 95))
    draw.polygon([(888, 150), (700, 560), (1076, 560)], fill=(95, 95, 80))
    draw.ellipse((860, 110, 920, 160), fill=(255, 230, 150))
    for x, colour in ((560, (200, 90, 80)), (660, (70, 130, 190))):
        draw.ellipse((x, 300, x + 60, 360), fill=(230, 190, 160))
        draw.rounded_rectangle((x - 10, 360, x + 70, 500), 20, fill=colour)
        draw.rectangle((x + 5, 500, x + 25, 560), fill=(40, 40, 50))
        draw.rectangle((x + 35, 500, x + 55, 560), fill=(40, 40, 50))
    return image


pictures.PICTURES.setdefault("lantern_alley", (
    lantern_alley, "어두운 골목 양쪽 벽에 작은 태양광 등이 노랗게 켜져 있습니다.",
    "Small solar lanterns glow yellow on both walls of a dark alley."))
pictures.PICTURES.setdefault("walking_home", (
    walking_home, "밤길 가로등 아래에서 두 사람이 나란히 걸어갑니다.",
    "Two people walk side by side under a street light at night."))


def _organisation(session: Session, name: str, kind: OrganisationKind, description: str) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        org = Organisation(name=name, kind=kind, verified=True, description=description)
        session.add(org)
        session.flush()
    return org


def _call(session: Session, staff: User) -> Call:
    organiser = _organisation(session, "서울시 사회혁신과 Seoul Social Innovation Division",
                              OrganisationKind.public_body, "시민과 함께 도시 문제를 푸는 부서입니다.")
    funder = _organisation(session, "망원 신용협동조합 Mangwon Credit Union", OrganisationKind.non_profit,
                           "주민이 함께 만든 금융 협동조합입니다.")
    call = Call(title=CALL, organiser_id=organiser.id, currency="KRW", created_by_id=staff.id,
                description="겨울 골목을 더 밝고 안전하게 만들 과제를 모읍니다. "
                            "선정된 해법에는 상금과 6개월 멘토링을 드리고, "
                            "망원 신협이 시민 후원에 같은 금액을 더합니다.\n\n"
                            "We ask for challenges that make winter alleys brighter and safer. Picked solutions get "
                            "prize money and six months of mentoring; Mangwon Credit Union matches citizens' pledges.",
                opens_at=days_ago(85, 0), closes_at=days_ago(-15, 0), areas=[], sdgs=[11],
                prize_per_winner=200_000, winners=2, mentoring_months=6)
    session.add(call)
    session.flush()
    session.add(MatchPool(call_id=call.id, funder_id=funder.id, amount=1_000_000, ratio=1, cap_per_campaign=100_000))
    session.flush()
    return call


def _challenge(session: Session, owner: User, call: Call) -> Challenge:
    challenge = Challenge(title=CHALLENGE, owner_id=owner.id, area="마포구 Mapo-gu", min_solutions=2, call_id=call.id,
                          problem="해가 일찍 지면 골목이 깜깜해 귀갓길이 무섭습니다. Alleys go dark early and walking "
                                  "home feels unsafe.",
                          affected="늦게 퇴근하는 주민과 학생들 Residents and students coming home late.")
    tag = session.scalar(select(Tag).where(Tag.name == "safety")) or Tag(name="safety")
    challenge.tags.append(tag)
    challenge.sdg_rows = [ChallengeSdg(sdg=11)]
    session.add(challenge)
    session.flush()
    return challenge


def seed_call(session: Session, people: dict[str, User]) -> None:
    """The demo call with its pool, a challenge in it and two matched campaigns; skipped if already there."""
    if session.scalar(select(Call.id).where(Call.title == CALL)) is not None:
        return
    staff, solver = people["staff"], people["solver2"]
    with at(session, days_ago(86, 9)):
        call = _call(session, staff)
    with at(session, days_ago(70, 10)):
        challenge = _challenge(session, people["neighbour"], call)
        pictures.attach_picture(session, challenge, "lantern_alley")
    solutions: list[Solution] = []
    for n, (title, model, days, _shares, picture) in enumerate(SOLUTIONS):
        with at(session, days_ago(64 - n, 11)) as when:
            solutions.append(funding_demo.new_solution(session, challenge, title, solver, when))
            pictures.attach_picture(session, solutions[-1], picture)
        with at(session, days_ago(58 - n, 15)) as when:
            start = (days_ago(days, 10) + timedelta(days=30)).date()
            funding_demo.propose(session, solutions[-1], model, start, solver)
            solutions[-1].stage_entered_at = when
    with at(session, days_ago(50, 14)) as when:
        set_selection(session, people["neighbour"], challenge, [s.id for s in solutions])
        for solution in solutions:
            solution.selected_at = when
    for solution, (_title, _model, days, shares, _picture) in zip(solutions, SOLUTIONS, strict=True):
        launched = days_ago(days, 10)
        with at(session, launched - timedelta(days=3)):
            campaign = transitions.request_review(session, solver, solution)
        with at(session, launched):
            funding_demo.launch(session, staff, campaign, launched)
        amounts = funding_demo.pledge_amounts(campaign.goal, *shares)
        for k, (who, amount) in enumerate(zip(funding_demo.BACKERS, amounts, strict=False)):
            with at(session, launched + timedelta(days=1 + k, hours=k * 3)) as when:
                funding_demo.back(session, campaign, people[who], amount, when)
    # The secretariat confirms the first pick: its prize goes on the campaign and six months of mentoring begin.
    first = solutions[0]
    with at(session, days_ago(8, 16)) as when:
        confirm_pick(session, staff, first, now=when)
        mentoring.assign(session, staff, first, staff.id)
    with at(session, days_ago(3, 18)):
        mentoring.add_note(session, staff, first, days_ago(3).date(),
                           "첫 점검 모임: 태양광 등 20개 설치 위치를 정했습니다. First check-in: we chose where the 20 "
                           "lanterns go.", "구청에 설치 허가를 신청합니다. Ask the district office for a permit.")
    for solution in solutions:
        solution.updated_at = solution.stage_entered_at
    session.flush()
