"""API: images and PDF documents of challenges, solutions and progress updates; cover images."""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from socialchallenge.api import bp
from socialchallenge.api.helpers import ApiError, bearer_user, json_body, paged, token_required
from socialchallenge.api.serializers import attachment_json, attachments_json, cover_json
from socialchallenge.attachments import service
from socialchallenge.extensions import db
from socialchallenge.models import Attachment
from socialchallenge.pipeline import challenges, solutions
from socialchallenge.pipeline.access import get_challenge, get_solution


def _challenge(challenge_id: int, viewer):
    return get_challenge(db.session, challenge_id, viewer, challenges.list_options())


def _solution(solution_id: int, viewer):
    return get_solution(db.session, solution_id, viewer, solutions.detail_options())


def _list(target):
    return paged(service.attachments_of(target).options(joinedload(Attachment.uploader)), attachments_json)


def _upload(target):
    """Read a multipart/form-data body: `file` and `alt_text`; other fields are refused."""
    service.require_can_attach(db.session, g.api_user, target)  # 403 before anything about the body
    if request.mimetype != "multipart/form-data":
        raise ApiError(400, "malformed", _("Send the file as multipart/form-data with the fields file and alt_text."))
    unknown = sorted((set(request.form) - {"alt_text"}) | (set(request.files) - {"file"}))
    if unknown:
        raise ApiError(422, "validation_failed", _("Unknown fields."), {k: _("Unknown field.") for k in unknown})
    upload = request.files.get("file")
    attachment = service.upload(db.session, g.api_user, target, service.read_upload(upload.stream if upload else None),
                                upload.filename if upload else None, request.form.get("alt_text", ""))
    db.session.commit()
    return attachment_json(attachment), 201


@bp.get("/challenges/<int:challenge_id>/attachments")
def list_challenge_attachments(challenge_id: int):
    """A challenge's images and documents, in the order they were added."""
    return _list(_challenge(challenge_id, bearer_user()))


@bp.post("/challenges/<int:challenge_id>/attachments")
@token_required
def upload_challenge_attachment(challenge_id: int):
    """Add an image (JPEG, PNG or WebP up to 10 MB, `alt_text` required) or a PDF (up to 20 MB) to a challenge
    (its owner side). The content decides the type, whatever the file's name says; images are re-encoded without
    their metadata (camera, time, GPS position). The first image becomes the cover."""
    return _upload(_challenge(challenge_id, g.api_user))


@bp.get("/solutions/<int:solution_id>/attachments")
def list_solution_attachments(solution_id: int):
    """A solution's images and documents, in the order they were added."""
    return _list(_solution(solution_id, bearer_user()))


@bp.post("/solutions/<int:solution_id>/attachments")
@token_required
def upload_solution_attachment(solution_id: int):
    """Add an image (JPEG, PNG or WebP up to 10 MB, `alt_text` required) or a PDF (up to 20 MB) to a solution (its
    team). Checked by content and re-encoded without metadata, as for challenges; the first image becomes the cover."""
    return _upload(_solution(solution_id, g.api_user))


@bp.get("/solutions/<int:solution_id>/updates/<int:update_id>/attachments")
def list_update_attachments(solution_id: int, update_id: int):
    """A progress update's images and documents."""
    return _list(service.get_update(db.session, _solution(solution_id, bearer_user()), update_id))


@bp.post("/solutions/<int:solution_id>/updates/<int:update_id>/attachments")
@token_required
def upload_update_attachment(solution_id: int, update_id: int):
    """Add an image or a PDF to a progress update (the solution's team); same checks and limits as for solutions."""
    return _upload(service.get_update(db.session, _solution(solution_id, g.api_user), update_id))


@bp.delete("/attachments/<int:attachment_id>")
@token_required
def delete_attachment(attachment_id: int):
    """Remove an image or document: whoever may add files there, or the secretariat (with an optional `reason`,
    kept in the audit log)."""
    data = json_body({"reason"}) if request.get_data() else {}
    attachment, target = service.get_attachment(db.session, attachment_id, g.api_user)
    service.remove(db.session, g.api_user, attachment, target, data.get("reason", ""))
    db.session.commit()
    return "", 204


def _cover(target):
    service.require_can_attach(db.session, g.api_user, target)
    data = json_body({"attachment_id"})
    if "attachment_id" not in data:
        raise ApiError(422, "validation_failed", _("Invalid fields."),
                       {"attachment_id": _("Give the id of one of its images, or null for no cover.")})
    service.set_cover(db.session, g.api_user, target, data["attachment_id"])
    db.session.commit()
    return {"cover": cover_json(target.cover)}


@bp.put("/challenges/<int:challenge_id>/cover")
@token_required
def put_challenge_cover(challenge_id: int):
    """Choose one of the challenge's images as its cover, or `null` for none (its owner side)."""
    return _cover(_challenge(challenge_id, g.api_user))


@bp.put("/solutions/<int:solution_id>/cover")
@token_required
def put_solution_cover(solution_id: int):
    """Choose one of the solution's images as its cover, or `null` for none (its team)."""
    return _cover(_solution(solution_id, g.api_user))
