"""A world of test data: one of everything the routes point at, with a user for each role (member, team, owner,
secretariat); the access matrix and the security-header checks fill route parameters from it."""

from __future__ import annotations

import re

from socialchallenge.extensions import db
from socialchallenge.models import Role
from tests.builders import (
    make_attachment,
    make_call,
    make_challenge,
    make_comment,
    make_event,
    make_invitation,
    make_join_request,
    make_mentor,
    make_organisation,
    make_pledge,
    make_resource,
    make_resource_request,
    make_reward,
    make_solution,
    make_update,
    make_user,
)


class World:
    """One of everything the routes point at, with a user for each role."""

    def __init__(self):
        self.users = {
            "member": make_user(name="Member"),
            "team": make_user(name="Team"),
            "owner": make_user(name="Owner"),
            "secretariat": make_user(name="Staff", role=Role.secretariat),
        }
        other = make_user(name="Other")
        org = make_organisation(admins=[self.users["owner"]], members=[other])
        challenge = make_challenge(owner=self.users["owner"])
        solution = make_solution(challenge, stage="crowdfunding", team=[self.users["team"]])
        reward = make_reward(solution)
        comment = make_comment(challenge=challenge, author=self.users["member"])
        pledge = make_pledge(solution.campaign, backer=self.users["member"], status="failed")
        resource = make_resource()
        resource_request = make_resource_request(resource, solution)
        mentor = make_mentor(solution)
        need, offer = self._skill_need_and_offer(solution, other)
        mail = self._failed_mail()
        invitation = make_invitation(solution, self.users["member"].email)
        join_request = make_join_request(solution, self.users["member"])
        update = make_update(solution)
        attachment = make_attachment(challenge)
        saved_answer = self._saved_answer(self.users["owner"])
        event = make_event(organiser=self.users["team"], solution_id=solution.id, challenge_id=challenge.id)
        call = make_call()
        self.values = {
            "challenge_id": challenge.id, "solution_id": solution.id, "campaign_id": solution.campaign.id,
            "comment_id": comment.id, "org_id": org.id, "user_id": other.id, "reward_id": reward.id,
            "need_id": need.id, "offer_id": offer.id, "resource_id": resource.id, "request_id": resource_request.id,
            "mentor_id": mentor.id, "pledge_id": pledge.id, "invitation_id": invitation.id,
            "join_request_id": join_request.id, "kind": "challenges", "target_id": challenge.id,
            "stage": "idea", "token": "not-a-real-token", "mail_id": mail.id, "update_id": update.id,
            "attachment_id": attachment.id, "key": attachment.key, "answer_id": saved_answer.id, "event_id": event.id,
            "call_id": call.id,
            "indicator_id": solution.indicators[0].id,
        }

    @staticmethod
    def _saved_answer(owner):
        from socialchallenge.models import SavedAnswer

        answer = SavedAnswer(owner_id=owner.id, text="Thank you; another idea fit the budget better.")
        db.session.add(answer)
        db.session.commit()
        return answer

    @staticmethod
    def _failed_mail():
        from socialchallenge.models import OutboxMail

        mail = OutboxMail(to_address="gone@example.org", subject="Hello", body="Body", failed=True,
                          last_error="550 5.1.1 No such user here")
        db.session.add(mail)
        db.session.commit()
        return mail

    @staticmethod
    def _skill_need_and_offer(solution, member):
        from socialchallenge.models.funding import SkillNeed, SkillOffer

        need = SkillNeed(solution_id=solution.id, skill="Design", hours=10, description="Posters")
        db.session.add(need)
        db.session.flush()
        offer = SkillOffer(need_id=need.id, member_id=member.id, hours=4, message="I can help.")
        db.session.add(offer)
        db.session.commit()
        return need, offer

    def url(self, rule: str) -> str:
        """The rule with every <converter:name> filled in from this world (the first choice of an any())."""

        def fill(match):
            converter, name = match.group(1), match.group(2)
            if converter and converter.startswith("any("):
                return converter[4:].split(",")[0].strip()
            return str(self.values[name])

        return re.sub(r"<(?:([^:>]+):)?([^>]+)>", fill, rule)
