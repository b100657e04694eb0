"""`flask demo seed` content for the pipeline: a Korean and an English challenge with solutions at every stage."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.commands.demo import seeder
from socialchallenge.models import (
    BudgetLine,
    Campaign,
    CampaignStatus,
    Challenge,
    ChallengeSdg,
    EventKind,
    FundingModel,
    GoalAchievement,
    ProgressUpdate,
    Solution,
    Stage,
    Tag,
    TeamMember,
    TeamRole,
    User,
)
from socialchallenge.pipeline import history
from socialchallenge.pipeline.stages import missing_for
from socialchallenge.timeutil import utcnow

KO = {
    "challenge": dict(
        title="망원동 버스정류장에 그늘이 없어요",
        problem=("망원시장 앞 버스정류장에는 지붕도 나무도 없습니다. "
                 "여름 한낮에는 30분 넘게 햇볕 아래서 기다려야 합니다."),
        affected="시장을 오가는 어르신과 아이를 데리고 다니는 보호자들이 더위와 비에 그대로 노출됩니다.",
        area="마포구 망원동", tags=["교통", "어르신", "기후"], sdgs=[3, 11, 13]),
    "fields": dict(
        description="주민이 직접 만들고 관리하는 방식으로, 구청의 정식 쉼터가 생기기 전까지 공백을 메웁니다.",
        experiment_plan="한 달 동안 정류장 두 곳에 임시 그늘막을 설치하고 이용자 수를 셉니다.",
        experiment_goal="그늘막이 있는 정류장에서 기다리는 어르신의 불편이 줄어드는지 확인합니다.",
        already_tested="작년에 양산을 비치했지만 금방 사라졌습니다.",
        team_description="망원동 주민 세 명과 목공 공방 운영자가 함께합니다.",
        resources="목공 공구와 작업 공간, 주민자치회의 홍보 채널이 있습니다.",
        learning_goals="주민이 만든 시설을 이웃이 함께 관리할 수 있는지 배우고 싶습니다.",
        other_funding="주민참여예산에 50만 원을 신청했습니다.",
        experiment_method="매주 화·토요일 오후 2시에 30분씩 이용자를 세고 짧은 인터뷰를 합니다.",
        lessons="그늘보다 앉을 자리가 더 중요하다는 의견이 많았습니다.",
        results="그늘막이 있는 정류장의 대기 중 이탈이 절반으로 줄었습니다.",
        advice="설치 전에 상인회와 먼저 이야기하세요. 관리 당번이 생깁니다.",
        wrap_up="구청이 내년 예산으로 정식 쉼터를 짓기로 했습니다.",
        next_steps="마포구 다른 정류장 다섯 곳으로 넓힙니다."),
    "budget": [("목재와 천막 재료", 400_000, True), ("설치 공구 대여", 100_000, True), ("안내 스티커", 50_000, False)],
    "update": ("첫째 주: 하루 평균 40명이 이용했어요", "시장 상인분들이 물을 채워 주셨습니다."),
    "solutions": [
        (Stage.idea, "정류장 옆 가로수 심기", "그늘을 만들 나무를 주민이 함께 심고 돌봅니다."),
        (Stage.idea, "접이식 양산 무인 대여함", "정류장에 양산 대여함을 두고 시장 상인이 관리합니다."),
        (Stage.proposal, "버스 도착 알림 벤치", "그늘진 가게 앞에서 기다리며 버스 도착을 볼 수 있는 벤치입니다."),
        (Stage.proposal, "주민이 만드는 팝업 쉼터", "목공 공방과 주민이 한 달짜리 임시 쉼터를 만듭니다."),
        (Stage.crowdfunding, "햇빛 가림 천막 공동구매", "정류장 세 곳에 접이식 천막을 함께 삽니다."),
        (Stage.experiment, "정류장 그늘 지도", "가까운 그늘진 대기 장소를 지도로 알려 줍니다."),
        (Stage.learnings, "쿨링포그 한 달 실험", "가장 더운 한 달 동안 정류장에 쿨링포그를 설치해 봤습니다."),
    ],
}

EN = {
    "challenge": dict(
        title="Older neighbours in Yeonnam-dong eat alone",
        problem="Many older people in Yeonnam-dong live alone and eat most meals alone; some skip meals entirely.",
        affected="People over 70 living alone, and the volunteers who visit them but cannot stay for meals.",
        area="Mapo-gu, Yeonnam-dong", tags=["elderly care", "food", "loneliness"], sdgs=[2, 3, 10]),
    "fields": dict(
        description="Neighbours cook once a week and share the table; nobody needs to be a professional cook.",
        experiment_plan="Run a weekly shared lunch in the community centre for eight weeks.",
        experiment_goal="At least twelve older neighbours join regularly and say they feel less alone.",
        already_tested="Lunch boxes were delivered before, but people still ate alone.",
        team_description="Two neighbours, a retired chef and a social worker from the welfare centre.",
        resources="The community centre kitchen on Wednesdays, and a list of interested residents.",
        learning_goals="Whether a shared table works better than delivered meals, and what keeps people coming.",
        other_funding="None so far.",
        experiment_method="We count guests each week and ask three short questions at the end of lunch.",
        lessons="People came for the company more than the food; a fixed seat mattered.",
        results="Fifteen regular guests; eleven say they now know a neighbour they can call.",
        advice="Start with tea, not a full meal, and let guests bring a dish when they want to.",
        wrap_up="The welfare centre took the lunch over after week eight.",
        next_steps="Two more neighbourhoods want to copy it; we wrote a short guide."),
    "budget": [("Ingredients for eight lunches", 480_000, True), ("Kitchen equipment", 120_000, True),
               ("Printed invitations", 40_000, False)],
    "update": ("Week one: nine guests", "Mrs Lee brought kimchi for everyone."),
    "solutions": [
        (Stage.idea, "A phone tree of neighbours", "Each neighbour calls two others before lunchtime."),
        (Stage.idea, "Lunch with the school", "Older neighbours eat in the school canteen once a week."),
        (Stage.proposal, "Cooking class swap", "Older neighbours teach a recipe; younger ones cook it with them."),
        (Stage.proposal, "Tea corner at the market", "A free tea corner where regulars meet every morning."),
        (Stage.crowdfunding, "A shared table every Wednesday", "A weekly shared lunch in the community centre."),
        (Stage.experiment, "Meal buddies", "Pairs of neighbours agree to eat together twice a week."),
        (Stage.learnings, "Soup Sundays", "A month of Sunday soup lunches in the church hall."),
    ],
}


def _challenge(session: Session, owner: User, organisation_id: int | None, values: dict) -> Challenge:
    values = dict(values)
    tags, sdgs = values.pop("tags"), values.pop("sdgs")
    challenge = Challenge(owner_id=owner.id, organisation_id=organisation_id, min_solutions=4, **values)
    for name in tags:
        challenge.tags.append(session.scalar(select(Tag).where(Tag.name == name)) or Tag(name=name))
    challenge.sdg_rows = [ChallengeSdg(sdg=n) for n in sdgs]
    session.add(challenge)
    session.flush()
    return challenge


def _solution(session: Session, challenge: Challenge, stage: Stage, title: str, summary: str, team: list[User],
              content: dict) -> Solution:
    solution = Solution(challenge=challenge, stage=Stage.idea, title=title, summary=summary)
    solution.team = [TeamMember(user=u, role=TeamRole.lead if i == 0 else TeamRole.member) for i, u in enumerate(team)]
    session.add(solution)
    history.record(session, solution, team[0], EventKind.created, None, Stage.idea)
    if stage.index >= Stage.proposal.index:
        today = date.today()
        for name, value in content["fields"].items():
            if name in {"description", "experiment_plan", "experiment_goal", "already_tested", "team_description",
                        "resources", "learning_goals"}:
                setattr(solution, name, value)
        solution.schedule_start, solution.schedule_end = today + timedelta(days=30), today + timedelta(days=120)
        history.record(session, solution, team[0], EventKind.transition, Stage.idea, Stage.proposal)
    if stage.index >= Stage.crowdfunding.index:
        solution.budget_lines = [BudgetLine(position=i, item=item, amount=amount, required=required)
                                 for i, (item, amount, required) in enumerate(content["budget"])]
        solution.other_funding = content["fields"]["other_funding"]
        solution.campaign_days = 30
        solution.funding_model = FundingModel.keep_it_all
        solution.selected, solution.selected_at = True, utcnow()
        history.record(session, solution, challenge.owner, EventKind.selection)
        history.record(session, solution, team[0], EventKind.review_requested, Stage.proposal, Stage.crowdfunding)
        done = stage.index > Stage.crowdfunding.index
        now = utcnow()
        solution.campaigns.append(Campaign(
            status=CampaignStatus.succeeded if done else CampaignStatus.live, requested_by_id=team[0].id,
            goal=solution.goal, optimum=solution.optimum, currency="krw", funding_model=solution.funding_model,
            campaign_days=30, launched_at=now - timedelta(days=40 if done else 5),
            deadline=now - timedelta(days=10) if done else now + timedelta(days=25),
            settled_at=now - timedelta(days=10) if done else None))
        history.record(session, solution, None, EventKind.transition, Stage.proposal, Stage.crowdfunding)
    if stage.index >= Stage.experiment.index:
        solution.experiment_method = content["fields"]["experiment_method"]
        history.record(session, solution, None, EventKind.transition, Stage.crowdfunding, Stage.experiment)
        update_title, body = content["update"]
        session.flush()  # the update needs the solution's id
        session.add(ProgressUpdate(solution_id=solution.id, author_id=team[0].id, title=update_title, body=body))
    if stage == Stage.learnings:
        solution.goal_achievement = GoalAchievement.partly_met
        for name in ("lessons", "results", "advice", "wrap_up", "next_steps"):
            setattr(solution, name, content["fields"][name])
        history.record(session, solution, team[0], EventKind.transition, Stage.experiment, Stage.learnings)
    solution.stage = stage
    assert not missing_for(solution, stage), (title, missing_for(solution, stage))
    return solution


def _seed(session: Session, owner: User, organisation_id: int | None, teams: list[list[User]], content: dict) -> None:
    title = content["challenge"]["title"]
    if session.scalar(select(Challenge.id).where(Challenge.title == title)) is not None:
        return  # already seeded
    challenge = _challenge(session, owner, organisation_id, content["challenge"])
    for i, (stage, name, summary) in enumerate(content["solutions"]):
        _solution(session, challenge, stage, name, summary, teams[i % len(teams)], content)
    challenge.solutions_count = len(content["solutions"])
    session.flush()


@seeder
def seed_pipeline(session: Session, people: dict[str, User]) -> None:
    """A Korean and an English challenge, each with solutions at every stage (idea to learnings)."""
    from socialchallenge.models import Organisation

    org_id = session.scalar(select(Organisation.id).where(Organisation.name == "서울시 마포구청"))
    solver, solver2, backer = people["solver"], people["solver2"], people["backer"]
    _seed(session, people["citizen"], org_id, [[solver], [solver, backer], [solver2, solver]], KO)
    _seed(session, solver2, None, [[solver2], [solver2, backer], [solver, solver2]], EN)
