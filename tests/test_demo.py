"""The demo (`flask demo seed`) tells one coherent story: its figures agree with the pledges behind them, its dates
run in order over months, and every page a visitor or a demo member opens has something true to show."""

import re
from datetime import datetime, timedelta

from sqlalchemy import func, select

from socialchallenge.commands.demo import DEMO_PASSWORD, DEMO_USERS
from socialchallenge.extensions import db
from socialchallenge.models import (
    Attachment,
    Campaign,
    CampaignStatus,
    Challenge,
    Comment,
    EventKind,
    LedgerEntry,
    Notification,
    Pledge,
    PledgeStatus,
    ProgressUpdate,
    Solution,
    SolutionEvent,
    Stage,
    Support,
    User,
)
from socialchallenge.models.secretariat import Resource
from socialchallenge.timeutil import utcnow
from tests.helpers import submit

EN = {"Accept-Language": "en"}
TIMES = re.compile(r'<time[^>]* datetime="([0-9T:.\-]+)Z"')
KO_CHALLENGE = "망원동 버스정류장에 그늘이 없어요"
EN_CHALLENGE = "Older neighbours in Yeonnam-dong eat alone"


def seed(runner):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    return result


def text(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def figure(html: str, name: str) -> str:
    """The figure shown in the campaign box's `data-field` cell."""
    match = re.search(rf'data-field="{name}">([^<]*)<', html)
    assert match, name
    return match.group(1)


def money(shown: str) -> int:
    return int(re.sub(r"[^0-9]", "", shown))


def test_demo_books_balance_and_succeeded_campaigns_reached_their_goal_from_demo_backers(runner, client):
    seed(runner)
    reconcile = runner.invoke(args=["campaigns", "reconcile"])
    assert reconcile.exit_code == 0 and "agree" in reconcile.output, reconcile.output
    demo_emails = {email for email, _name, _role in DEMO_USERS}
    succeeded = db.session.scalars(select(Campaign).where(Campaign.status == CampaignStatus.succeeded)).all()
    assert len(succeeded) >= 3
    for campaign in succeeded:
        html = text(client.get(f"/solutions/{campaign.solution_id}/campaign", headers=EN))
        assert "The campaign succeeded." in html and "Be the first" not in html
        pledged, backers = money(figure(html, "pledged")), int(figure(html, "backers"))
        assert pledged >= campaign.goal > 0 and backers >= 3, (campaign.solution.title, pledged, backers)
        # Behind the figures: real pledges of demo members, collected, adding up to what the page says.
        pledges = db.session.scalars(select(Pledge).where(Pledge.campaign_id == campaign.id)).all()
        assert {p.status for p in pledges} == {PledgeStatus.collected}
        assert sum(p.amount for p in pledges) == pledged == campaign.collected
        assert len({p.backer_id for p in pledges}) == backers
        assert {p.backer.email for p in pledges} <= demo_emails
        team = {m.user_id for m in campaign.solution.team}
        assert not team & {p.backer_id for p in pledges}  # nobody backs their own team
    live = db.session.scalars(select(Campaign).where(Campaign.status == CampaignStatus.live)).all()
    for campaign in live:
        html = text(client.get(f"/solutions/{campaign.solution_id}/campaign", headers=EN))
        assert 0 < money(figure(html, "pledged")) < campaign.goal and int(figure(html, "backers")) >= 3
        assert int(figure(html, "days_left")) > 0


def test_demo_story_runs_in_order_over_months(runner, client):
    seed(runner)
    now = utcnow()
    challenges = db.session.scalars(select(Challenge)).all()
    posted = [c.created_at for c in challenges]
    assert max(posted) - min(posted) >= timedelta(days=60) and max(posted) < now
    for solution in db.session.scalars(select(Solution)).all():
        title, challenge = solution.title, solution.challenge
        html = text(client.get(f"/solutions/{solution.id}"))
        history = html[html.index('id="history"'):]
        shown = [datetime.fromisoformat(t) for t in TIMES.findall(history[:history.index("</ol>")])]
        events = db.session.scalars(select(SolutionEvent).where(SolutionEvent.solution_id == solution.id)
                                    .order_by(SolutionEvent.id)).all()
        times = [e.created_at for e in events]
        assert shown == times[::-1], title  # the page lists the history newest first
        # Entries in the order they happened, after the challenge was posted, and not all at one moment.
        assert times == sorted(times) and challenge.created_at < solution.created_at == times[0] < now, title
        if len(events) > 2:
            assert times[-1] - times[0] > timedelta(days=5), title
        assert solution.stage_entered_at == max(e.created_at for e in events if e.kind in (
            EventKind.created, EventKind.transition)), title
        entered = {e.to_stage: e.created_at for e in events if e.kind == EventKind.transition}
        campaign = solution.campaign
        if campaign is not None and campaign.launched_at is not None:
            assert campaign.requested_at < campaign.launched_at < now, title
            assert campaign.launched_at == entered[Stage.crowdfunding] > solution.selected_at, title
            assert campaign.deadline == campaign.launched_at + timedelta(days=campaign.campaign_days)
            for pledge in db.session.scalars(select(Pledge).where(Pledge.campaign_id == campaign.id)):
                assert campaign.launched_at < pledge.created_at < min(campaign.deadline, now), title
        if solution.stage.index >= Stage.experiment.index:
            # The experiment starts when the campaign ends, on or after its planned start, and is written up
            # only after it was planned to finish.
            started = entered[Stage.experiment]
            assert started == campaign.settled_at == campaign.deadline, title
            assert solution.schedule_start <= started.date() < solution.schedule_end, title
            updates = db.session.scalars(select(ProgressUpdate.created_at)
                                         .where(ProgressUpdate.solution_id == solution.id)).all()
            finished = entered.get(Stage.learnings, now)
            assert updates and all(started < at < finished for at in updates), title
        if solution.stage == Stage.learnings:
            assert entered[Stage.learnings].date() >= solution.schedule_end > solution.schedule_start, title
    ledger = db.session.scalars(select(LedgerEntry.created_at)).all()
    assert len(set(ledger)) > len(ledger) // 2  # money moved on many different days, not in one second


def test_demo_pages_show_supports_stories_comments_pictures_and_resources(runner, client):
    seed(runner)
    for title, alt in ((KO_CHALLENGE, "지붕 없는 버스정류장"), (EN_CHALLENGE, "An older person sits alone")):
        challenge = db.session.scalar(select(Challenge).where(Challenge.title == title))
        html = text(client.get(f"/challenges/{challenge.id}", headers=EN))
        supporters = int(re.search(r"(\d+) (?:people support|person supports) this", html).group(1))
        assert supporters >= 3 and supporters == challenge.supports_count
        stories = db.session.scalars(select(Support.story).where(Support.challenge_id == challenge.id,
                                                                 Support.story != "")).all()
        assert len(stories) >= 2 and all(story in html for story in stories)
        comments = db.session.scalars(select(Comment).where(Comment.challenge_id == challenge.id)).all()
        assert len(comments) >= 3 and any(c.parent_id for c in comments)
        assert all(c.body.split(".")[0] in html for c in comments)
        cover = re.search(r'<figure class="page-cover">\s*<img src="([^"]+)" alt="([^"]+)"', html)
        assert cover and cover.group(2).startswith(alt), title
        assert client.get(cover.group(1)).status_code == 200
        # Its campaigns' solutions have pictures too, described in the challenge's language.
        for solution in db.session.scalars(select(Solution).where(Solution.challenge_id == challenge.id)):
            if solution.campaign is not None:
                page = text(client.get(f"/solutions/{solution.id}"))
                described = re.search(r'<figure class="page-cover">\s*<img src="[^"]+" alt="([^"]+)"', page)
                assert described, solution.title
                hangul = re.search(r"[가-힣]", described.group(1)) is not None
                assert hangul == (title == KO_CHALLENGE), (solution.title, described.group(1))
    # Every campaign a visitor meets on a card (live or succeeded) shows a picture of its own.
    shown = (CampaignStatus.live, CampaignStatus.succeeded)
    for campaign in db.session.scalars(select(Campaign).where(Campaign.status.in_(shown))):
        assert campaign.solution.cover is not None, campaign.solution.title
    html = text(client.get("/resources", headers=EN))
    resources = db.session.scalars(select(Resource)).all()
    assert len(resources) >= 6 and all(r.title in html for r in resources)
    assert len({r.kind for r in resources}) == 5 and len({r.area for r in resources}) >= 3


def test_demo_members_have_news_waiting_and_statistics_have_medians(runner, client):
    seed(runner)
    for email, name, _role in DEMO_USERS:
        assert submit(client, "/auth/sign-in", {"email": email, "password": DEMO_PASSWORD}).status_code == 302
        html = text(client.get("/", headers=EN))
        bell = re.search(r'class="badge unread-count">(\d+)<', html)
        assert bell and int(bell.group(1)) > 0, name
        # Old news was read, the newest waits: the demo looks like a site people have been using.
        user = db.session.scalar(select(User).where(User.email == email))
        read = db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.user_id == user.id, Notification.read_at.is_not(None)))
        assert read > 0, name
        # The notifications page lists the news newest first, as it happened across the whole story.
        listed = TIMES.findall(text(client.get("/notifications", headers=EN)))
        assert len(listed) > 3 and listed == sorted(listed, reverse=True), name
        if email.startswith("staff@"):
            stats = text(client.get("/secretariat/stats", headers=EN))
            rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">\d+</td><td class="num">\d+</td>'
                              r'<td class="num">([^<]+)</td></tr>', stats)
            medians = dict(rows)
            for stage in ("Idea", "Proposal", "Crowdfunding", "Experiment"):
                assert float(medians[stage]) > 0, (stage, medians)
        submit(client, "/auth/sign-out", page="/")


def test_demo_seed_again_adds_nothing(runner):
    seed(runner)
    tables = (User, Challenge, Solution, SolutionEvent, Campaign, Pledge, LedgerEntry, Support, Comment, Notification,
              Attachment, Resource)

    def counts():
        return [db.session.scalar(select(func.count()).select_from(t)) for t in tables]

    first = counts()
    seed(runner)
    assert counts() == first
    assert runner.invoke(args=["campaigns", "reconcile"]).exit_code == 0
