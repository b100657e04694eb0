"""Builders for test data: short calls instead of long setup."""

from __future__ import annotations

import itertools

from socialchallenge.extensions import db
from socialchallenge.models import Organisation, OrganisationKind, OrganisationMember, Role, User
from socialchallenge.security import hash_password

PASSWORD = "correct horse battery"
_HASH = None
_seq = itertools.count(1)


def _password_hash() -> str:
    # Hashing with argon2 is deliberately slow; builders share one hash of the default password.
    global _HASH
    if _HASH is None:
        _HASH = hash_password(PASSWORD)
    return _HASH


def make_user(name: str | None = None, role: Role | str = Role.member, email: str | None = None, **extra) -> User:
    """A saved user whose password is PASSWORD."""
    n = next(_seq)
    user = User(
        email=email or f"user{n}@example.org",
        name=name or f"User {n}",
        role=Role(role),
        password_hash=_password_hash(),
        **extra,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_organisation(
    name: str | None = None,
    admins: list[User] = (),
    members: list[User] = (),
    kind: OrganisationKind = OrganisationKind.community_group,
    verified: bool = False,
) -> Organisation:
    """A saved organisation with the given admins and members."""
    org = Organisation(name=name or f"Organisation {next(_seq)}", kind=kind, verified=verified)
    db.session.add(org)
    db.session.flush()
    for user in admins:
        db.session.add(OrganisationMember(organisation_id=org.id, user_id=user.id, is_admin=True))
    for user in members:
        db.session.add(OrganisationMember(organisation_id=org.id, user_id=user.id, is_admin=False))
    db.session.commit()
    return org


# --- The pipeline: challenges, solutions, tokens (values come from the stage table, never retyped) ---

from datetime import date, timedelta  # noqa: E402

from socialchallenge.accounts.service import issue_token  # noqa: E402
from socialchallenge.models import (  # noqa: E402
    BudgetLine,
    Campaign,
    CampaignStatus,
    Challenge,
    ChallengeSdg,
    FundingModel,
    GoalAchievement,
    Indicator,
    IndicatorKind,
    ProgressUpdate,
    Solution,
    Stage,
    Tag,
    TeamMember,
    TeamRole,
)
from socialchallenge.pipeline.stages import Kind, required_for  # noqa: E402
from socialchallenge.timeutil import utcnow  # noqa: E402

SAMPLE_BUDGET = [
    {"item": "Materials", "amount": 300_000, "required": True},
    {"item": "Snacks for the workshop", "amount": 50_000, "required": False},
]
SAMPLE_INDICATORS = [
    {"name": "Neighbours taking part", "unit": "people", "kind": "participants", "baseline": 0, "target": 40},
]


def sample_value(spec):
    """A valid value for a field of the stage table, chosen by its kind."""
    today = date.today()
    return {
        Kind.short_text: f"Sample {spec.name}",
        Kind.long_text: f"Sample {spec.name.replace('_', ' ')}.",
        Kind.date: (today + timedelta(days=120)) if spec.name.endswith("end") else (today + timedelta(days=30)),
        Kind.int: spec.max_value // 2 if spec.max_value else 1,
        Kind.choice: spec.choices[0] if spec.choices else None,
        Kind.tags: ["mobility"],
        Kind.sdgs: [11],
        Kind.budget_lines: [dict(line) for line in SAMPLE_BUDGET],
        Kind.indicators: [dict(row) for row in SAMPLE_INDICATORS],
    }[spec.kind]


def api_value(spec):
    """sample_value in its JSON form (dates as ISO strings)."""
    value = sample_value(spec)
    return value.isoformat() if isinstance(value, date) else value


def make_token(user: User) -> str:
    """A bearer token for the user, made directly (the token endpoint is rate limited)."""
    token = issue_token(db.session, user)
    db.session.commit()
    return token


def make_challenge(owner: User | None = None, min_solutions: int = 4, **fields) -> Challenge:
    """A saved open challenge with every required field filled; keyword arguments override columns."""
    owner = owner or make_user()
    challenge = Challenge(owner_id=owner.id, min_solutions=min_solutions, title=f"Challenge {next(_seq)}",
                          problem="The bus stop has no shelter.", affected="Older people wait in the rain.",
                          area="Mapo-gu")
    tags = fields.pop("tags", ["mobility"])
    sdgs = fields.pop("sdgs", [11])
    for name, value in fields.items():
        setattr(challenge, name, value)
    db.session.add(challenge)
    for name in tags:
        tag = db.session.scalar(db.select(Tag).where(Tag.name == name)) or Tag(name=name)
        challenge.tags.append(tag)
    challenge.sdg_rows = [ChallengeSdg(sdg=n) for n in sdgs]
    db.session.commit()
    return challenge


_SOLUTION_ENUMS = {"funding_model": FundingModel, "goal_achievement": GoalAchievement}


def make_solution(challenge: Challenge | None = None, stage: Stage | str = Stage.idea, team: list[User] = (),
                  selected: bool | None = None, filled: Stage | str | None = None, **fields) -> Solution:
    """A saved solution at `stage` with the fields that stage (or the later stage `filled`) needs, from the table.

    The first of `team` leads (a new user if none). From crowdfunding on it is selected and has a campaign
    (live in crowdfunding, succeeded later), as the rules would have made it.
    """
    stage = Stage(stage)
    challenge = challenge or make_challenge()
    team = list(team) or [make_user()]
    solution = Solution(challenge_id=challenge.id, stage=stage, title=f"Solution {next(_seq)}")
    # Fill what entering `stage` needs; experiment_method too from experiment on, as a team would.
    target = Stage(filled) if filled else Stage.learnings if stage == Stage.experiment else stage
    for spec in required_for(target):
        if spec.name in ("budget_lines", "indicators", "title"):
            continue
        value = sample_value(spec)
        setattr(solution, spec.name, _SOLUTION_ENUMS[spec.name](value) if spec.name in _SOLUTION_ENUMS else value)
    if target.index >= Stage.proposal.index or "indicators" in fields:
        rows = fields.pop("indicators", SAMPLE_INDICATORS)
        solution.indicators = [Indicator(position=i, **{**row, "kind": IndicatorKind(row["kind"])})
                               for i, row in enumerate(rows)]
    if target.index >= Stage.crowdfunding.index or "budget_lines" in fields:
        lines = fields.pop("budget_lines", SAMPLE_BUDGET)
        solution.budget_lines = [BudgetLine(position=i, **line) for i, line in enumerate(lines)]
    for name, value in fields.items():
        setattr(solution, name, value)
    solution.selected = stage.index >= Stage.crowdfunding.index if selected is None else selected
    if solution.selected:
        solution.selected_at = utcnow()
    for i, user in enumerate(team):
        solution.team.append(TeamMember(user_id=user.id, role=TeamRole.lead if i == 0 else TeamRole.member))
    db.session.add(solution)
    challenge.solutions_count += 1
    if stage.index >= Stage.crowdfunding.index:
        status = CampaignStatus.live if stage == Stage.crowdfunding else CampaignStatus.succeeded
        now = utcnow()
        solution.campaigns.append(Campaign(
            status=status, goal=solution.goal, optimum=solution.optimum, currency="krw",
            funding_model=solution.funding_model or FundingModel.all_or_nothing,
            campaign_days=solution.campaign_days or 30, launched_at=now, deadline=now + timedelta(days=30),
        ))
    db.session.commit()
    return solution


def make_update(solution: Solution, author: User | None = None, title: str = "Week one") -> ProgressUpdate:
    """A saved progress update on a solution, by its first team member unless told."""
    author_id = author.id if author else solution.team[0].user_id
    update = ProgressUpdate(solution_id=solution.id, author_id=author_id, title=title, body="We tried it out.")
    db.session.add(update)
    db.session.commit()
    return update


# --- Community: supports, follows, comments, reports, notification settings ---

from socialchallenge.models import Comment, EmailChoice, Follow, NotificationSettings, Report, Support  # noqa: E402
from socialchallenge.sanitize import render_markdown  # noqa: E402


def make_support(challenge: Challenge, user: User | None = None, story: str = "") -> Support:
    """A saved support, with the challenge's counter kept in step."""
    user = user or make_user()
    support = Support(challenge_id=challenge.id, user_id=user.id, story=story)
    db.session.add(support)
    challenge.supports_count += 1
    db.session.commit()
    return support


def make_follow(user: User, challenge: Challenge | None = None, solution: Solution | None = None) -> Follow:
    """A saved follow of a challenge or a solution."""
    follow = Follow(user_id=user.id, challenge_id=challenge.id if challenge else None,
                    solution_id=solution.id if solution else None)
    db.session.add(follow)
    db.session.commit()
    return follow


def make_comment(challenge: Challenge | None = None, solution: Solution | None = None, author: User | None = None,
                 body: str = "A *thoughtful* comment.", parent: Comment | None = None, **fields) -> Comment:
    """A saved comment (on a new challenge unless a target is given), sanitized as the domain would."""
    if challenge is None and solution is None:
        challenge = make_challenge()
    author = author or make_user()
    comment = Comment(challenge_id=challenge.id if challenge else None, solution_id=solution.id if solution else None,
                      author_id=author.id, body=body, body_html=render_markdown(body),
                      parent_id=parent.id if parent else None, **fields)
    db.session.add(comment)
    db.session.commit()
    return comment


def make_report(comment: Comment, reporter: User | None = None, reason: str = "Spam") -> Report:
    """A saved open report on a comment (the counter kept in step, no auto-hide: use the domain for that)."""
    reporter = reporter or make_user()
    report = Report(comment_id=comment.id, reporter_id=reporter.id, reason=reason)
    db.session.add(report)
    comment.open_reports += 1
    db.session.commit()
    return report


def set_email_choice(user: User, choice: EmailChoice | str) -> None:
    """Save a user's notification email choice."""
    db.session.merge(NotificationSettings(user_id=user.id, email_choice=EmailChoice(choice)))
    db.session.commit()


# --- Crowdfunding: campaigns, pledges, rewards (issue 5) ---

from socialchallenge.funding.ledger import move as _move_pledge  # noqa: E402
from socialchallenge.models import Pledge, PledgeStatus, Reward  # noqa: E402


def make_campaign(status: CampaignStatus | str = CampaignStatus.live,
                  funding_model: FundingModel | str = FundingModel.all_or_nothing,
                  deadline=None, team: list[User] = (), **fields) -> Campaign:
    """A campaign of a new selected solution (goal 300,000, optimum 350,000); live with 30 days left unless told.

    The solution's stage follows the campaign: crowdfunding while live, experiment after success, proposal after
    failure."""
    status, funding_model = CampaignStatus(status), FundingModel(funding_model)
    stage = {CampaignStatus.live: Stage.crowdfunding, CampaignStatus.succeeded: Stage.experiment}.get(
        status, Stage.proposal)
    solution = make_solution(stage=Stage.crowdfunding, team=team, funding_model=funding_model)
    campaign = solution.campaign
    campaign.status, campaign.funding_model = status, funding_model
    if deadline is not None:
        campaign.deadline = deadline
    for name, value in fields.items():
        setattr(campaign, name, value)
    solution.stage = stage
    db.session.commit()
    return campaign


def make_reward(solution: Solution, min_amount: int = 10_000, quantity: int | None = None,
                title: str | None = None) -> Reward:
    """A saved reward of the solution."""
    reward = Reward(solution_id=solution.id, title=title or f"Reward {next(_seq)}", description="A thank-you card.",
                    min_amount=min_amount, quantity=quantity)
    db.session.add(reward)
    db.session.commit()
    return reward


def make_pledge(campaign: Campaign, backer: User | None = None, amount: int = 50_000,
                status: PledgeStatus | str | None = None, provider: str = "sandbox", **fields) -> Pledge:
    """A saved pledge brought to `status` through the ledger, so the campaign's totals stay in step.

    The default status is what the sandbox gives: collected for keep-it-all, authorized for all-or-nothing."""
    backer = backer or make_user()
    if status is None:
        status = PledgeStatus.collected if campaign.funding_model == FundingModel.keep_it_all \
            else PledgeStatus.authorized
    status = PledgeStatus(status)
    pledge = Pledge(campaign_id=campaign.id, backer_id=backer.id, amount=amount, provider=provider,
                    status=PledgeStatus.pending, created_at=utcnow(), **fields)
    db.session.add(pledge)
    db.session.flush()
    now = utcnow()
    path = {
        PledgeStatus.pending: [],
        PledgeStatus.authorized: [PledgeStatus.authorized],
        PledgeStatus.collected: [PledgeStatus.collected],
        PledgeStatus.failed: [PledgeStatus.authorized, PledgeStatus.failed],
        PledgeStatus.released: [PledgeStatus.authorized, PledgeStatus.released],
        PledgeStatus.refunded: [PledgeStatus.collected, PledgeStatus.refunded],
    }[status]
    for step in path:
        _move_pledge(db.session, pledge, step, (pledge.status,), now)
    db.session.commit()
    return pledge


# --- Secretariat: resources, requests, mentors, rubric scores (issue 6) ---

from socialchallenge.models.secretariat import (  # noqa: E402
    MentorAssignment,
    MentoringNote,
    RequestStatus,
    Resource,
    ResourceKind,
    ResourceRequest,
    RubricScore,
)


def make_resource(kind: ResourceKind | str = ResourceKind.space, area: str = "Mapo-gu", title: str | None = None,
                  organisation: Organisation | None = None, **fields) -> Resource:
    """A saved, active catalogue resource."""
    resource = Resource(kind=ResourceKind(kind), title=title or f"Resource {next(_seq)}", area=area,
                        description="A room for twenty people.", organisation_id=organisation.id if organisation
                        else None, **fields)
    db.session.add(resource)
    db.session.commit()
    return resource


def make_resource_request(resource: Resource, solution: Solution, requester: User | None = None,
                          status: RequestStatus | str = RequestStatus.requested) -> ResourceRequest:
    """A saved request for a resource by a member of the solution's team."""
    row = ResourceRequest(resource_id=resource.id, solution_id=solution.id, status=RequestStatus(status),
                          requester_id=(requester.id if requester else solution.team[0].user_id),
                          message="We need it on Saturdays.")
    db.session.add(row)
    db.session.commit()
    return row


def make_mentor(solution: Solution, mentor: User | None = None) -> User:
    """A secretariat user assigned to mentor the solution."""
    mentor = mentor or make_user(role=Role.secretariat)
    db.session.add(MentorAssignment(solution_id=solution.id, mentor_id=mentor.id))
    db.session.commit()
    return mentor


def make_mentoring_note(solution: Solution, author: User, notes: str = "Met at the library.") -> MentoringNote:
    """A saved entry of the solution's mentoring log."""
    note = MentoringNote(solution_id=solution.id, author_id=author.id, met_on=date.today(), notes=notes,
                         next_steps="Call the district office.")
    db.session.add(note)
    db.session.commit()
    return note


def make_rubric_score(solution: Solution, evaluator: User | None = None, value: int = 4, **scores) -> RubricScore:
    """Saved rubric scores of a solution (every criterion `value` unless told)."""
    evaluator = evaluator or make_user(role=Role.secretariat)
    row = RubricScore(solution_id=solution.id, evaluator_id=evaluator.id,
                      **{name: scores.get(name, value) for name in ("sdg_fit", "inclusion", "openness",
                                                                    "vulnerable_priority", "collaboration",
                                                                    "feasibility", "interconnectedness")})
    db.session.add(row)
    db.session.commit()
    return row


# --- Teams by consent: invitations and requests to join ---

from socialchallenge.models import JoinRequest, TeamInvitation  # noqa: E402


def make_invitation(solution: Solution, email: str, inviter: User | None = None, days: int = 14) -> TeamInvitation:
    """A saved open invitation to the address (by the team's first member unless told), open `days` more days."""
    invitation = TeamInvitation(solution_id=solution.id, email=email,
                                invited_by_id=inviter.id if inviter else solution.team[0].user_id,
                                expires_at=utcnow() + timedelta(days=days))
    db.session.add(invitation)
    db.session.commit()
    return invitation


def make_join_request(solution: Solution, member: User, message: str = "Let me help.", days: int = 14) -> JoinRequest:
    """A saved open request by the member to join the solution's team, open `days` more days."""
    join_request = JoinRequest(solution_id=solution.id, user_id=member.id, message=message,
                               expires_at=utcnow() + timedelta(days=days))
    db.session.add(join_request)
    db.session.commit()
    return join_request


# --- Images and documents (issue 14) ---

import io  # noqa: E402

from PIL import Image  # noqa: E402

from socialchallenge.models import Attachment  # noqa: E402


def sample_image(size: tuple[int, int] = (800, 600), fmt: str = "JPEG", color=(200, 90, 40), exif=None) -> bytes:
    """The bytes of a small generated picture (JPEG, PNG or WEBP), with the given EXIF if any."""
    image = Image.new("RGB", size, color)
    for x in range(0, size[0], 40):  # a few stripes, so it is not one flat colour
        image.paste((40, 90, 200), (x, 0, x + 10, size[1]))
    out = io.BytesIO()
    image.save(out, format=fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    """A photo as a phone writes it: camera make and model, and the GPS position where it was taken."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0112] = 6  # Orientation: the camera was turned; the picture must come out upright
    exif[GPS_IFD] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 41.0)}
    return sample_image(size=(800, 600), exif=exif)


def sample_pdf(text: str = "Minutes of the neighbourhood meeting") -> bytes:
    """The bytes of a small valid PDF document with one page of text."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R >>"]
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def make_attachment(target, data: bytes | None = None, alt_text: str = "A bus stop in the rain",
                    uploader: User | None = None, filename: str = "photo.jpg") -> Attachment:
    """An image (or the given file) added to a challenge, solution or progress update through the domain."""
    from socialchallenge.attachments.service import upload

    if uploader is None:
        if isinstance(target, Challenge):
            uploader = db.session.get(User, target.owner_id)
        else:
            solution = target if isinstance(target, Solution) else db.session.get(Solution, target.solution_id)
            uploader = db.session.get(User, solution.team[0].user_id)
    attachment = upload(db.session, uploader, target, data if data is not None else sample_image(), filename,
                        alt_text)
    db.session.commit()
    return attachment


# --- Events and roundtables ---

from socialchallenge.models import Event, EventRegistration, RegistrationStatus  # noqa: E402


def make_event(organiser: User | None = None, capacity: int = 10, starts_in: timedelta = timedelta(days=7),
               hours: int = 2, **fields) -> Event:
    """A saved event (by default the secretariat's, in Mapo-gu, a week ahead); keyword arguments override columns."""
    from socialchallenge.timeutil import utcnow

    organiser = organiser or make_user(role=Role.secretariat)
    starts = utcnow().replace(microsecond=0) + starts_in
    values = {"title": f"Roundtable {next(_seq)}", "description": "We talk about bus stops.", "topic": "Mobility",
              "district_code": "11440", "address": "Mangwon-ro 1", "capacity": capacity, "starts_at": starts,
              "ends_at": starts + timedelta(hours=hours), "organiser_id": organiser.id, **fields}
    event = Event(**values)
    db.session.add(event)
    db.session.commit()
    return event


def make_registration(event: Event, user: User | None = None,
                      status: RegistrationStatus | str = RegistrationStatus.registered) -> EventRegistration:
    """A saved registration (a seat, or a place in line with status="waitlisted")."""
    registration = EventRegistration(event_id=event.id, user_id=(user or make_user()).id,
                                     status=RegistrationStatus(status))
    db.session.add(registration)
    db.session.commit()
    return registration
# --- Calls for challenges, prizes and matchfunding (issue 15) ---

from socialchallenge.models.calls import Call, MatchPool  # noqa: E402


def make_call(organiser: Organisation | None = None, days_open: int = 30, prize_per_winner: int = 0, winners: int = 0,
              mentoring_months: int = 0, pool: int | None = None, ratio: int = 1, cap_per_campaign: int | None = None,
              funder: Organisation | None = None, **fields) -> Call:
    """A saved call, open from yesterday for `days_open` days; with a matchfunding pool when `pool` is given."""
    organiser = organiser or make_organisation(verified=True)
    now = utcnow()
    call = Call(title=fields.pop("title", f"Call {next(_seq)}"), description="Ideas for safer streets.",
                organiser_id=organiser.id, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=days_open),
                currency="KRW", prize_per_winner=prize_per_winner, winners=winners,
                mentoring_months=mentoring_months, areas=fields.pop("areas", []), sdgs=fields.pop("sdgs", []), **fields)
    db.session.add(call)
    db.session.flush()
    if pool is not None:
        funder = funder or make_organisation(verified=True)
        db.session.add(MatchPool(call_id=call.id, funder_id=funder.id, amount=pool, ratio=ratio,
                                 cap_per_campaign=cap_per_campaign or pool))
    db.session.commit()
    return call


# --- Impact indicators and a challenge's own questions (issue 16) ---
from socialchallenge.models import ChallengeQuestion, IndicatorValue, QuestionKind, SolutionAnswer  # noqa: E402


def make_question(challenge: Challenge, prompt: str = "How many people use the stop?", kind: str = "short_text",
                  required: bool = True, public: bool = True, stage: Stage | str = Stage.idea,
                  choices: list[str] | None = None) -> ChallengeQuestion:
    """A saved question of the challenge, asked at `stage`."""
    question = ChallengeQuestion(challenge_id=challenge.id, position=len(challenge.questions), prompt=prompt,
                                 kind=QuestionKind(kind), required=required, public=public, stage=Stage(stage),
                                 choices=choices or [])
    db.session.add(question)
    db.session.commit()
    return question


def make_answer(solution: Solution, question: ChallengeQuestion, value: str) -> SolutionAnswer:
    """A saved answer of the solution to one of its challenge's questions."""
    answer = SolutionAnswer(solution_id=solution.id, question_id=question.id, value=value)
    db.session.add(answer)
    db.session.commit()
    return answer


def make_value(indicator: Indicator, value: int, measured_on: date | None = None) -> IndicatorValue:
    """A saved measured value of an indicator (its team's lead as the author)."""
    solution = db.session.get(Solution, indicator.solution_id)
    row = IndicatorValue(indicator_id=indicator.id, value=value, measured_on=measured_on or date.today(),
                         author_id=solution.team[0].user_id)
    db.session.add(row)
    db.session.commit()
    return row


# --- shared scenarios (tests/test_suite_layout.py: test modules do not import each other) ---

from datetime import datetime  # noqa: E402

from socialchallenge.models import EventKind, SkillNeed, SkillOffer, SkillOfferStatus, SolutionEvent  # noqa: E402
from socialchallenge.pipeline.stages import fields_of  # noqa: E402


def stage_values(stage):
    """Sample values for every field a stage's form shows."""
    return {f.name: sample_value(f) for f in fields_of(stage)}


def history(solution, *moves: tuple[str, str, float]) -> None:
    """Transitions of `solution`, each `days` after its creation."""
    for from_stage, to_stage, days in moves:
        db.session.add(SolutionEvent(solution_id=solution.id, kind=EventKind.transition, from_stage=from_stage,
                                     to_stage=to_stage, created_at=solution.created_at + timedelta(days=days)))


def a_season_of_work() -> None:
    """Five solutions on three challenges in two areas and two months, one moved back, a finished one, pledges
    and hours of every status, a challenge without solutions and a merged duplicate."""
    start = datetime(2026, 3, 10, 9, 0)
    mapo = make_challenge(area="Mapo-gu", created_at=start)
    jongno = make_challenge(area="Jongno-gu", created_at=start + timedelta(days=30))
    make_challenge(area="Jongno-gu", created_at=start + timedelta(days=31))
    make_challenge(area="Jongno-gu", merged_into_id=mapo.id)
    built = make_solution(mapo, stage=Stage.experiment, created_at=start)
    history(built, ("idea", "proposal", 3), ("proposal", "crowdfunding", 6), ("crowdfunding", "experiment", 16))
    back = make_solution(mapo, stage=Stage.idea, created_at=start)
    history(back, ("idea", "proposal", 4), ("proposal", "idea", 6))
    waiting = make_solution(jongno, stage=Stage.proposal, created_at=start + timedelta(days=31))
    history(waiting, ("idea", "proposal", 6))
    make_solution(jongno, stage=Stage.idea, created_at=start + timedelta(days=31))
    done = make_solution(make_challenge(area="Mapo-gu", created_at=start), stage=Stage.learnings, created_at=start)
    history(done, ("idea", "proposal", 1), ("proposal", "crowdfunding", 2), ("crowdfunding", "experiment", 12),
             ("experiment", "learnings", 42))
    for campaign, amount, status in ((built.campaign, 10_000, "authorized"), (built.campaign, 20_000, "collected"),
                                     (built.campaign, 5_000, "refunded"), (done.campaign, 7_000, "collected")):
        make_pledge(campaign, amount=amount, status=status).created_at = start + timedelta(days=35)
    need = SkillNeed(solution_id=waiting.id, skill="Design", hours=20)
    db.session.add(need)
    db.session.flush()
    for hours, status in ((3, SkillOfferStatus.offered), (5, SkillOfferStatus.accepted),
                          (8, SkillOfferStatus.declined)):
        db.session.add(SkillOffer(need_id=need.id, member_id=make_user().id, hours=hours, status=status,
                                  created_at=start + timedelta(days=40)))
    db.session.commit()
