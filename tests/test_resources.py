"""The resource catalogue: public browsing by kind and area, team requests, the secretariat's answer."""

from __future__ import annotations

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import Notification
from socialchallenge.models.secretariat import AuditEntry, RequestStatus, Resource, ResourceRequest
from tests.builders import make_organisation, make_resource, make_resource_request, make_solution, make_token, make_user
from tests.helpers import submit

EN = {"Accept-Language": "en"}


def test_visitors_browse_by_kind_and_area(client, app):
    org = make_organisation(name="Mapo District Office")
    make_resource(kind="space", area="Mapo-gu", title="Community hall", organisation=org)
    make_resource(kind="data_set", area="Jongno-gu", title="Bus stop census")
    make_resource(kind="space", area="Jongno-gu", title="Old library", active=False)
    page = client.get("/resources", headers=EN).get_data(as_text=True)
    assert "Community hall" in page and "Bus stop census" in page and "Old library" not in page
    assert "Mapo District Office" in page
    spaces = client.get("/resources?kind=space", headers=EN).get_data(as_text=True)
    assert "Community hall" in spaces and "Bus stop census" not in spaces
    jongno = client.get("/resources?area=jongno", headers=EN).get_data(as_text=True)
    assert "Bus stop census" in jongno and "Community hall" not in jongno
    api_items = client.get("/api/v1/resources?kind=data_set").get_json()["items"]
    assert [r["title"] for r in api_items] == ["Bus stop census"]


def test_a_team_member_requests_a_resource_for_their_solution(client, auth, app):
    lead = make_user()
    solution = make_solution(team=[lead])
    resource = make_resource(title="3D printer", kind="equipment")
    auth.login(lead)
    path = f"/resources/{resource.id}/requests"
    page = f"/resources/{resource.id}"
    assert submit(client, path, {"solution_id": str(solution.id), "message": ""}, page=page,
                  headers=EN).status_code == 422
    response = submit(client, path, {"solution_id": str(solution.id), "message": "To print bus stop models."},
                      page=page)
    assert response.status_code == 302
    row = db.session.scalar(select(ResourceRequest))
    assert row.solution_id == solution.id and row.status == RequestStatus.requested
    twice = submit(client, path, {"solution_id": str(solution.id), "message": "Again"}, page=page)
    assert twice.status_code == 409


def test_others_cannot_request_for_a_solution_they_are_not_on(api, app):
    solution = make_solution()
    resource = make_resource()
    response = api.post(f"/api/v1/resources/{resource.id}/requests", {"solution_id": solution.id, "message": "Hi"},
                        token=make_token(make_user()))
    assert response.status_code == 403


def test_the_secretariat_grants_or_declines_and_the_team_is_told(client, auth, app):
    staff, lead = make_user(role="secretariat"), make_user()
    solution = make_solution(team=[lead])
    granted = make_resource_request(make_resource(title="Hall"), solution)
    declined = make_resource_request(make_resource(title="Van"), solution)
    auth.login(staff)
    admin_page = "/secretariat/resources"
    assert submit(client, f"/secretariat/resource-requests/{granted.id}",
                  {f"r{granted.id}-decision": "grant", f"r{granted.id}-message": "Saturday 10:00"},
                  page=admin_page).status_code == 302
    no_message = submit(client, f"/secretariat/resource-requests/{declined.id}",
                        {f"r{declined.id}-decision": "decline"}, page=admin_page, headers=EN)
    assert no_message.status_code == 422
    assert submit(client, f"/secretariat/resource-requests/{declined.id}",
                  {f"r{declined.id}-decision": "decline", f"r{declined.id}-message": "Booked all month"},
                  page=admin_page).status_code == 302
    statuses = {r.resource.title: r.status for r in db.session.scalars(select(ResourceRequest))}
    assert statuses == {"Hall": RequestStatus.granted, "Van": RequestStatus.declined}
    kinds = sorted(db.session.scalars(select(Notification.kind).where(Notification.user_id == lead.id)))
    assert kinds == ["resource_declined", "resource_granted"]
    actions = sorted(db.session.scalars(select(AuditEntry.action)))
    assert actions == ["resource_request.decline", "resource_request.grant"]
    auth.sign_out()
    auth.login(lead)
    page = client.get(f"/solutions/{solution.id}/mentoring", headers=EN).get_data(as_text=True)
    assert "Booked all month" in page and "Granted" in page
    inbox = client.get("/notifications", headers=EN).get_data(as_text=True)
    assert "Your request for" in inbox


def test_the_secretariat_adds_resources(client, auth, api, app):
    staff = make_user(role="secretariat")
    org = make_organisation()
    auth.login(staff)
    response = submit(client, "/secretariat/resources/new", {"kind": "fund", "title": "Small grants",
                                                             "area": "Seoul", "organisation_id": str(org.id)})
    assert response.status_code == 302
    bad = api.post("/api/v1/secretariat/resources", {"kind": "castle", "title": "", "area": "x"},
                   token=make_token(staff))
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"kind", "title"}
    resource = db.session.scalar(select(Resource))
    assert resource.organisation_id == org.id
    assert db.session.scalar(select(AuditEntry.action)) == "resource.create"
