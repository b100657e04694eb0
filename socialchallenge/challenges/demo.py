"""`flask demo seed` content for the pipeline: a Korean and an English challenge told over several months, with
solutions at every stage, supporters and comments, campaigns backed by demo members, experiments and pictures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from socialchallenge.attachments.demo import attach_picture
from socialchallenge.challenges.demo_content import EN, KO
from socialchallenge.community import follows, notifications
from socialchallenge.community.comments import post_comment
from socialchallenge.community.supports import add_support
from socialchallenge.demo_clock import at, days_ago
from socialchallenge.funding.demo import back, launch, pledge_amounts, settle_at
from socialchallenge.impact import demo as impact_demo
from socialchallenge.models import (
    BudgetLine,
    Challenge,
    ChallengeSdg,
    EventKind,
    FundingModel,
    GoalAchievement,
    Organisation,
    Solution,
    Stage,
    Tag,
    TeamMember,
    TeamRole,
    User,
)
from socialchallenge.pipeline import history, transitions
from socialchallenge.pipeline.selection import set_selection
from socialchallenge.pipeline.stages import missing_for
from socialchallenge.pipeline.updates import post_update

PROPOSAL_FIELDS = ("description", "experiment_plan", "experiment_goal", "already_tested", "team_description",
                   "resources", "learning_goals")
LEARNINGS_FIELDS = ("lessons", "results", "advice", "wrap_up", "next_steps")
SELECTED_ON = 22  # days after posting: four proposals are in by then, so the owner may select
# When each solution's steps happen, in days after its challenge was posted (negative: days before today), in the
# order of the content's solutions (idea, idea, proposal, proposal, crowdfunding, experiment, learnings).
PLANS = [
    dict(created=-4),
    dict(created=70),
    dict(created=30, proposal=60),
    dict(created=12, proposal=20),
    dict(created=8, proposal=18, review=-14, launch=-10, shares=(0.3, 0.2, 0.12)),
    dict(created=5, proposal=14, review=50, launch=58, shares=(0.45, 0.35, 0.25), updates=(100, -6),
         model=FundingModel.all_or_nothing),
    dict(created=3, proposal=10, review=24, launch=26, shares=(0.5, 0.3, 0.3), updates=(66, 82), learnings=95),
]
BACKERS = ("backer", "neighbour", "citizen", "solver2", "solver")  # who backs a campaign they are not part of


def moment(posted_days_ago: int, day: float) -> datetime:
    """The time of a step `day` days after the challenge was posted (negative: `-day` days before today)."""
    ago = -day if day < 0 else posted_days_ago - day
    return days_ago(ago, hour=9) + timedelta(minutes=int(day * 100) * 37 % 60)


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


def _create(session: Session, challenge: Challenge, title: str, summary: str, team: list[User],
            when: datetime) -> Solution:
    solution = Solution(challenge=challenge, stage=Stage.idea, title=title, summary=summary)
    solution.team = [TeamMember(user=u, role=TeamRole.lead if i == 0 else TeamRole.member,
                                joined_at=when + timedelta(hours=3 * i)) for i, u in enumerate(team)]
    session.add(solution)
    session.execute(update(Challenge).where(Challenge.id == challenge.id)
                    .values(solutions_count=Challenge.solutions_count + 1))
    history.record(session, solution, team[0], EventKind.created, None, Stage.idea)
    session.flush()
    notifications.solution_submitted(session, solution, team[0])
    return solution


def _propose(session: Session, solution: Solution, content: dict, plan: dict, when: datetime) -> None:
    fields = content["fields"]
    for name in PROPOSAL_FIELDS:
        setattr(solution, name, fields[name])
    if "launch" in plan:  # the experiment is planned to start the day its campaign ends
        start = (moment(content["posted_days_ago"], plan["launch"]) + timedelta(days=30)).date()
        solution.schedule_start = start
        solution.schedule_end = start + timedelta(days=34 if "learnings" in plan else 90)
        solution.budget_lines = [BudgetLine(position=i, item=item, amount=amount, required=required)
                                 for i, (item, amount, required) in enumerate(content["budget"])]
        solution.other_funding = fields["other_funding"]
        solution.campaign_days = 30
        solution.funding_model = plan.get("model", FundingModel.keep_it_all)
    else:
        solution.schedule_start = date.today() + timedelta(days=45)
        solution.schedule_end = solution.schedule_start + timedelta(days=75)
    impact_demo.declare(solution, content["language"])  # a proposal declares its impact indicators (issue 16)
    transitions.advance(session, solution.team[0].user, solution)
    solution.stage_entered_at = when


def _write_up(session: Session, solution: Solution, content: dict, when: datetime) -> None:
    solution.goal_achievement = GoalAchievement.partly_met
    for name in LEARNINGS_FIELDS:
        setattr(solution, name, content["fields"][name])
    transitions.advance(session, solution.team[0].user, solution)
    solution.stage_entered_at = when


def _story(session: Session, people: dict[str, User], owner: User, organisation_id: int | None,
           teams: list[list[User]], content: dict) -> None:
    """Post the challenge and play its story in order of time, each step at its own moment."""
    if session.scalar(select(Challenge.id).where(Challenge.title == content["challenge"]["title"])) is not None:
        return  # already seeded
    posted = content["posted_days_ago"]
    language, pictures = content["language"], content["pictures"]
    with at(session, moment(posted, 0)):
        challenge = _challenge(session, owner, organisation_id, content["challenge"])
        attach_picture(session, challenge, pictures["challenge"], language)
    made: dict[int, Solution] = {}
    steps: list[tuple[float, Callable[[datetime], object]]] = []

    def step(day: float, fn: Callable[[datetime], object]) -> None:
        steps.append((day if day >= 0 else posted + day, fn))

    for who, day in content["followers"]:
        step(day, lambda t, who=who: follows.follow(session, people[who], challenge=challenge))
    for who, story, day in content["supports"]:
        step(day, lambda t, who=who, story=story: add_support(session, people[who], challenge, story))
    threads: list = []
    for who, body, day, parent in content["comments"]:
        step(day, lambda t, who=who, body=body, parent=parent: threads.append(post_comment(
            session, people[who], body, challenge=challenge,
            parent_id=threads[parent].id if parent is not None else None)))
    for i, (plan, (_stage, title, summary)) in enumerate(zip(PLANS, content["solutions"], strict=True)):
        team = teams[i % len(teams)]
        step(plan["created"], lambda t, i=i, title=title, summary=summary, team=team: made.__setitem__(
            i, _create(session, challenge, title, summary, team, t)))
        if "proposal" in plan:
            step(plan["proposal"], lambda t, i=i, plan=plan: _propose(session, made[i], content, plan, t))
        if title in pictures:
            step(plan["proposal"] + 0.5, lambda t, i=i, title=title: attach_picture(
                session, made[i], pictures[title], language))
        if "launch" in plan:
            _campaign_steps(session, people, step, made, i, plan, team)
        for n, day in enumerate(plan.get("updates", ())):
            title_, body = content["updates"][n]
            step(day, lambda t, i=i, title_=title_, body=body: _update(session, made[i], content, title_, body))
        if "learnings" in plan:
            step(plan["learnings"], lambda t, i=i: _write_up(session, made[i], content, t))
    selected = [i for i, plan in enumerate(PLANS) if "launch" in plan]
    step(SELECTED_ON, lambda t: _select(session, owner, challenge, [made[i] for i in selected], t))
    for title, who, body, day in content["solution_comments"]:
        index = next(i for i, s in enumerate(content["solutions"]) if s[1] == title)
        step(day, lambda t, index=index, who=who, body=body: post_comment(
            session, people[who], body, solution=made[index]))
    for day, fn in sorted(steps, key=lambda item: item[0]):
        with at(session, moment(posted, day)) as when:
            fn(when)
    for i, (_stage, title, _summary) in enumerate(content["solutions"]):
        solution = made[i]
        assert solution.stage == content["solutions"][i][0] and not missing_for(solution, solution.stage), title
        solution.updated_at = solution.stage_entered_at
    challenge.updated_at = challenge.created_at = moment(posted, 0)
    session.flush()


def _select(session: Session, owner: User, challenge: Challenge, chosen: list[Solution], when: datetime) -> None:
    set_selection(session, owner, challenge, [s.id for s in chosen])
    for solution in chosen:
        solution.selected_at = when


def _update(session: Session, solution: Solution, content: dict, title: str, body: str) -> None:
    solution.experiment_method = content["fields"]["experiment_method"]
    post_update(session, solution.team[0].user, solution, title, body)


def _campaign_steps(session: Session, people: dict[str, User], step, made: dict[int, Solution], i: int, plan: dict,
                    team: list[User]) -> None:
    """The campaign of solution `i`: review, launch, pledges from demo members outside the team, settlement."""
    state: dict = {}
    step(plan["review"], lambda t: state.__setitem__("campaign", transitions.request_review(
        session, made[i].team[0].user, made[i])))
    step(plan["launch"], lambda t: launch(session, people["staff"], state["campaign"], t))
    backers = [people[key] for key in BACKERS if people[key] not in team][:len(plan["shares"])]
    # Pledges come in over the campaign's weeks (a live one's within the days it has been running).
    offsets = (1.2, 9.5, 23.3) if plan["launch"] >= 0 else (1.2, 4.5, 8.3)
    for n, (backer, share) in enumerate(zip(backers, plan["shares"], strict=True)):
        step(plan["launch"] + offsets[n], lambda t, backer=backer, share=share, n=n: back(
            session, state["campaign"], backer, pledge_amounts(state["campaign"].goal, share)[0], t, anonymous=n == 1))
    if plan["launch"] >= 0:  # its deadline has passed: it settled, and the team started the experiment
        step(plan["launch"] + 30, lambda t: settle_at(session, state["campaign"]))


def seed_pipeline(session: Session, people: dict[str, User]) -> None:
    """A Korean and an English challenge, each with solutions at every stage (idea to learnings)."""
    org_id = session.scalar(select(Organisation.id).where(Organisation.name == "서울시 마포구청"))
    solver, solver2, backer = people["solver"], people["solver2"], people["backer"]
    _story(session, people, people["citizen"], org_id, [[solver], [solver, backer], [solver2, solver]], KO)
    _story(session, people, solver2, None, [[solver2], [solver2, backer], [solver, solver2]], EN)
