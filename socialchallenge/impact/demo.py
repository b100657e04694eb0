"""Demo content for impact indicators and a challenge's own questions.

The pipeline's demo stories declare indicators when a solution becomes a proposal (`declare`); this seeder then
records measured values for the solutions in the experiment and learnings stages, and gives the Korean challenge
three questions of its own (one of them private) with its solutions' answers.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.models import (
    Challenge,
    ChallengeQuestion,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    QuestionKind,
    Solution,
    SolutionAnswer,
    Stage,
    User,
)
from socialchallenge.timeutil import utcnow

# (name, unit, kind, baseline, target) by the language of the story.
INDICATORS = {
    "ko": [("정류장 그늘 이용자", "명", IndicatorKind.participants, 0, 600),
           ("함께 쓴 의자와 그늘막", "개", IndicatorKind.resources_shared, 0, 12),
           ("관리 당번에 참여한 상인", "곳", IndicatorKind.connection, 0, 5)],
    "en": [("Guest visits at shared meals", "visits", IndicatorKind.participants, 0, 300),
           ("Shared meals served", "meals", IndicatorKind.activity_results, 0, 300),
           ("Partners cooking with us", "organisations", IndicatorKind.connection, 1, 4)],
}
# Weekly measured values per indicator, oldest first: what was counted that week.
WEEKLY = {
    IndicatorKind.participants: (42, 55, 61, 70, 66, 58),
    IndicatorKind.resources_shared: (4, 3, 2, 1, 0, 1),
    IndicatorKind.activity_results: (22, 30, 34, 41, 39, 37),
    IndicatorKind.connection: (1, 0, 1, 1, 0, 0),
}
QUESTIONS_CHALLENGE = "망원동 버스정류장에 그늘이 없어요"
QUESTIONS = [
    ("이 정류장을 하루에 몇 명쯤 이용한다고 보나요? How many people use the stop a day?", QuestionKind.short_text,
     [], True, True, Stage.idea),
    ("망원시장 상인회와 이야기해 보셨나요? Have you talked to the market traders?", QuestionKind.choice,
     ["네, 함께하기로 했어요 Yes, they are in", "이야기 중이에요 Talking", "아직이요 Not yet"], False, True,
     Stage.proposal),
    ("설치 장소 주인의 연락처 (과제 주인과 사무국만 봅니다) Site owner's contact (owner and secretariat only)",
     QuestionKind.short_text, [], True, False, Stage.proposal),
]
ANSWERS = ["평일 오후에 200명쯤 됩니다. About 200 on a weekday afternoon.",
           "네, 함께하기로 했어요 Yes, they are in",
           "망원시장 상인회 사무실 02-000-0000 (demo)"]


def declare(solution: Solution, language: str) -> None:
    """Give a demo solution the indicators of its story's language, as its team would at proposal."""
    if not solution.indicators:
        solution.indicators = [Indicator(position=i, name=name, unit=unit, kind=kind, baseline=baseline,
                                         target=target)
                               for i, (name, unit, kind, baseline, target) in enumerate(INDICATORS[language])]


def _measure(session: Session, solution: Solution) -> None:
    """Weekly values from the experiment's start (its planned start, or six weeks ago) until today or its end."""
    lead = solution.team[0].user_id
    start = solution.schedule_start or (utcnow().date() - timedelta(weeks=6))
    last = min(utcnow().date(), solution.schedule_end or utcnow().date())
    for indicator in solution.indicators:
        if indicator.values:
            continue
        for week, value in enumerate(WEEKLY.get(indicator.kind, (1, 1, 1))):
            day = start + timedelta(weeks=week, days=6)
            if day > last:
                break
            indicator.values.append(IndicatorValue(
                measured_on=day, value=value, author_id=lead,
                note=f"{week + 1}주차 집계 Week {week + 1} count" if week == 0 else "",
                link="https://example.org/demo/sign-up-sheet" if week == 0 else ""))


def _questions(session: Session) -> None:
    challenge = session.scalar(select(Challenge).where(Challenge.title == QUESTIONS_CHALLENGE))
    if challenge is None or challenge.questions:
        return
    challenge.questions = [ChallengeQuestion(position=i, prompt=prompt, kind=kind, choices=choices, required=required,
                                             public=public, stage=stage)
                           for i, (prompt, kind, choices, required, public, stage) in enumerate(QUESTIONS)]
    session.flush()
    for solution in session.scalars(select(Solution).where(Solution.challenge_id == challenge.id)):
        for question, answer in zip(challenge.questions, ANSWERS, strict=True):
            if solution.stage.index >= question.stage.index:
                solution.answers.append(SolutionAnswer(question_id=question.id, value=answer))


def seed_impact(session: Session, people: dict[str, User]) -> None:
    """Measured values on the experiments and learnings; a challenge with its own questions, answered."""
    for solution in session.scalars(select(Solution).where(Solution.stage.in_((Stage.experiment, Stage.learnings)))):
        _measure(session, solution)
    _questions(session)
    session.flush()
