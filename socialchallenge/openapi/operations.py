"""What the code cannot say about each API operation: bodies, answers and query parameters, by endpoint name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from socialchallenge.accounts.service import PASSWORD_MAX, PASSWORD_MIN
from socialchallenge.core.ranges import SDG_MAX, SDG_MIN
from socialchallenge.models import ChallengeStatus, EmailChoice, GoalAchievement, IndicatorKind, OrganisationKind
from socialchallenge.models.secretariat import RUBRIC_CRITERIA, ResourceKind
from socialchallenge.openapi.schemas import (
    ANSWERS,
    ATTACHMENT_UPLOAD,
    CHALLENGE_CREATE,
    CHALLENGE_EDIT,
    DATETIME,
    ID,
    IDEA_CREATE,
    IMPACT,
    INDICATOR_LIST,
    INDICATOR_VALUE,
    INDICATORS_BODY,
    MIN_SOLUTIONS_SCHEMA,
    PERSON,
    QUESTION_LIST,
    QUESTIONS_BODY,
    SEARCH_SORTS,
    SOLUTION_EDIT,
    UPDATE_ATTACHMENT,
    VALUE_BODY,
    list_of,
    nullable,
    obj,
    ref,
)
from socialchallenge.pipeline import transition_table
from socialchallenge.search.filters import STAGE_FILTERS

ANY_OBJECT = {"type": "object"}
TEXT = {"type": "string"}


@dataclass(frozen=True)
class Op:
    """An operation's body schema, success answers {status: schema or None} and extra query parameters."""

    body: dict | None = None
    ok: dict = field(default_factory=dict)
    query: tuple = ()
    paged: bool = False
    errors: tuple = ()  # error statuses beyond those every operation of its kind may answer
    media: str = "application/json"  # the request body's content type
    answer_media: str = "application/json"  # the success answer's content type
    body_required: bool = True
    notes: Any = None  # a callable giving more of the description (e.g. the transition table in words)


def q(name: str, schema: dict, description: Any = "") -> dict:
    """A query parameter."""
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


FILTERS = (
    q("q", {"type": "string", "maxLength": 200}, _l(
        "Words to find: every word must occur, anywhere and in any order, as any part of a word (Korean too); "
        "spaces inside a word do not matter (버스정류장 finds 버스 정류장). With q the default sort is relevance: "
        "words in the title first, then newer items first.")),
    q("status", {"type": "string", "enum": [s.value for s in ChallengeStatus]}),
    q("district", {"type": "string", "maxLength": 20},
      _l("A district code (GET /api/v1/districts), e.g. 11440 for Mapo-gu; an unknown code answers 400.")),
    q("area", {"type": "string", "maxLength": 120}, _l("Part of the place in words.")),
    q("tag", {"type": "string", "maxLength": 120}, _l("A topic, exactly.")),
    q("sdg", {"type": "integer", "minimum": SDG_MIN, "maximum": SDG_MAX}),
    q("sort", {"type": "string", "enum": SEARCH_SORTS}),
)
SEARCH_ONLY = (
    q("stage", {"type": "string", "enum": list(STAGE_FILTERS)}, _l("challenge, or a solution stage (learnings…).")),
    q("goal_achievement", {"type": "string", "enum": [g.value for g in GoalAchievement]}),
)

RESOURCE_FILTERS = (
    q("kind", {"type": "string", "enum": [k.value for k in ResourceKind]}),
    q("district", {"type": "string", "maxLength": 20}, _l("A district code (GET /api/v1/districts).")),
    q("area", {"type": "string", "maxLength": 120}, _l("Part of the place in words.")),
)
GEOJSON_NOTES = _l(
    "A GeoJSON FeatureCollection (RFC 7946) of the items the same query lists (at most 1,000, in the list's "
    "order). Each feature is a Point at the item's own point, else at its district's centre "
    "(`properties.located` says which); items with neither are left out and counted in `unplaced`. `total` is "
    "how many matched; `truncated` is true when more matched than the collection holds.")

PLEDGE = obj({"id": ID, "status": TEXT, "amount": {"type": "integer"}})
MY_PLEDGE = obj({"id": ID, "status": TEXT, "amount": {"type": "integer"}, "solution_id": ID,
                 "reward_id": nullable(ID), "anonymous": {"type": "boolean"}, "created_at": DATETIME,
                 "retry_until": nullable(DATETIME)})
MONEY = {"type": "integer", "minimum": 0}
NAMED = obj({"id": ID, "name": TEXT})
CALL = obj({
    "id": ID, "title": TEXT, "description": TEXT, "organiser": NAMED, "opens_at": DATETIME, "closes_at": DATETIME,
    "areas": {"type": "array", "items": TEXT}, "sdgs": {"type": "array", "items": {"type": "integer"}},
    "currency": TEXT, "prize_per_winner": MONEY, "winners": {"type": "integer", "minimum": 0, "maximum": 3},
    "mentoring_months": {"type": "integer", "minimum": 0},
    "match": nullable(obj({"funder": NAMED, "pool": MONEY, "ratio": {"type": "integer", "minimum": 1},
                           "cap_per_campaign": MONEY, "pool_left": MONEY})),
    "challenge_ids": {"type": "array", "items": ID}})
CALL_CREATE = obj({
    "title": {"type": "string", "maxLength": 120}, "description": {"type": "string", "maxLength": 5000},
    "organiser_id": ID, "opens_at": DATETIME, "closes_at": DATETIME,
    "areas": {"type": "array", "items": TEXT, "maxItems": 30},
    "sdgs": {"type": "array", "items": {"type": "integer", "minimum": SDG_MIN, "maximum": SDG_MAX}},
    "prize_per_winner": MONEY, "winners": {"type": "integer", "minimum": 0, "maximum": 3},
    "mentoring_months": {"type": "integer", "minimum": 0, "maximum": 24},
    "match": nullable(obj({"funder_id": ID, "pool": {"type": "integer", "minimum": 1},
                           "ratio": {"type": "integer", "minimum": 1, "maximum": 5},
                           "cap_per_campaign": {"type": "integer", "minimum": 1}}, ["funder_id", "pool",
                                                                                      "cap_per_campaign"]))},
    ["title", "description", "organiser_id", "opens_at", "closes_at"], extra=False)
PRIZE_AWARD = obj({
    "id": ID, "solution_id": ID, "campaign_id": ID,
    "call_id": nullable({**ID, "description": "The call whose terms gave the prize; null for a single challenge's "
                                              "own terms."}),
    "amount": {"type": "integer", "minimum": 1}, "confirmed_at": DATETIME,
    "mentoring_starts": nullable({"type": "string", "format": "date"}),
    "mentoring_ends": nullable({"type": "string", "format": "date"})})
ME = obj({"id": ID, "name": TEXT, "email": TEXT, "role": TEXT, "locale": TEXT, "email_choice": TEXT})
ORGANISATION = obj({"id": ID, "name": TEXT, "kind": TEXT, "description": TEXT, "verified": {"type": "boolean"}})
ORGANISATION_PAGE = obj({**ORGANISATION["properties"], "members": {"type": "array", "items": obj(
    {"id": ID, "name": TEXT, "is_admin": {"type": "boolean"}})},
    "can_manage": {"type": "boolean", "description": "Whether the token's user administers it (GET only)."}},
    [*ORGANISATION["required"], "members"])
COMMENT = obj({"id": ID, "challenge_id": nullable(ID), "solution_id": nullable(ID), "parent_id": nullable(ID),
               "author": PERSON, "body": TEXT, "body_html": TEXT, "deleted": {"type": "boolean"},
               "hidden": {"type": "boolean"}, "created_at": TEXT, "edited_at": nullable(TEXT)})
UPDATE = obj({"id": ID, "solution_id": ID, "title": TEXT, "body": TEXT, "author": PERSON, "created_at": TEXT,
              "attachments": {"type": "array", "items": UPDATE_ATTACHMENT}})
UPLOAD = Op(ATTACHMENT_UPLOAD, {201: ref("Attachment")}, errors=(413,), media="multipart/form-data")
COVER_CHOICE = Op(obj({"attachment_id": nullable(ID)}, extra=False), {200: obj({"cover": nullable(ref("Cover"))})})
REWARD = obj({"id": ID, "title": TEXT, "description": TEXT, "min_amount": {"type": "integer"},
              "quantity": nullable({"type": "integer"}), "claimed": {"type": "integer"},
              "left": nullable({"type": "integer"})})
SKILL_NEED = obj({"id": ID, "skill": TEXT, "hours": {"type": "integer"}, "description": TEXT,
                  "hours_offered": {"type": "integer"}, "hours_accepted": {"type": "integer"}},
                 required=["id", "skill", "hours"])
SKILL_OFFER = obj({"id": ID, "need_id": ID, "member": PERSON, "hours": {"type": "integer"}, "message": TEXT,
                   "status": TEXT})
NOTIFICATION = obj({"id": ID, "kind": TEXT, "text": TEXT, "link": TEXT, "created_at": TEXT,
                    "read": {"type": "boolean"}})
TOPICS = {"type": "array", "items": {"type": "string", "maxLength": 40}}
STAFF_CHALLENGE = obj({"id": ID, "title": TEXT, "status": TEXT, "tags": {"type": "array", "items": TEXT}}, None)
RESOURCE = obj({"id": ID, "kind": TEXT, "title": TEXT, "description": TEXT, "area": TEXT,
                "district": nullable(ref("District")), "point": nullable(ref("Point"))},
               ["id", "kind", "title", "description", "area"])
RESOURCE_REQUEST = obj({"id": ID, "resource_id": ID, "solution_id": ID, "message": TEXT, "status": TEXT})
ASK_STATE = {"type": "string", "enum": ["pending", "accepted", "declined", "withdrawn", "expired"]}
TEAM_REF = obj({"id": ID, "title": TEXT})
INVITATION = obj({"id": ID, "solution": TEAM_REF, "email": TEXT, "invited_by": PERSON, "status": ASK_STATE,
                  "created_at": DATETIME, "expires_at": DATETIME})
JOIN_REQUEST = obj({"id": ID, "solution": TEAM_REF, "member": PERSON, "message": TEXT, "status": ASK_STATE,
                    "created_at": DATETIME, "expires_at": DATETIME})
REWARD_FIELDS = {"title": {"type": "string", "maxLength": 120}, "description": {"type": "string", "maxLength": 2000},
                 "min_amount": {"type": "integer", "minimum": 1}, "quantity": nullable({"type": "integer",
                                                                                       "minimum": 1})}

# Keyed by endpoint, or by "endpoint METHOD" where one view answers several methods differently.
OPERATIONS: dict[str, Op] = {
    # accounts
    "api.create_user": Op(obj({"email": {"type": "string", "format": "email"}, "password": TEXT,
                               "name": {"type": "string", "maxLength": 80}}, extra=False), {201: PERSON}),
    "api.create_token": Op(obj({"email": TEXT, "password": TEXT}, extra=False), {201: obj({"token": TEXT})},
                           errors=(401,)),
    "api.me": Op(ok={200: ME}),
    "api.edit_me": Op(obj({"name": {"type": "string", "maxLength": 80},
                           "locale": {"type": "string", "enum": ["ko", "en"]},
                           "email_choice": {"type": "string", "enum": [c.value for c in EmailChoice]}}, [],
                          extra=False), {200: ME}),
    "api.change_password": Op(obj({"current_password": TEXT, "new_password": {
        "type": "string", "minLength": PASSWORD_MIN, "maxLength": PASSWORD_MAX}}, extra=False), {204: None}),
    "api.my_pledges": Op(ok={200: list_of(MY_PLEDGE)}, paged=True),
    "api.pay_pledge_again": Op(ok={200: obj({"pledge": PLEDGE, "checkout_url": nullable(TEXT)})}, errors=(503,)),
    # calls for challenges (issue 15)
    "api.list_calls": Op(ok={200: list_of(CALL)}, paged=True),
    "api.get_call": Op(ok={200: CALL}),
    "api.create_call": Op(CALL_CREATE, {201: CALL}),
    "api.add_call_challenge": Op(obj({"challenge_id": ID}, extra=False), {201: CALL}),
    "api.confirm_prize": Op(ok={201: obj({"award": PRIZE_AWARD, "campaign": ref("Campaign")})}),
    # organisations
    "api.list_organisations": Op(ok={200: list_of(ORGANISATION)}, paged=True),
    "api.get_organisation": Op(ok={200: ORGANISATION_PAGE}),
    "api.create_organisation": Op(obj({"name": {"type": "string", "minLength": 2, "maxLength": 120},
                                       "kind": {"type": "string", "enum": [k.value for k in OrganisationKind]},
                                       "description": {"type": "string", "maxLength": 2000}}, ["name", "kind"],
                                      extra=False), {201: ORGANISATION_PAGE}),
    "api.add_organisation_member": Op(obj({"email": TEXT, "is_admin": {"type": "boolean"}}, ["email"], extra=False),
                                      {201: ORGANISATION_PAGE}),
    "api.remove_organisation_member": Op(ok={204: None}),
    # search and challenges
    "api.search_view": Op(ok={200: ref("SearchHitList")}, query=FILTERS + SEARCH_ONLY, paged=True),
    "api.list_challenges": Op(ok={200: ref("ChallengeList")}, query=FILTERS, paged=True),
    "api.create_challenge": Op(CHALLENGE_CREATE, {201: ref("Challenge")}),
    "api.get_challenge_view": Op(ok={200: ref("Challenge")}),
    "api.edit_challenge": Op(CHALLENGE_EDIT, {200: ref("Challenge")}),
    "api.list_solutions": Op(ok={200: ref("SolutionList")}, paged=True),
    "api.submit_solution": Op(IDEA_CREATE, {201: ref("Solution")}),
    "api.put_selection": Op(obj({"solution_ids": {"type": "array", "items": ID, "maxItems": 3}, "answers": ANSWERS},
                                ["solution_ids"], extra=False),
                            {200: obj({"selected_solution_ids": {"type": "array", "items": ID}})}),
    "api.post_evaluation": Op(obj({"solution_id": ID, "score": {"type": "integer", "minimum": 1, "maximum": 5},
                                   "notes": {"type": "string", "maxLength": 10_000}}, ["solution_id", "score"],
                                  extra=False),
                              {201: ANY_OBJECT, 200: ANY_OBJECT}),
    "api.post_adoption": Op(obj({"solution_id": ID, "answers": ANSWERS}, ["solution_id"], extra=False),
                            {200: ref("Challenge")}),
    "api.carry_over_solution": Op(obj({"challenge_id": {**ID, "description": "Another open challenge."}},
                                      extra=False), {201: ref("Solution")}),
    # solutions
    "api.get_solution_view": Op(ok={200: ref("Solution")}),
    "api.edit_solution": Op(SOLUTION_EDIT, {200: ref("Solution")}),
    "api.advance_solution": Op(ok={200: ref("Solution"), 202: ref("Solution")}, notes=transition_table.describe),
    "api.review_campaign": Op(obj({"decision": {"type": "string", "enum": ["approve", "request_changes"]},
                                   "message": {"type": "string", "maxLength": 10_000},
                                   "checklist": {"type": "object", "additionalProperties": {"type": "boolean"}},
                                   "notes": {"type": "string", "maxLength": 5000}}, ["decision"], extra=False),
                              {200: ref("Campaign")}),
    "api.get_campaign": Op(ok={200: nullable(ref("Campaign"))}),
    "api.list_updates": Op(ok={200: list_of(UPDATE)}, paged=True),
    "api.post_update": Op(obj({"title": {"type": "string", "maxLength": 120}, "body": TEXT}, extra=False),
                          {201: UPDATE}),
    "api.leave_team": Op(ok={204: None}),
    # impact indicators (declared with the proposal's fields) and measured values; the impact figures
    "api.get_indicators": Op(ok={200: INDICATOR_LIST}),
    "api.put_indicators": Op(INDICATORS_BODY, {200: INDICATOR_LIST}),
    "api.post_indicator_value": Op(VALUE_BODY, {201: INDICATOR_VALUE}),
    "api.get_impact": Op(ok={200: IMPACT}, errors=(400,), query=(
        q("kind", {"type": "string", "enum": [k.value for k in IndicatorKind]}),
        q("district", {"type": "string", "maxLength": 20}, "The code of the challenge's district."),
        q("sdg", {"type": "integer", "minimum": SDG_MIN, "maximum": SDG_MAX}),
        q("from", {"type": "string", "format": "date"}, "Values measured on or after this day."),
        q("to", {"type": "string", "format": "date"}, "Values measured on or before this day."),
        q("period", {"type": "string", "enum": ["month", "quarter", "year"]}, "How by_period groups (quarter)."))),
    # a challenge's own questions, answered in a solution's `answers`
    "api.get_questions": Op(ok={200: QUESTION_LIST}),
    "api.put_questions": Op(QUESTIONS_BODY, {200: QUESTION_LIST}),
    # teams by consent: the invitee accepts an invitation, the team accepts a request to join
    "api.invite_to_team": Op(obj({"email": {"type": "string", "format": "email", "maxLength": 254}}, extra=False),
                             {202: obj({"email": TEXT, "expires_in_days": {"type": "integer"}, "message": TEXT})}),
    "api.list_team_invitations": Op(ok={200: list_of(INVITATION)}, paged=True),
    "api.list_my_invitations": Op(ok={200: list_of(INVITATION)}, paged=True),
    "api.withdraw_invitation": Op(ok={204: None}),
    "api.accept_invitation": Op(ok={200: INVITATION}),
    "api.decline_invitation": Op(ok={200: INVITATION}),
    "api.ask_to_join": Op(obj({"message": {"type": "string", "maxLength": 500}}, [], extra=False), {201: JOIN_REQUEST}),
    "api.list_team_join_requests": Op(ok={200: list_of(JOIN_REQUEST)}, paged=True),
    "api.list_my_join_requests": Op(ok={200: list_of(JOIN_REQUEST)}, paged=True),
    "api.withdraw_join_request": Op(ok={204: None}),
    "api.accept_join_request": Op(ok={200: JOIN_REQUEST}),
    "api.decline_join_request": Op(ok={200: JOIN_REQUEST}),
    # images and documents
    "api.list_challenge_attachments": Op(ok={200: ref("AttachmentList")}, paged=True),
    "api.list_solution_attachments": Op(ok={200: ref("AttachmentList")}, paged=True),
    "api.list_update_attachments": Op(ok={200: ref("AttachmentList")}, paged=True),
    "api.upload_challenge_attachment": UPLOAD,
    "api.upload_solution_attachment": UPLOAD,
    "api.upload_update_attachment": UPLOAD,
    "api.delete_attachment": Op(obj({"reason": {"type": "string", "maxLength": 500}}, [], extra=False), {204: None},
                                body_required=False),
    "api.put_challenge_cover": COVER_CHOICE,
    "api.put_solution_cover": COVER_CHOICE,
    # community
    "api.support_challenge": Op(obj({"story": {"type": "string", "maxLength": 500}}, [], extra=False),
                                {201: obj({"challenge_id": ID, "story": TEXT, "supports_count": {"type": "integer"}})}),
    "api.withdraw_support": Op(ok={204: None}),
    "api.list_supports": Op(ok={200: list_of(ANY_OBJECT)}, paged=True),
    "api.support_solution": Op(obj({"story": {"type": "string", "maxLength": 500}}, [], extra=False),
                               {201: obj({"solution_id": ID, "story": TEXT, "supports_count": {"type": "integer"}})}),
    "api.withdraw_solution_support": Op(ok={204: None}),
    "api.list_solution_supports": Op(ok={200: list_of(ANY_OBJECT)}, paged=True),
    "api.follow_target": Op(ok={201: obj({"following": {"type": "boolean"}}),
                                200: obj({"following": {"type": "boolean"}})}),
    "api.unfollow_target": Op(ok={204: None}),
    "api.list_comments": Op(ok={200: list_of(COMMENT)}, paged=True),
    "api.post_comment": Op(obj({"body": TEXT, "parent_id": nullable(ID)}, ["body"], extra=False), {201: COMMENT}),
    "api.edit_comment": Op(obj({"body": TEXT}, extra=False), {200: COMMENT}),
    "api.delete_comment": Op(ok={204: None}),
    "api.report_comment": Op(obj({"reason": {"type": "string", "maxLength": 500}}, extra=False), {201: ANY_OBJECT}),
    "api.list_notifications": Op(ok={200: list_of(NOTIFICATION)}, paged=True),
    "api.read_notifications": Op(obj({"ids": {"type": "array", "items": ID}}, [], extra=False), {200: ANY_OBJECT}),
    # crowdfunding
    "api.pledge": Op(obj({"amount": {"type": "integer", "minimum": 1}, "reward_id": nullable(ID),
                          "anonymous": {"type": "boolean"}}, ["amount"], extra=False),
                     {201: obj({"pledge": PLEDGE, "checkout_url": nullable(TEXT)})}, errors=(503,)),
    "api.contribution": Op(obj({"amount": {"type": "integer", "minimum": 1}, "note": TEXT}, ["amount"],
                               extra=False), {201: obj({"pledge": PLEDGE})}),
    "api.campaign_history": Op(ok={200: ANY_OBJECT}),
    "api.list_rewards": Op(ok={200: ANY_OBJECT}),
    "api.add_reward": Op(obj(REWARD_FIELDS, ["title", "min_amount"], extra=False), {201: REWARD}),
    "api.update_reward": Op(obj(REWARD_FIELDS, [], extra=False), {200: REWARD}),
    "api.delete_reward": Op(ok={204: None}),
    "api.list_skill_needs": Op(ok={200: ANY_OBJECT}),
    "api.add_skill_need": Op(obj({"skill": {"type": "string", "maxLength": 120}, "hours": {"type": "integer",
                                                                                           "minimum": 1},
                                  "description": TEXT}, ["skill", "hours"], extra=False), {201: SKILL_NEED}),
    "api.delete_skill_need": Op(ok={204: None}),
    "api.offer_skill": Op(obj({"hours": {"type": "integer", "minimum": 1}, "message": TEXT}, ["hours"], extra=False),
                          {201: SKILL_OFFER}),
    "api.decide_skill_offer": Op(obj({"decision": {"type": "string", "enum": ["accept", "decline"]}}, extra=False),
                                 {200: ANY_OBJECT}),
    # discovery
    "api.openapi_document": Op(ok={200: ANY_OBJECT}),
    # secretariat: curation (actions on an existing challenge answer it with 200)
    "api.api_curation_queue": Op(ok={200: list_of(STAFF_CHALLENGE)}, paged=True),
    "api.api_retag": Op(obj({"add": TOPICS, "remove": TOPICS}, [], extra=False), {200: STAFF_CHALLENGE}),
    "api.api_min_solutions": Op(obj({"min_solutions": MIN_SOLUTIONS_SCHEMA},
                                    extra=False), {200: STAFF_CHALLENGE}),
    "api.api_merge": Op(obj({"into_id": ID}, extra=False), {200: STAFF_CHALLENGE}),
    "api.api_hide": Op(obj({"reason": {"type": "string", "maxLength": 500}}, [], extra=False),
                       {200: STAFF_CHALLENGE}),
    "api.api_mark_curated": Op(ok={200: STAFF_CHALLENGE}),
    "api.api_verify": Op(obj({"verified": {"type": "boolean"}}, extra=False),
                         {200: obj({"id": ID, "name": TEXT, "verified": {"type": "boolean"}})}),
    # secretariat: campaign reviews with the hearing sheet
    "api.api_reviews": Op(ok={200: list_of(ANY_OBJECT)}, paged=True),
    "api.api_checklist": Op(ok={200: obj({"checklist": {"type": "object",
                                                        "additionalProperties": TEXT}})}),
    "api.api_review": Op(obj({"decision": {"type": "string", "enum": ["approve", "request_changes"]},
                              "message": {"type": "string", "maxLength": 10_000},
                              "checklist": {"type": "object", "additionalProperties": {"type": "boolean"}},
                              "notes": {"type": "string", "maxLength": 5000}}, ["decision"], extra=False),
                         {200: obj({"campaign": obj({"id": ID, "status": TEXT}), "hearing_sheet": ANY_OBJECT})}),
    # secretariat: mentoring and the rubric
    "api.api_mentors": Op(ok={200: obj({"items": {"type": "array", "items": ANY_OBJECT}})}),
    "api.api_assign PUT": Op(ok={200: obj({"solution_id": ID, "mentor_id": ID})}),
    "api.api_assign DELETE": Op(ok={204: None}),
    "api.api_mentoring_log GET": Op(ok={200: obj({"items": {"type": "array", "items": ANY_OBJECT}})}),
    "api.api_mentoring_log POST": Op(obj({"met_on": {"type": "string", "format": "date"}, "notes": TEXT,
                                          "next_steps": TEXT}, ["met_on", "notes"], extra=False), {201: ANY_OBJECT}),
    "api.api_rubric GET": Op(ok={200: obj({"items": {"type": "array", "items": ANY_OBJECT},
                                           "averages": nullable(ANY_OBJECT)})}),
    "api.api_rubric POST": Op(obj({**{key: {"type": "integer", "minimum": 1, "maximum": 5}
                                      for key in RUBRIC_CRITERIA},
                                   "notes": {"type": "string", "maxLength": 5000}}, list(RUBRIC_CRITERIA),
                                  extra=False), {201: ANY_OBJECT}),
    # secretariat: moderation
    "api.api_moderation_queue": Op(ok={200: list_of(ANY_OBJECT)}, paged=True),
    "api.api_moderate": Op(obj({"reason": {"type": "string", "maxLength": 500}}, extra=False),
                           {200: obj({"id": ID, "hidden": {"type": "boolean"}, "open_reports": {"type": "integer"}})}),
    "api.api_suspend": Op(obj({"reason": {"type": "string", "maxLength": 500}}, extra=False),
                          {200: obj({"id": ID, "suspended": {"type": "boolean"}})}),
    # resource catalogue
    "api.api_resources": Op(ok={200: list_of(RESOURCE)}, paged=True,
                            query=RESOURCE_FILTERS),
    "api.resources_geojson": Op(ok={200: ref("FeatureCollection")}, query=RESOURCE_FILTERS,
                                answer_media="application/geo+json"),
    # places
    "api.list_districts_view": Op(ok={200: obj({"items": {"type": "array", "items": obj({
        "code": TEXT, "name": TEXT, "name_ko": TEXT, "name_en": TEXT,
        "centre": obj({"lat": {"type": "number"}, "lon": {"type": "number"}})})}})}),
    "api.challenges_geojson": Op(ok={200: ref("FeatureCollection")}, query=FILTERS,
                                 answer_media="application/geo+json", notes=lambda: GEOJSON_NOTES),
    "api.api_request_resource": Op(obj({"solution_id": ID, "message": {"type": "string", "maxLength": 2000}},
                                       ["solution_id"], extra=False), {201: RESOURCE_REQUEST}),
    "api.api_create_resource": Op(obj({"kind": {"type": "string", "enum": [k.value for k in ResourceKind]},
                                       "title": {"type": "string", "maxLength": 200}, "description": TEXT,
                                       "area": {"type": "string", "maxLength": 120},
                                       "district": nullable({"type": "string", "maxLength": 20}),
                                       "point": nullable(ref("Point")),
                                       "organisation_id": nullable(ID)}, ["kind", "title"], extra=False),
                                  {201: RESOURCE}),
    "api.api_open_requests": Op(ok={200: list_of(RESOURCE_REQUEST)}, paged=True),
    "api.api_decide_request": Op(obj({"decision": {"type": "string", "enum": ["grant", "decline"]},
                                      "message": {"type": "string", "maxLength": 2000}}, ["decision"], extra=False),
                                 {200: RESOURCE_REQUEST}),
    # statistics and audit
    "api.api_stats": Op(ok={200: ANY_OBJECT}),
    "api.api_audit": Op(ok={200: list_of(ANY_OBJECT)}, paged=True),
    # failed mail
    "api.api_failed_mail": Op(ok={200: list_of(obj({
        "id": ID, "to": TEXT, "subject": TEXT, "attempts": {"type": "integer"}, "error": nullable(TEXT),
        "created_at": DATETIME, "failed_at": nullable(DATETIME)}))}, paged=True),
    "api.api_send_mail_again": Op(ok={200: obj({"id": ID, "failed": {"type": "boolean"}})}),
}

from socialchallenge.openapi.events import EVENT_OPERATIONS  # noqa: E402  (events add theirs)

OPERATIONS.update(EVENT_OPERATIONS)
