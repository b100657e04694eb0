"""Prize money and mentoring terms: the secretariat confirms a picked solution of a call's challenge, the prize
becomes a ledger entry from the organiser on the solution's campaign (once), and the mentoring period opens with a
monthly check-in; missed check-ins remind the mentors."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from socialchallenge import audit
from socialchallenge.community.inbox import notify
from socialchallenge.core.plain import plain
from socialchallenge.errors import NotAllowed, RuleViolation
from socialchallenge.models import (
    Campaign,
    CampaignStatus,
    Challenge,
    LedgerEntry,
    LedgerKind,
    Solution,
    TeamMember,
    User,
)
from socialchallenge.models.calls import CheckinReminder, PrizeAward
from socialchallenge.models.secretariat import MentorAssignment, MentoringNote
from socialchallenge.pipeline.locks import lock_solution
from socialchallenge.timeutil import site_today, utcnow

PRIZE_CAMPAIGNS = (CampaignStatus.live, CampaignStatus.succeeded)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def award_of(session: Session, solution_id: int) -> PrizeAward | None:
    """The solution's prize award, if its pick was confirmed."""
    return session.scalar(select(PrizeAward).where(PrizeAward.solution_id == solution_id))


@dataclass(frozen=True)
class PrizeTerms:
    """The prize and mentoring terms a picked solution of a challenge gets: its call's, else the challenge's own
    (then the secretariat is the organiser giving the prize, and call_id is None)."""

    prize_per_winner: int
    winners: int
    mentoring_months: int
    call_id: int | None


def prize_terms(challenge: Challenge) -> PrizeTerms | None:
    """The challenge's prize terms: a call with prize money decides; a challenge in no call has its own; None
    without prize money."""
    call = challenge.call
    if call is not None:
        if call.prize_per_winner and call.winners:
            return PrizeTerms(call.prize_per_winner, call.winners, call.mentoring_months, call.id)
        return None
    if challenge.prize_per_winner and challenge.prize_winners:
        return PrizeTerms(challenge.prize_per_winner, challenge.prize_winners, challenge.mentoring_months, None)
    return None


def award_json(award: PrizeAward) -> dict:
    """A prize award in the API's shape."""
    return {"id": award.id, "solution_id": award.solution_id, "campaign_id": award.campaign_id,
            "call_id": award.call_id, "amount": award.amount, "confirmed_at": plain(award.confirmed_at),
            "mentoring_starts": plain(award.mentoring_starts), "mentoring_ends": plain(award.mentoring_ends)}


def confirm_pick(session: Session, staff: User, solution: Solution, now: datetime | None = None) -> PrizeAward:
    """The secretariat confirms the owner's pick: the prize of the call's terms (else of the challenge's own, which
    the secretariat gives) goes to the solution's campaign as a ledger entry of its own (once per solution, at most
    `winners` per challenge) and the mentoring period opens."""
    now = now or utcnow()
    if not getattr(staff, "is_secretariat", False):
        raise NotAllowed(_("Only the secretariat confirms picks."))
    # The pipeline's lock order: a selection being withdrawn or a second confirmation waits for this one.
    lock_solution(session, solution)
    terms = prize_terms(solution.challenge)
    if terms is None:
        raise RuleViolation(_("This challenge has no prize money, neither from a call nor of its own."),
                            code="no_prize")
    call = solution.challenge.call if terms.call_id else None
    if not solution.selected:
        raise RuleViolation(_("Only a solution the owner picked can get the prize."), code="not_selected")
    if award_of(session, solution.id) is not None:
        raise RuleViolation(_("This pick was already confirmed: its prize is counted once."), code="already_awarded")
    given = session.scalar(select(func.count(PrizeAward.id)).join(Solution, Solution.id == PrizeAward.solution_id)
                           .where(Solution.challenge_id == solution.challenge_id)) or 0
    if given >= terms.winners:
        raise RuleViolation(_("Every prize of this challenge is given (%(n)d at most).", n=terms.winners),
                            code="winners_reached")
    campaign = solution.campaign
    if campaign is None or campaign.status not in PRIZE_CAMPAIGNS:
        raise RuleViolation(_("The prize goes to the solution's campaign: confirm the pick once the campaign is "
                              "live."), code="campaign_not_live")
    start = site_today(now)  # the day of the confirmation on the site's calendar, as its pages show it
    months = terms.mentoring_months
    award = PrizeAward(call_id=terms.call_id, solution_id=solution.id, campaign_id=campaign.id,
                       amount=terms.prize_per_winner, confirmed_by_id=staff.id, confirmed_at=now,
                       mentoring_starts=start if months else None,
                       mentoring_ends=add_months(start, months) if months else None)
    session.add(award)
    session.flush()
    session.add(LedgerEntry(campaign_id=campaign.id, pledge_id=None, award_id=award.id, kind=LedgerKind.prize,
                            amount=award.amount, created_at=now))
    session.execute(update(Campaign).where(Campaign.id == campaign.id)
                    .values(prize=Campaign.prize + award.amount).execution_options(synchronize_session=False))
    session.refresh(campaign)
    audit.record(session, staff, "prize.award", solution, None, {
        "call_id": terms.call_id, "campaign_id": campaign.id, "amount": award.amount,
        "mentoring_starts": award.mentoring_starts, "mentoring_ends": award.mentoring_ends})
    team = session.scalars(select(TeamMember.user_id).where(TeamMember.solution_id == solution.id))
    if call is not None:
        notify(session, set(team), "prize_awarded", staff, f"/solutions/{solution.id}", solution=solution.title,
               call=call.title)
    else:
        notify(session, set(team), "prize_awarded_challenge", staff, f"/solutions/{solution.id}",
               solution=solution.title, challenge=solution.challenge.title)
    return award


@dataclass(frozen=True)
class Checkin:
    """One monthly check-in of a mentoring period."""

    month: int
    opens: date
    due: date
    status: str  # done, missed, due (the current month) or upcoming


def checkins(award: PrizeAward, met_on: list[date], today: date) -> list[Checkin]:
    """The period's monthly check-ins: month k is done when the log has a meeting after month k-1's due date and
    on or before month k's."""
    if award.mentoring_starts is None or award.mentoring_ends is None:
        return []
    found, start, k = [], award.mentoring_starts, 1
    while True:
        opens, due = add_months(start, k - 1), add_months(start, k)
        if opens >= award.mentoring_ends:
            break
        done = any(opens <= d <= due if k == 1 else opens < d <= due for d in met_on)
        status = "done" if done else "missed" if due < today else "due" if opens <= today else "upcoming"
        found.append(Checkin(k, opens, due, status))
        k += 1
    return found


def mentoring_period(session: Session, solution: Solution, today: date | None = None) -> dict | None:
    """The solution's mentoring period with its check-ins, for the mentoring log, or None without one."""
    award = award_of(session, solution.id)
    if award is None or award.mentoring_starts is None:
        return None
    met_on = list(session.scalars(select(MentoringNote.met_on).where(MentoringNote.solution_id == solution.id)))
    return {"award": award, "checkins": checkins(award, met_on, today or site_today())}


def remind_missed_checkins(session: Session, now: datetime) -> int:
    """Remind the mentors of each missed monthly check-in, once per month missed; returns how many were sent."""
    today = site_today(now)
    awards = session.scalars(select(PrizeAward).where(PrizeAward.mentoring_starts.is_not(None),
                                                      PrizeAward.mentoring_starts < today)
                             .options(joinedload(PrizeAward.solution))).all()
    sent = 0
    for award in awards:
        met_on = list(session.scalars(select(MentoringNote.met_on)
                                      .where(MentoringNote.solution_id == award.solution_id)))
        reminded = set(session.scalars(select(CheckinReminder.month).where(CheckinReminder.award_id == award.id)))
        for checkin in checkins(award, met_on, today):
            if checkin.status != "missed" or checkin.month in reminded:
                continue
            mentors = set(session.scalars(select(MentorAssignment.mentor_id)
                                          .where(MentorAssignment.solution_id == award.solution_id)))
            # Without a mentor yet, whoever confirmed the pick hears of it, so the miss is not lost.
            recipients = mentors or ({award.confirmed_by_id} - {None})
            session.add(CheckinReminder(award_id=award.id, month=checkin.month, sent_at=now,
                                        details={"due": checkin.due.isoformat(), "to": sorted(recipients)}))
            notify(session, recipients, "checkin_missed", None, f"/solutions/{award.solution_id}/mentoring",
                   solution=award.solution.title, month=checkin.month, due=checkin.due.isoformat())
            sent += 1
        session.commit()
    # End the read transaction too when there was nothing to do: a worker must not keep an old snapshot into its
    # next round (on SQLite it would hide what other workers did meanwhile).
    session.commit()
    return sent


def picks_of_call(session: Session, call_id: int) -> list[tuple[Solution, PrizeAward | None]]:
    """The picked solutions of the call's challenges with their prize award, if confirmed (two queries)."""
    picked = list(session.scalars(
        select(Solution).join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Challenge.call_id == call_id, Challenge.hidden.is_(False), Solution.selected.is_(True))
        .options(joinedload(Solution.challenge)).order_by(Challenge.id, Solution.id)))
    awards = {a.solution_id: a for a in session.scalars(select(PrizeAward).where(PrizeAward.call_id == call_id))}
    return [(s, awards.get(s.id)) for s in picked]
