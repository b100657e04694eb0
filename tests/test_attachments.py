"""Images and documents (issue 14 item 4): checked by content, re-encoded without metadata, stored, served with long
cache headers, shown as covers on pages and cards; who may add and remove them."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from socialchallenge.attachments.storage import storage
from socialchallenge.extensions import db
from socialchallenge.models import Attachment, Challenge, Role, Solution
from socialchallenge.models.secretariat import AuditEntry
from tests.builders import (
    GPS_IFD,
    jpeg_with_gps,
    make_attachment,
    make_challenge,
    make_solution,
    make_update,
    make_user,
    sample_image,
    sample_pdf,
)
from tests.helpers import EN, queries_for, submit


def text(response) -> str:
    return response.get_data(as_text=True)


def upload_form(client, path: str, data: bytes, filename: str = "photo.jpg", alt_text: str = "A bus stop",
                content_type: str = "image/jpeg"):
    """Send the images-and-files form as a browser does (multipart, with the page's CSRF token)."""
    return submit(client, path, {"file": (io.BytesIO(data), filename, content_type), "alt_text": alt_text},
                  headers=EN, content_type="multipart/form-data")


def stored(key: str) -> bytes:
    found = storage().open(key)
    assert found is not None, key
    try:
        return b"".join(found.chunks)
    finally:
        found.close()


# --- Metadata is stripped: EXIF and GPS never reach the stored files ---

def test_exif_and_gps_are_stripped_from_every_stored_version(client, auth):
    owner = make_user()
    challenge = make_challenge(owner)
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test photo really carries a position
    auth.login(owner)
    response = upload_form(client, f"/challenges/{challenge.id}/files", original, alt_text="A bus stop in the rain")
    assert response.status_code == 302
    attachment = db.session.scalars(db.select(Attachment)).one()
    for key in (attachment.key, attachment.thumb_key):
        data = stored(key)
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG"
        assert not image.getexif() and "exif" not in image.info
        assert b"Exif" not in data and b"PhoneMaker" not in data
    # Orientation 6 means "turn 90°": the stored page version is upright (portrait), as the phone showed it.
    assert (attachment.width, attachment.height) == (600, 800)
    assert Image.open(io.BytesIO(stored(attachment.thumb_key))).size == (640, 360)


# --- Content decides: names and declared types do not ---

def test_a_renamed_program_is_refused_whatever_its_name_and_type_say(client, auth):
    owner = make_user()
    challenge = make_challenge(owner)
    auth.login(owner)
    program = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 4000  # a Windows .exe
    response = upload_form(client, f"/challenges/{challenge.id}/files", program, filename="holiday.jpg")
    assert response.status_code == 422
    page = text(response)
    assert "This file is not a JPEG, PNG or WebP image or a PDF document." in page
    assert "The file&#39;s content decides, not its name." in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Attachment)) == 0


@pytest.mark.parametrize("data, message", [
    (b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 50, "This image is damaged or incomplete"),
    (b"%PDF-1.7\n" + b"just text pretending to be a PDF\n" * 20, "This PDF document is damaged or incomplete"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "The file's content decides"),
])
def test_files_that_only_look_allowed_are_refused(api, data, message):
    owner = make_user()
    challenge = make_challenge(owner)
    response = api.client.post(f"/api/v1/challenges/{challenge.id}/attachments", headers={
        "Authorization": f"Bearer {api.token_for(owner)}", **EN},
        data={"file": (io.BytesIO(data), "file.pdf"), "alt_text": "x"}, content_type="multipart/form-data")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed" and message in error["fields"]["file"]


def test_a_decompression_bomb_is_refused_clearly(api):
    owner = make_user()
    challenge = make_challenge(owner)
    bomb = io.BytesIO()
    Image.new("L", (12_000, 10_000)).save(bomb, format="PNG")  # 120 megapixels in a file of about 100 kB
    assert len(bomb.getvalue()) < 1_000_000
    response = api.client.post(f"/api/v1/challenges/{challenge.id}/attachments", headers={
        "Authorization": f"Bearer {api.token_for(owner)}", **EN},
        data={"file": (io.BytesIO(bomb.getvalue()), "bomb.png"), "alt_text": "x"}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "too many pixels (at most 50 megapixels)" in response.get_json()["error"]["fields"]["file"]


def test_png_webp_and_pdf_are_accepted_and_keep_their_kind(api):
    owner = make_user()
    challenge = make_challenge(owner)
    token = api.token_for(owner)
    kinds = []
    for data, name in ((sample_image(fmt="PNG"), "plan.png"), (sample_image(fmt="WEBP"), "street.webp"),
                       (sample_pdf(), "minutes.PDF")):
        response = api.client.post(f"/api/v1/challenges/{challenge.id}/attachments",
                                   headers={"Authorization": f"Bearer {token}"},
                                   data={"file": (io.BytesIO(data), name), "alt_text": "A street plan"},
                                   content_type="multipart/form-data")
        assert response.status_code == 201, response.get_json()
        kinds.append((response.get_json()["kind"], response.get_json()["content_type"]))
    assert kinds == [("image", "image/png"), ("image", "image/webp"), ("document", "application/pdf")]
    pdf = db.session.scalars(db.select(Attachment).where(Attachment.kind == "document")).one()
    assert pdf.filename == "minutes.pdf" and stored(pdf.key) == sample_pdf()


# --- Sizes ---

def test_an_image_over_10_mb_is_refused_with_413(client, auth):
    owner = make_user()
    challenge = make_challenge(owner)
    auth.login(owner)
    huge = sample_image(fmt="PNG") + b"\x00" * (10 * 1024 * 1024)
    response = upload_form(client, f"/challenges/{challenge.id}/files", huge, filename="big.png")
    assert response.status_code == 413
    assert "An image may be at most 10 MB." in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Attachment)) == 0


def test_a_body_over_the_limit_gets_a_friendly_page_and_the_api_error_shape(client, auth, api):
    owner = make_user()
    challenge = make_challenge(owner)
    auth.login(owner)
    body = b"%PDF-1.4\n" + b"0" * (22 * 1024 * 1024)
    response = upload_form(client, f"/challenges/{challenge.id}/files", body, filename="scan.pdf")
    assert response.status_code == 413
    assert "The file is too large" in text(response) and "PDF documents at most 20 MB" in text(response)
    token = api.token_for(owner)
    response = api.client.post(f"/api/v1/challenges/{challenge.id}/attachments", data={
        "file": (io.BytesIO(body), "scan.pdf")}, headers={"Authorization": f"Bearer {token}", **EN},
        content_type="multipart/form-data")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


# --- Alt text ---

def test_an_image_needs_alt_text_and_a_document_does_not(client, auth):
    owner = make_user()
    challenge = make_challenge(owner)
    auth.login(owner)
    response = upload_form(client, f"/challenges/{challenge.id}/files", sample_image(), alt_text="   ")
    assert response.status_code == 422
    assert "Describe what the image shows, for people who cannot see it." in text(response)
    response = upload_form(client, f"/challenges/{challenge.id}/files", sample_pdf(), filename="minutes.pdf",
                           alt_text="", content_type="application/pdf")
    assert response.status_code == 302
    assert [a.kind.value for a in db.session.scalars(db.select(Attachment))] == ["document"]


# --- Who may add and remove ---

def test_only_the_owner_side_adds_to_a_challenge_and_only_the_team_to_a_solution(client, auth, api):
    owner, stranger, teammate = make_user(), make_user(), make_user()
    challenge = make_challenge(owner)
    solution = make_solution(challenge, team=[teammate])
    update = make_update(solution)
    for user, path, allowed in ((stranger, f"/api/v1/challenges/{challenge.id}/attachments", False),
                                (teammate, f"/api/v1/challenges/{challenge.id}/attachments", False),
                                (owner, f"/api/v1/solutions/{solution.id}/attachments", False),
                                (teammate, f"/api/v1/solutions/{solution.id}/attachments", True),
                                (teammate, f"/api/v1/solutions/{solution.id}/updates/{update.id}/attachments", True),
                                (owner, f"/api/v1/challenges/{challenge.id}/attachments", True)):
        response = api.client.post(path, headers={"Authorization": f"Bearer {api.token_for(user)}"}, data={
            "file": (io.BytesIO(sample_image()), "p.jpg"), "alt_text": "A picture"}, content_type="multipart/form-data")
        assert response.status_code == (201 if allowed else 403), (user.name, path, response.get_json())


def test_the_secretariat_removes_a_file_and_the_audit_log_says_why(client, auth):
    owner, staff = make_user(), make_user(role=Role.secretariat)
    challenge = make_challenge(owner)
    attachment = make_attachment(challenge)
    attachment_id, keys = attachment.id, [attachment.key, attachment.thumb_key]
    auth.login(staff)
    page = client.get(f"/challenges/{challenge.id}/files", headers=EN)
    assert page.status_code == 200 and "Add an image" not in text(page)  # staff remove, they don't add
    response = submit(client, f"/files/{attachment_id}/remove", {"reason": "Shows a resident's face"},
                      page=f"/challenges/{challenge.id}/files")
    assert response.status_code == 302
    assert db.session.get(Attachment, attachment_id) is None
    assert db.session.get(Challenge, challenge.id).cover_id is None
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "attachment.remove")).one()
    assert entry.actor_id == staff.id and entry.after == {"reason": "Shows a resident's face"}
    assert all(storage().open(key) is None for key in keys)  # the files are gone, not just the row


def test_a_member_cannot_remove_or_open_the_files_page_of_someone_elses_challenge(client, auth):
    challenge = make_challenge(make_user())
    attachment = make_attachment(challenge)
    auth.login(make_user())
    assert client.get(f"/challenges/{challenge.id}/files").status_code == 403
    response = submit(client, f"/files/{attachment.id}/remove", page="/")
    assert response.status_code == 403
    assert db.session.get(Attachment, attachment.id) is not None


def test_a_picture_used_twice_stays_stored_until_its_last_use_is_removed(client, auth):
    owner = make_user()
    first, second = make_challenge(owner), make_challenge(owner)
    a, b = make_attachment(first), make_attachment(second)
    assert a.key == b.key  # the same content has the same name
    key, a_id, b_id = a.key, a.id, b.id
    auth.login(owner)
    submit(client, f"/files/{a_id}/remove", page=f"/challenges/{first.id}/files")
    assert storage().open(key) is not None
    submit(client, f"/files/{b_id}/remove", page=f"/challenges/{second.id}/files")
    assert storage().open(key) is None


# --- Serving ---

def test_stored_files_are_served_with_long_cache_headers_and_nosniff(client):
    challenge = make_challenge()
    image = make_attachment(challenge)
    pdf = make_attachment(challenge, sample_pdf(), alt_text="", filename="minutes.pdf")
    response = client.get(f"/media/{image.key}")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_data() == stored(image.key)
    again = client.get(f"/media/{image.key}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    document = client.get(f"/media/{pdf.key}")
    assert document.mimetype == "application/pdf" and document.headers["Content-Disposition"] == "attachment"
    for bad in ("../../etc/passwd", "ab/notahash.jpg", image.key.replace(".jpg", ".html")):
        assert client.get(f"/media/{bad}").status_code == 404


# --- Covers on pages and cards ---

def test_the_first_image_is_the_cover_on_the_page_and_on_every_card(client):
    covered = make_challenge(title="Shade for the bus stop")
    plain = make_challenge(title="A challenge without pictures")
    cover = make_attachment(covered, alt_text="An empty bus stop in the sun")
    solution = make_solution(covered, stage="learnings")
    solution_cover = make_attachment(solution, alt_text="Volunteers fixing a sunshade")
    assert db.session.get(Challenge, covered.id).cover_id == cover.id
    assert db.session.get(Solution, solution.id).cover_id == solution_cover.id
    thumb = f'src="/media/{cover.thumb_key}" alt="An empty bus stop in the sun"'
    for path in ("/challenges", "/", "/search?q=Shade"):
        page = text(client.get(path, headers=EN))
        assert thumb in page, path
    assert text(client.get("/challenges", headers=EN)).count('class="card-cover placeholder" aria-hidden="true"') >= 1
    page = text(client.get(f"/challenges/{covered.id}", headers=EN))
    assert f'src="/media/{cover.key}" alt="An empty bus stop in the sun"' in page
    assert "card-cover placeholder" in text(client.get("/", headers=EN))  # the plain challenge's card
    learnings = text(client.get("/learnings", headers=EN))
    assert f'src="/media/{solution_cover.thumb_key}" alt="Volunteers fixing a sunshade"' in learnings
    assert f'src="/media/{solution_cover.key}"' in text(client.get(f"/solutions/{solution.id}", headers=EN))
    assert plain.title in text(client.get("/challenges", headers=EN))


def test_the_owner_chooses_another_cover_or_none_and_removing_the_cover_picks_the_next(client, auth):
    owner = make_user()
    challenge = make_challenge(owner)
    first = make_attachment(challenge, alt_text="First")
    second = make_attachment(challenge, sample_image(color=(10, 160, 60)), alt_text="Second")
    auth.login(owner)
    files = f"/challenges/{challenge.id}/files"
    submit(client, f"/challenges/{challenge.id}/cover", {"attachment_id": str(second.id)}, page=files)
    assert db.session.get(Challenge, challenge.id).cover_id == second.id
    submit(client, f"/challenges/{challenge.id}/cover", {"attachment_id": ""}, page=files)
    assert db.session.get(Challenge, challenge.id).cover_id is None
    first_id, second_id = first.id, second.id
    submit(client, f"/challenges/{challenge.id}/cover", {"attachment_id": str(first_id)}, page=files)
    assert db.session.get(Challenge, challenge.id).cover_id == first_id
    submit(client, f"/files/{first_id}/remove", page=files)
    assert db.session.get(Challenge, challenge.id).cover_id == second_id


# --- No query per picture ---

def test_pages_with_covers_and_pictures_keep_a_fixed_number_of_queries(client):
    def add(n):
        for _ in range(n):
            challenge = make_challenge()
            make_attachment(challenge)
            solution = make_solution(challenge, stage="learnings")
            make_attachment(solution)
            make_attachment(make_update(solution))
        return solution

    solution = add(2)
    paths = ["/challenges", "/", "/search", "/learnings", f"/challenges/{solution.challenge_id}",
             f"/solutions/{solution.id}"]
    few = {path: queries_for(client, path) for path in paths}
    for _ in range(6):
        update = make_update(solution)
        make_attachment(update)
        make_attachment(update, sample_pdf(), alt_text="", filename="notes.pdf")
        make_attachment(solution, sample_image(color=(10, 160, 60)), alt_text="Another view")
    add(8)
    assert {path: queries_for(client, path) for path in paths} == few


def test_demo_pictures_are_drawn_at_seed_time_and_attach_once(app):
    from socialchallenge.attachments.demo import PICTURES, attach_picture

    challenge = make_challenge()
    solution = make_solution(challenge, stage="experiment")
    first = attach_picture(db.session, challenge, "bus_stop")
    assert attach_picture(db.session, challenge, "bus_stop").id == first.id  # seeding again adds nothing
    for name in PICTURES:
        attach_picture(db.session, solution, name)
    db.session.commit()
    assert db.session.get(Challenge, challenge.id).cover.alt_text == PICTURES["bus_stop"][1]
    assert (first.width, first.height) == (1200, 675)
    assert Image.open(io.BytesIO(stored(first.key))).format == "JPEG"
    assert db.session.scalar(db.select(db.func.count()).select_from(Attachment)) == 1 + len(PICTURES)


# --- The API and its document ---

def test_api_lists_uploads_and_removes_attachments_with_urls_alt_text_and_sizes(api):
    owner, teammate = make_user(), make_user()
    challenge = make_challenge(owner)
    solution = make_solution(challenge, team=[teammate])
    update = make_update(solution)
    token = api.token_for(teammate)
    response = api.client.post(f"/api/v1/solutions/{solution.id}/updates/{update.id}/attachments",
                               headers={"Authorization": f"Bearer {token}"}, content_type="multipart/form-data",
                               data={"file": (io.BytesIO(sample_image(size=(2400, 1200))), "wide.jpg"),
                                     "alt_text": "  A  wide street  "})
    assert response.status_code == 201
    body = response.get_json()
    assert body["alt_text"] == "A wide street" and body["kind"] == "image" and body["content_type"] == "image/jpeg"
    assert (body["width"], body["height"]) == (1600, 800)  # resized to the page version
    assert body["url"].startswith("http://localhost/media/") and body["thumbnail_url"].endswith(".jpg")
    assert body["target"] == {"type": "update", "id": update.id} and body["uploader"]["id"] == teammate.id
    assert api.client.get(body["url"]).headers["Content-Length"] == str(body["size"])

    listed = api.get(f"/api/v1/solutions/{solution.id}/updates/{update.id}/attachments").get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == body["id"]
    updates = api.get(f"/api/v1/solutions/{solution.id}/updates").get_json()["items"]
    assert updates[0]["attachments"][0]["url"] == body["url"]

    assert api.delete(f"/api/v1/attachments/{body['id']}", token=api.token_for(owner)).status_code == 403
    assert api.delete(f"/api/v1/attachments/{body['id']}", token=token).status_code == 204
    assert api.get(f"/api/v1/solutions/{solution.id}/updates/{update.id}/attachments").get_json()["total"] == 0


def test_api_covers_appear_on_challenges_and_solutions_and_can_be_chosen(api):
    owner = make_user()
    challenge = make_challenge(owner)
    first = make_attachment(challenge, alt_text="First")
    second = make_attachment(challenge, sample_image(color=(10, 160, 60)), alt_text="Second")
    cover = api.get(f"/api/v1/challenges/{challenge.id}").get_json()["cover"]
    assert cover["id"] == first.id and cover["alt_text"] == "First" and cover["thumbnail_url"].endswith(".jpg")
    assert api.get("/api/v1/challenges").get_json()["items"][0]["cover"] is not None
    token = api.token_for(owner)
    assert api.put(f"/api/v1/challenges/{challenge.id}/cover", {"attachment_id": second.id},
                   token=token).get_json()["cover"]["id"] == second.id
    other = make_attachment(make_challenge(owner), sample_image(color=(1, 2, 3)))
    refused = api.put(f"/api/v1/challenges/{challenge.id}/cover", {"attachment_id": other.id}, token=token)
    assert refused.status_code == 422 and "attachment_id" in refused.get_json()["error"]["fields"]
    assert api.put(f"/api/v1/challenges/{challenge.id}/cover", {"attachment_id": None},
                   token=token).get_json() == {"cover": None}
    assert api.get(f"/api/v1/solutions/{make_solution(challenge).id}").get_json()["cover"] is None


def test_api_upload_needs_multipart_and_refuses_unknown_fields(api):
    owner = make_user()
    challenge = make_challenge(owner)
    token = api.token_for(owner)
    assert api.post(f"/api/v1/challenges/{challenge.id}/attachments", {"file": "x"}, token=token).status_code == 400
    response = api.client.post(f"/api/v1/challenges/{challenge.id}/attachments", content_type="multipart/form-data",
                               headers={"Authorization": f"Bearer {token}", **EN},
                               data={"file": (io.BytesIO(sample_image()), "a.jpg"), "alt_text": "x", "caption": "y"})
    assert response.status_code == 422 and response.get_json()["error"]["fields"] == {"caption": "Unknown field."}
    response = api.client.post(f"/api/v1/challenges/{challenge.id}/attachments", content_type="multipart/form-data",
                               headers={"Authorization": f"Bearer {token}"}, data={"alt_text": "x"})
    assert response.status_code == 422 and "file" in response.get_json()["error"]["fields"]


def test_openapi_documents_the_attachment_endpoints_as_multipart(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    post = doc["paths"]["/api/v1/challenges/{challenge_id}/attachments"]["post"]
    schema = post["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert schema["properties"]["file"]["format"] == "binary" and schema["required"] == ["file"]
    assert {"201", "403", "413", "422"} <= set(post["responses"])
    assert "delete" in doc["paths"]["/api/v1/attachments/{attachment_id}"]
    assert "put" in doc["paths"]["/api/v1/solutions/{solution_id}/cover"]
    assert "cover" in doc["components"]["schemas"]["Challenge"]["required"]
    assert set(doc["components"]["schemas"]["Attachment"]["properties"]) >= {
        "url", "thumbnail_url", "alt_text", "size", "width", "height", "content_type"}


def test_a_refused_large_body_is_read_to_its_end_so_the_answer_arrives(client, auth):
    """A server that answers 413 while the browser still sends makes the browser show "connection reset"."""
    owner = make_user()
    challenge = make_challenge(owner)
    auth.login(owner)
    body = io.BytesIO(b"x" * (22 * 1024 * 1024))
    response = client.post(f"/challenges/{challenge.id}/files", input_stream=body, headers=EN,
                           content_type="multipart/form-data; boundary=xyz", content_length=len(body.getvalue()))
    assert response.status_code == 413 and "The file is too large" in text(response)
    assert body.tell() == len(body.getvalue())


def test_a_page_takes_at_most_so_many_files(api, monkeypatch):
    from socialchallenge.attachments import service

    monkeypatch.setattr(service, "MAX_PER_TARGET", 2)
    owner = make_user()
    challenge = make_challenge(owner)
    make_attachment(challenge)
    make_attachment(challenge, sample_pdf(), alt_text="", filename="a.pdf")
    response = api.client.post(f"/api/v1/challenges/{challenge.id}/attachments", content_type="multipart/form-data",
                               headers={"Authorization": f"Bearer {api.token_for(owner)}", **EN},
                               data={"file": (io.BytesIO(sample_image(color=(5, 5, 5))), "c.jpg"), "alt_text": "x"})
    assert response.status_code == 409
    assert "There are already 2 files here" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("settings, message", [
    ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND must be local or s3."),
    ({"STORAGE_BACKEND": "s3", "S3_BUCKET": None}, "STORAGE_BACKEND=s3 needs S3_BUCKET."),
])
def test_storage_settings_are_checked_at_start(settings, message):
    from socialchallenge import create_app

    with pytest.raises(RuntimeError, match=message.replace(".", r"\.")):
        create_app("testing", settings)
