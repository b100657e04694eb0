"""Demo crowdfunding (sandbox): the steps of a campaign's story (launch, pledges from demo members, settlement), and
a challenge with a live campaign, a succeeded one and a failed one; safe to seed again."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from socialchallenge.attachments.demo import attach_picture
from socialchallenge.community import follows
from socialchallenge.community.supports import add_support
from socialchallenge.demo_clock import at, days_ago
from socialchallenge.funding.pledges import confirm
from socialchallenge.funding.settlement import charge_due, release_due, settle_campaign
from socialchallenge.impact import demo as impact_demo
from socialchallenge.models import (
    BudgetLine,
    Campaign,
    CampaignStatus,
    Challenge,
    ChallengeSdg,
    EventKind,
    FundingModel,
    Pledge,
    PledgeStatus,
    Reward,
    SkillNeed,
    SkillOffer,
    Solution,
    Stage,
    Tag,
    TeamMember,
    TeamRole,
    User,
)
from socialchallenge.pipeline import history, transitions
from socialchallenge.pipeline.selection import set_selection
from socialchallenge.pipeline.updates import post_update
from socialchallenge.secretariat import reviews

ROUND_TO = 10_000  # pledges are round sums, as people give


def pledge_amounts(goal: int, *shares: float) -> list[int]:
    """Round pledges (up to the next 10,000) worth these shares of the goal."""
    return [max(ROUND_TO, math.ceil(goal * share / ROUND_TO) * ROUND_TO) for share in shares]


def launch(session: Session, staff: User, campaign: Campaign, when: datetime) -> Campaign:
    """The secretariat approves the campaign in review at `when`, with its hearing sheet all ticked; it runs for its
    days from then."""
    reviews.decide(session, staff, campaign, "approve",
                   "예산과 일정이 분명합니다. 응원합니다. The budget and plan are clear; good luck.",
                   checklist=dict.fromkeys(reviews.CHECKLIST, True),
                   notes="팀과 30분 통화했습니다. A 30-minute call with the team.")
    campaign.reviewed_at = campaign.launched_at = when
    campaign.deadline = when + timedelta(days=campaign.campaign_days)
    campaign.solution.stage_entered_at = when
    return campaign


def back(session: Session, campaign: Campaign, backer: User, amount: int, when: datetime,
         anonymous: bool = False) -> Pledge:
    """A demo member's pledge, paid at once in the sandbox: its money goes through the ledger like any other."""
    pledge = Pledge(campaign_id=campaign.id, backer_id=backer.id, amount=amount, anonymous=anonymous,
                    provider="sandbox", status=PledgeStatus.pending, created_at=when)
    pledge.campaign, pledge.backer = campaign, backer
    session.add(pledge)
    session.flush()
    confirm(session, pledge, when)
    return pledge


def settle_at(session: Session, campaign: Campaign) -> None:
    """Settle the campaign as the worker did at its deadline: the outcome, the charges and the releases."""
    deadline = campaign.deadline
    settle_campaign(session, campaign.id, deadline)
    session.flush()
    charge_due(session, deadline)
    release_due(session, deadline)
    campaign = session.get(Campaign, campaign.id)
    campaign.solution.stage_entered_at = deadline


CHALLENGE = "비 오는 날 버스 정류장 Bus stops in the rain"
POSTED = 80  # days ago
DEMOS = [
    # title, funding model, campaign status, days since launch, shares of the goal pledged, picture
    ("접이식 정류장 차양 Folding shelters", FundingModel.all_or_nothing, CampaignStatus.live, 10, (0.4, 0.17, 0.1),
     "shaded_stop"),
    ("정류장 우산 나눔 Umbrella sharing", FundingModel.keep_it_all, CampaignStatus.succeeded, 40, (0.5, 0.34, 0.27),
     "umbrella_stand"),
    ("정류장 온돌 의자 Heated benches", FundingModel.all_or_nothing, CampaignStatus.failed, 45, (0.2, 0.14),
     "bus_stop"),
]
BACKERS = ("backer", "citizen", "solver2")


def _challenge(session: Session, owner: User) -> Challenge:
    challenge = Challenge(title=CHALLENGE, owner_id=owner.id, area="마포구 Mapo-gu", min_solutions=1,
                          problem="정류장에 지붕이 없어 비를 맞으며 기다립니다. Stops have no roof.",
                          affected="어르신과 아이들이 비를 맞습니다. Older people and children get wet.")
    tag = session.scalar(select(Tag).where(Tag.name == "mobility")) or Tag(name="mobility")
    challenge.tags.append(tag)
    challenge.sdg_rows = [ChallengeSdg(sdg=11)]
    session.add(challenge)
    session.flush()
    attach_picture(session, challenge, "rainy_stop")
    return challenge


def new_solution(session: Session, challenge: Challenge, title: str, lead: User, when: datetime) -> Solution:
    """A demo solution at the idea stage, led by `lead`, counted on its challenge."""
    solution = Solution(challenge_id=challenge.id, title=title, stage=Stage.idea,
                        summary="주민이 함께 만드는 작은 실험입니다. A small experiment residents run together.")
    solution.team = [TeamMember(user_id=lead.id, role=TeamRole.lead, joined_at=when)]
    session.add(solution)
    session.execute(update(Challenge).where(Challenge.id == challenge.id)
                    .values(solutions_count=Challenge.solutions_count + 1))
    history.record(session, solution, lead, EventKind.created, None, Stage.idea)
    session.flush()
    return solution


def propose(session: Session, solution: Solution, model: FundingModel, start: date, lead: User) -> None:
    """The proposal and campaign fields; the experiment is planned to start the day the campaign ends."""
    for name, value in dict(
        experiment_plan="정류장 세 곳에서 한 달 동안 시험합니다. One month at three stops.",
        experiment_goal="비 오는 날 불편을 줄입니다. Fewer wet waits.", already_tested="없음 None.",
        team_description="동네 주민 모임 A neighbourhood group.", resources="목공 기술 Woodworking.",
        schedule_start=start, schedule_end=start + timedelta(days=90),
        learning_goals="주민이 얼마나 쓰는지 배웁니다. How much people use it.",
        other_funding="없음 none", campaign_days=30, funding_model=model,
    ).items():
        setattr(solution, name, value)
    solution.budget_lines = [BudgetLine(position=0, item="재료 Materials", amount=300_000, required=True),
                             BudgetLine(position=1, item="홍보 Flyers", amount=50_000, required=False)]
    impact_demo.declare(solution, "ko")  # a proposal declares its impact indicators (issue 16)
    transitions.advance(session, lead, solution)


def seed_crowdfunding(session: Session, people: dict[str, User]) -> None:
    """Three sandbox campaigns backed by demo members, a limited reward and a skill need; skipped if already there."""
    if session.scalar(select(Challenge.id).where(Challenge.title == CHALLENGE)) is not None:
        return
    solver = people["solver"]
    with at(session, days_ago(POSTED, 8)):
        challenge = _challenge(session, people["citizen"])
    for who, day in (("backer", 78.6), ("solver2", 77.2), ("neighbour", 74.9)):
        with at(session, days_ago(day)):
            story = "비 오는 아침마다 젖은 채로 출근해요." if who == "backer" else ""
            add_support(session, people[who], challenge, story)
    with at(session, days_ago(76.5)):
        follows.follow(session, people["staff"], challenge=challenge)
    solutions = []
    for n, (title, model, _status, days, _shares, picture) in enumerate(DEMOS):
        with at(session, days_ago(76 - n, 11)) as when:
            solutions.append(new_solution(session, challenge, title, solver, when))
        with at(session, days_ago(66 - n, 15)) as when:
            start = (days_ago(days, 10) + timedelta(days=30)).date()
            propose(session, solutions[-1], model, start, solver)
            solutions[-1].stage_entered_at = when
            attach_picture(session, solutions[-1], picture)
    with at(session, days_ago(60, 14)) as when:
        set_selection(session, people["citizen"], challenge, [s.id for s in solutions])
        for solution in solutions:
            solution.selected_at = when
    for solution, (_title, _model, status, days, shares, _picture) in zip(solutions, DEMOS, strict=True):
        _campaign(session, people, solution, status, days, shares)
    with at(session, days_ago(3, 17)):
        post_update(session, solver, solutions[1], "첫 주: 우산 40개가 돌아왔어요 Week one: 40 umbrellas came back",
                    "가게 세 곳이 우산꽂이를 맡아 주었습니다. Three shops look after the stands.")
    solutions[1].experiment_method = "우산 대여와 반납을 매일 셉니다. We count loans and returns daily."
    for solution in solutions:
        solution.updated_at = solution.stage_entered_at
    session.flush()


def _campaign(session: Session, people: dict[str, User], solution: Solution, status: CampaignStatus, days: int,
              shares: tuple[float, ...]) -> None:
    launched = days_ago(days, 10)
    with at(session, launched - timedelta(days=3)):
        campaign = transitions.request_review(session, people["solver"], solution)
    with at(session, launched):
        launch(session, people["staff"], campaign, launched)
        session.add(Reward(solution_id=solution.id, title="감사 엽서 Thank-you postcard", min_amount=20_000,
                           quantity=10, description="팀이 손으로 쓴 엽서 A handwritten card."))
        need = SkillNeed(solution_id=solution.id, skill="목공 Carpentry", hours=20,
                         description="차양 틀 만들기 Building frames.")
        session.add(need)
        session.flush()
    with at(session, launched + timedelta(days=2, hours=5)):
        # An offer of time for the team to answer on its campaign page.
        session.add(SkillOffer(need_id=need.id, member_id=people["backer"].id, hours=4,
                               message="주말에 도울 수 있어요. I can help at weekends."))
    amounts = pledge_amounts(campaign.goal, *shares)
    for n, (who, amount) in enumerate(zip(BACKERS, amounts, strict=False)):
        with at(session, launched + timedelta(days=1 + n * 3, hours=n * 4)) as when:
            back(session, campaign, people[who], amount, when, anonymous=n == 1)
    if status != CampaignStatus.live:
        with at(session, campaign.deadline):
            settle_at(session, campaign)
        assert session.get(Campaign, campaign.id).status == status, (solution.title, status)
    if status == CampaignStatus.failed:
        with at(session, campaign.deadline + timedelta(days=2)):  # the team plans a second try
            solution.schedule_start = date.today() + timedelta(days=40)
            solution.schedule_end = solution.schedule_start + timedelta(days=90)
