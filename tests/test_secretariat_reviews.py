"""Campaign reviews: the hearing sheet is saved with the decision, which goes through the pipeline's rule."""

from __future__ import annotations

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import Campaign, CampaignStatus, Notification, Stage
from socialchallenge.models.secretariat import AuditEntry, HearingSheet
from socialchallenge.secretariat.reviews import CHECKLIST
from tests.builders import make_campaign, make_token, make_user
from tests.helpers import submit

EN = {"Accept-Language": "en"}


def test_hearing_sheet_saved_with_the_approval(client, auth, app):
    staff = make_user(role="secretariat")
    campaign = make_campaign(status="review")
    auth.login(staff)
    page = f"/secretariat/reviews/{campaign.id}"
    html = client.get(page, headers=EN).get_data(as_text=True)
    assert "The budget is plausible" in html
    response = submit(client, page, {"checklist": list(CHECKLIST), "decision": "approve", "message": "Good luck!",
                                     "notes": "Met on Tuesday."})
    assert response.status_code == 302
    campaign = db.session.get(Campaign, campaign.id)
    assert campaign.status == CampaignStatus.live and campaign.solution.stage == Stage.crowdfunding
    sheet = db.session.scalar(select(HearingSheet).where(HearingSheet.campaign_id == campaign.id))
    assert sheet.decision == "approve" and sheet.message == "Good luck!" and sheet.notes == "Met on Tuesday."
    assert sheet.checks == {key: True for key in CHECKLIST}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "campaign.review.approve"))
    assert entry.before["status"] == "review" and entry.after["status"] == "live"
    assert entry.after["hearing_sheet_id"] == sheet.id
    team = campaign.solution.team[0].user_id
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == team)) == "campaign_approved"


def test_request_changes_needs_a_message_and_nothing_is_saved_without_one(client, auth, app):
    staff = make_user(role="secretariat")
    campaign = make_campaign(status="review")
    auth.login(staff)
    page = f"/secretariat/reviews/{campaign.id}"
    response = submit(client, page, {"decision": "request_changes", "message": ""}, headers=EN)
    assert response.status_code == 422
    assert "Tell the team what to change." in response.get_data(as_text=True)
    assert db.session.scalar(select(HearingSheet.id)) is None
    assert submit(client, page, {"decision": "request_changes", "message": "Name the risks."}).status_code == 302
    sheet = db.session.scalar(select(HearingSheet))
    assert sheet.decision == "request_changes" and not any(sheet.checks.values())
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.cancelled


def test_the_api_review_with_the_hearing_sheet(api, app):
    staff = make_user(role="secretariat")
    campaign = make_campaign(status="review")
    token = make_token(staff)
    bad = api.post(f"/api/v1/secretariat/campaigns/{campaign.id}/review",
                   {"decision": "approve", "checklist": {"nonsense": True}}, token=token)
    assert bad.status_code == 422 and "checklist" in bad.get_json()["error"]["fields"]
    response = api.post(f"/api/v1/secretariat/campaigns/{campaign.id}/review",
                        {"decision": "approve", "message": "Go", "checklist": dict.fromkeys(CHECKLIST, True)},
                        token=token)
    assert response.status_code == 200
    body = response.get_json()
    assert body["campaign"]["status"] == "live"
    assert body["hearing_sheet"]["checklist"]["budget_plausible"] is True
    assert body["hearing_sheet"]["checklist"]["risks_named"] is True
    again = api.post(f"/api/v1/secretariat/campaigns/{campaign.id}/review",
                     {"decision": "approve", "checklist": list(CHECKLIST)}, token=token)
    assert again.status_code == 409
    assert len(db.session.scalars(select(HearingSheet)).all()) == 1


def test_the_review_page_names_the_status_in_korean(client, auth):
    auth.login(make_user(role="secretariat"))
    campaign = make_campaign(status="review")
    html = client.get(f"/secretariat/reviews/{campaign.id}", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert '<span class="badge">검토 중</span>' in html
    assert ">review<" not in html


def test_an_approval_with_unticked_hearing_sheet_items_is_422_listing_them(client, auth, api, app):
    staff = make_user(role="secretariat")
    campaign = make_campaign(status="review")
    token = make_token(staff)
    most = {key: key not in ("risks_named", "rules_respected") for key in CHECKLIST}
    for path in (f"/api/v1/secretariat/campaigns/{campaign.id}/review", f"/api/v1/campaigns/{campaign.id}/review"):
        response = api.post(path, {"decision": "approve", "message": "Go", "checklist": most}, token=token)
        assert response.status_code == 422, response.get_json()
        listed = response.get_json()["error"]["fields"]["checklist"]
        assert "risks_named" in listed and "rules_respected" in listed and "budget_plausible" not in listed
    unticked = api.post(f"/api/v1/campaigns/{campaign.id}/review", {"decision": "approve"}, token=token)
    assert unticked.status_code == 422 and all(key in unticked.get_json()["error"]["fields"]["checklist"]
                                               for key in CHECKLIST)
    auth.login(staff)
    page = f"/secretariat/reviews/{campaign.id}"
    response = submit(client, page, {"checklist": [k for k, ticked in most.items() if ticked], "decision": "approve",
                                     "message": "Go"}, headers=EN)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    # The message on the checklist names what is missing (the labels are on the page anyway).
    assert "Not ticked yet" in html and "(rules_respected)" in html and "(risks_named)" in html
    assert "(budget_plausible)" not in html
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.review
    assert db.session.scalar(select(HearingSheet.id)) is None
    assert db.session.scalar(select(AuditEntry.id)) is None
