"""Demo content for an answer for every idea: a closed challenge whose unpicked solutions carry the owner's reasons,
one carried on to an open challenge, and supports ("this would help me") on solutions."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.community.supports import add_support
from socialchallenge.demo_clock import at, days_ago
from socialchallenge.impact import demo as impact_demo
from socialchallenge.models import Challenge, ChallengeSdg, SavedAnswer, Solution, Tag, User
from socialchallenge.pipeline import carry_over, challenges, selection, solutions, transitions

TITLE = "밤길 골목이 너무 어두워요 (Dark alleys at night in Seogyo-dong)"
CARRY_TO = "Older neighbours in Yeonnam-dong eat alone"  # the English pipeline story's challenge, still open

CHALLENGE = {
    "title": TITLE,
    "problem": "서교동 주택가 골목은 가로등 간격이 넓어 밤 10시 이후에는 거의 보이지 않습니다. "
               "The alleys behind Seogyo-dong's main road are barely lit after 10 pm.",
    "affected": "늦게 퇴근하는 주민, 학원에서 돌아오는 학생, 배달 노동자. "
                "Shift workers, students coming home from evening classes, delivery riders.",
    "area": "마포구 서교동",
}

# (title, summary, lead, proposal?) — the first is picked; the owner answers the others when the challenge closes.
IDEAS = [
    ("태양광 골목 조명 시범 설치", "전기 공사 없이 붙이는 태양광 조명 20개를 어두운 골목 세 곳에 달아 봅니다.",
     "solver", True),
    ("Walk-home buddy app", "Neighbours walking the same way at night find each other in a small app.",
     "solver2", True),
    ("골목 벽화로 밝히기", "밝은 색 벽화와 반사 페인트로 골목을 환하게 만듭니다.", "backer", True),
    ("Shop lights on till midnight", "Corner shops keep their signs lit until midnight for a small subsidy.",
     "neighbour", True),
    ("주민 야간 순찰대", "주민이 돌아가며 밤길을 함께 걷는 순찰대를 만듭니다.", "citizen", False),
]
REASONS = {
    "Walk-home buddy app": "Thank you! Several residents liked it, but an app needs people to sign up before it "
                           "helps anyone, and this call funds something that lights the alleys from the first night. "
                           "The district's safe-return service (안심귀가 스카우트) may be a better home for it.",
    "골목 벽화로 밝히기": "벽화는 낮의 골목을 바꾸지만, 밤 10시 이후 조도 측정에서는 효과가 작았습니다. "
                     "공공미술 공모(4월)에 다시 내 보시길 권합니다.",
    "Shop lights on till midnight": "Only four shops stay open past 10 pm on these alleys, so most of the dark "
                                    "stretches would stay dark. We would gladly see it tried on the main road.",
    "주민 야간 순찰대": "아이디어 단계에 머물러 선정 대상이 아니었습니다. 동 주민센터 자율방범대와 함께 "
                   "제안으로 발전시켜 다시 내 주세요.",
}
SAVED = "Thank you for your idea and the work you put into it. This time another proposal fit the budget and the "\
        "timetable better; your proposal stays public, and you may carry it to another open challenge."
SUPPORTS = [  # (solution title, who, story)
    ("태양광 골목 조명 시범 설치", "neighbour", "밤 11시에 퇴근하는데 골목 입구부터 깜깜해요."),
    ("태양광 골목 조명 시범 설치", "backer", ""),
    ("Walk-home buddy app", "citizen", "My daughter walks home from the academy at 10 pm."),
    ("골목 벽화로 밝히기", "solver2", ""),
]


def _proposal(session: Session, solution: Solution, lead: User) -> None:
    solution.experiment_plan = "세 골목에서 8주 동안 시험하고, 매주 밤 10시에 조도와 통행량을 잽니다."
    solution.experiment_goal = "골목 평균 조도를 5럭스 이상으로, 주민 체감 안전도를 높입니다."
    solution.already_tested = "비슷한 시도는 아직 없습니다. Nothing like it here yet."
    solution.team_description = f"{lead.name} 외 주민 2명"
    solution.resources = "주민 모임 공간, 설치 도구, 동네 가게의 협조"
    solution.schedule_start = date.today() + timedelta(days=30)
    solution.schedule_end = solution.schedule_start + timedelta(days=56)
    solution.learning_goals = "어떤 빛이 가장 안심이 되는지, 주민이 어떻게 관리할 수 있는지 배웁니다."
    impact_demo.declare(solution, "ko")  # a proposal declares its impact indicators (issue 16)
    transitions.advance(session, lead, solution)


def seed_outcomes(session: Session, people: dict[str, User]) -> None:
    """A closed challenge in Seogyo-dong: one pick, reasons for the rest, one carried on; supports on solutions."""
    if session.scalar(select(Challenge.id).where(Challenge.title == TITLE)) is not None:
        return  # already seeded
    owner = people["citizen"]
    with at(session, days_ago(75)):
        challenge = Challenge(owner_id=owner.id, min_solutions=4, **CHALLENGE)
        challenge.tags.append(session.scalar(select(Tag).where(Tag.name == "safety")) or Tag(name="safety"))
        challenge.sdg_rows = [ChallengeSdg(sdg=11), ChallengeSdg(sdg=16)]
        session.add(challenge)
        session.flush()
    for n, (who, story) in enumerate((("neighbour", "밤 11시에 퇴근해요. 골목 입구부터 깜깜합니다."), ("backer", ""))):
        with at(session, days_ago(74 - n)):
            add_support(session, people[who], challenge, story)
    made: dict[str, Solution] = {}
    for n, (title, summary, lead, propose) in enumerate(IDEAS):
        with at(session, days_ago(70 - 3 * n)):
            made[title] = solutions.submit_idea(session, people[lead], challenge, {"title": title, "summary": summary})
        if propose:
            with at(session, days_ago(55 - 3 * n)) as when:
                _proposal(session, made[title], people[lead])
                made[title].stage_entered_at = made[title].updated_at = when
    for n, (title, who, story) in enumerate(SUPPORTS):
        with at(session, days_ago(40 - n)):
            add_support(session, people[who], made[title], story)
    with at(session, days_ago(35)) as when:
        session.add(SavedAnswer(owner_id=owner.id, text=SAVED))
        picked = made[IDEAS[0][0]]
        selection.set_selection(session, owner, challenge, [picked.id], {
            str(made["Walk-home buddy app"].id): REASONS["Walk-home buddy app"]})
        picked.selected_at = when
    with at(session, days_ago(20)) as when:
        challenges.close_challenge(session, owner, challenge, {
            str(made[title].id): reason for title, reason in REASONS.items() if title != "Walk-home buddy app"})
        for solution in made.values():
            solution.outcome_at = when if solution.outcome is not None else None
    target = session.scalar(select(Challenge).where(Challenge.title == CARRY_TO))
    if target is not None and target.is_open:
        with at(session, days_ago(12)):
            carry_over.carry_over(session, people["solver2"], made["Walk-home buddy app"], target.id)
    challenge.updated_at = challenge.created_at
    for when, solution in zip((18, 17), session.scalars(
            select(Solution).where(Solution.challenge_id != challenge.id, Solution.outcome.is_(None))
            .order_by(Solution.supports_count, Solution.id).limit(2)), strict=False):
        supporter = next(p for p in (people["neighbour"], people["backer"], people["citizen"])
                         if not solution.has_member(p))
        with at(session, days_ago(when)):
            add_support(session, supporter, solution, "우리 동네에도 꼭 필요해요. We need this on our street too.")
    session.flush()
    assert all(s.outcome is not None for s in made.values() if not s.selected), "every unpicked idea is answered"
