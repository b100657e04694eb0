"""Demo crowdfunding (sandbox): a live campaign, a succeeded one and a failed one; safe to seed again."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.commands.demo import seeder
from socialchallenge.funding.ledger import move
from socialchallenge.models import (
    BudgetLine,
    Campaign,
    CampaignStatus,
    Challenge,
    ChallengeSdg,
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
from socialchallenge.timeutil import utcnow

CHALLENGE = "비 오는 날 버스 정류장 Bus stops in the rain"
DEMOS = [
    # title, funding model, campaign status, days since launch, pledges
    ("접이식 정류장 차양 Folding shelters", FundingModel.all_or_nothing, CampaignStatus.live, 10,
     [120_000, 50_000, 30_000]),
    ("정류장 우산 나눔 Umbrella sharing", FundingModel.keep_it_all, CampaignStatus.succeeded, 40,
     [80_000, 40_000]),
    ("정류장 온돌 의자 Heated benches", FundingModel.all_or_nothing, CampaignStatus.failed, 45, [60_000]),
]


def _challenge(session: Session, owner: User) -> Challenge:
    challenge = session.scalar(select(Challenge).where(Challenge.title == CHALLENGE))
    if challenge is None:
        challenge = Challenge(title=CHALLENGE, owner_id=owner.id, area="마포구 Mapo-gu", min_solutions=1,
                              problem="정류장에 지붕이 없어 비를 맞으며 기다립니다. Stops have no roof.",
                              affected="어르신과 아이들이 비를 맞습니다. Older people and children get wet.")
        tag = session.scalar(select(Tag).where(Tag.name == "mobility")) or Tag(name="mobility")
        challenge.tags.append(tag)
        challenge.sdg_rows = [ChallengeSdg(sdg=11)]
        session.add(challenge)
        session.flush()
    return challenge


def _solution(session: Session, challenge: Challenge, title: str, model: FundingModel, lead: User) -> Solution:
    today = date.today()
    solution = Solution(
        challenge_id=challenge.id, title=title, stage=Stage.crowdfunding, selected=True, selected_at=utcnow(),
        summary="주민이 함께 만드는 작은 실험입니다. A small experiment residents run together.",
        experiment_plan="정류장 세 곳에서 한 달 동안 시험합니다. One month at three stops.",
        experiment_goal="비 오는 날 불편을 줄입니다. Fewer wet waits.", already_tested="없음 None.",
        team_description="동네 주민 모임 A neighbourhood group.", resources="목공 기술 Woodworking.",
        schedule_start=today, schedule_end=today + timedelta(days=120),
        learning_goals="주민이 얼마나 쓰는지 배웁니다. How much people use it.",
        other_funding="없음 none", campaign_days=30, funding_model=model,
    )
    solution.budget_lines = [BudgetLine(position=0, item="재료 Materials", amount=300_000, required=True),
                             BudgetLine(position=1, item="홍보 Flyers", amount=50_000, required=False)]
    solution.team = [TeamMember(user_id=lead.id, role=TeamRole.lead)]
    session.add(solution)
    challenge.solutions_count += 1
    session.flush()
    return solution


@seeder
def seed_crowdfunding(session: Session, people: dict[str, User]) -> None:
    """Three sandbox campaigns with pledges, a limited reward and a skill need; skipped if already there."""
    challenge = _challenge(session, people["citizen"])
    now = utcnow()
    for title, model, status, days_ago, amounts in DEMOS:
        if session.scalar(select(Solution.id).where(Solution.title == title)) is not None:
            continue
        solution = _solution(session, challenge, title, model, people["solver"])
        launched = now - timedelta(days=days_ago)
        campaign = Campaign(solution_id=solution.id, status=CampaignStatus.live, goal=solution.goal,
                            optimum=solution.optimum, currency="krw", funding_model=model, campaign_days=30,
                            requested_at=launched, launched_at=launched, deadline=launched + timedelta(days=30))
        session.add(campaign)
        session.add(Reward(solution_id=solution.id, title="감사 엽서 Thank-you postcard", min_amount=20_000,
                           quantity=10, description="팀이 손으로 쓴 엽서 A handwritten card."))
        need = SkillNeed(solution_id=solution.id, skill="목공 Carpentry", hours=20,
                         description="차양 틀 만들기 Building frames.")
        session.add(need)
        session.flush()
        # An offer of time for the team to answer on its campaign page.
        session.add(SkillOffer(need_id=need.id, member_id=people["backer"].id, hours=4,
                               message="주말에 도울 수 있어요. I can help at weekends."))
        for i, amount in enumerate(amounts):
            pledge = Pledge(campaign_id=campaign.id, backer_id=people["backer"].id, amount=amount,
                            anonymous=i % 2 == 1, provider="sandbox", status=PledgeStatus.pending,
                            created_at=launched + timedelta(days=i * 3 + 1))
            pledge.campaign = campaign
            session.add(pledge)
            session.flush()
            to = PledgeStatus.collected if model == FundingModel.keep_it_all else PledgeStatus.authorized
            move(session, pledge, to, (PledgeStatus.pending,), pledge.created_at, confirmed_at=pledge.created_at)
        if status != CampaignStatus.live:
            # Settle as the worker would have at the deadline (the money follows through the ledger).
            from socialchallenge.funding.settlement import charge_due, release_due, settle_campaign

            settle_campaign(session, campaign.id, campaign.deadline)
            session.flush()
            charge_due(session, campaign.deadline)
            release_due(session, campaign.deadline)
