"""Attachments of challenges, solutions, updates and events: who may add and remove them, uploading (checked,
re-encoded, stored), removal and cover images."""

from __future__ import annotations

from typing import IO, Any

from flask_babel import gettext as _
from sqlalchemy import Select, event, func, select
from sqlalchemy.orm import Session, joinedload

from socialchallenge.attachments import files
from socialchallenge.attachments.storage import discard, storage
from socialchallenge.core import events
from socialchallenge.core.text import TextProblem, text
from socialchallenge.errors import NotAllowed, NotFound, RuleViolation, ValidationFailed
from socialchallenge.models import Attachment, AttachmentKind, Challenge, Event, ProgressUpdate, Solution, User
from socialchallenge.pipeline.access import can_manage, get_challenge, get_solution, is_authenticated

Target = Challenge | Solution | ProgressUpdate | Event
MAX_PER_TARGET = 20
ALT_MAX = 300
_COLUMN = {Challenge: Attachment.challenge_id, Solution: Attachment.solution_id, ProgressUpdate: Attachment.update_id,
           Event: Attachment.event_id}
_DISCARD = "attachments.discard"  # session.info: stored files to delete once the removal is committed


def _solution_of(session: Session, target: Target) -> Solution | None:
    if isinstance(target, Solution):
        return target
    if isinstance(target, ProgressUpdate):
        return session.get(Solution, target.solution_id)
    return None


def can_attach(session: Session, user: Any, target: Target) -> bool:
    """The challenge's owner side adds files to a challenge; the team to a solution and its progress updates; the
    organiser side to an event (its photos and documents)."""
    if not is_authenticated(user):
        return False
    if isinstance(target, Event):
        from socialchallenge.events.service import can_manage_event

        return can_manage_event(session, user, target)
    if isinstance(target, Challenge):
        return can_manage(session, user, target)
    solution = _solution_of(session, target)
    return solution is not None and solution.has_member(user)


def require_can_attach(session: Session, user: Any, target: Target) -> None:
    """NotAllowed unless the user may add files to (and choose the cover of) the target."""
    if not can_attach(session, user, target):
        if isinstance(target, Challenge):
            raise NotAllowed(_("Only the owner of the challenge may add or remove its images and files."))
        if isinstance(target, Event):
            raise NotAllowed(_("Only the organiser of the event may add or remove its photos and files."))
        raise NotAllowed(_("Only members of the team may add or remove images and files here."))


def can_remove(session: Session, user: Any, target: Target) -> bool:
    """Whoever may add files may remove them; the secretariat may remove any (moderation, audited)."""
    return can_attach(session, user, target) or (is_authenticated(user) and user.is_secretariat)


def attachments_of(target: Target) -> Select:
    """A select of the target's attachments, oldest first (the order they were added)."""
    return select(Attachment).where(_COLUMN[type(target)] == target.id).order_by(Attachment.id)


def get_update(session: Session, solution: Solution, update_id: int) -> ProgressUpdate:
    """A progress update of this solution, else NotFound."""
    update = session.get(ProgressUpdate, update_id)
    if update is None or update.solution_id != solution.id:
        raise NotFound(_("There is no such progress update."))
    return update


def get_attachment(session: Session, attachment_id: int, viewer: Any) -> tuple[Attachment, Target]:
    """The attachment and what it belongs to, if the viewer may see that; else NotFound."""
    attachment = session.get(Attachment, attachment_id, options=[joinedload(Attachment.uploader)])
    if attachment is None:
        raise NotFound(_("There is no such file."))
    if attachment.challenge_id:
        return attachment, get_challenge(session, attachment.challenge_id, viewer)
    if attachment.solution_id:
        return attachment, get_solution(session, attachment.solution_id, viewer)
    if attachment.event_id:
        from socialchallenge.events.service import get_event

        return attachment, get_event(session, attachment.event_id, viewer)
    update = session.get(ProgressUpdate, attachment.update_id)
    get_solution(session, update.solution_id, viewer)
    return attachment, update


def read_upload(stream: IO[bytes] | None) -> bytes:
    """The uploaded bytes, read no further than one byte past the largest size any kind allows."""
    return stream.read(files.DOCUMENT_MAX_BYTES + 1) if stream is not None else b""


def _clean_alt(alt_text: Any) -> tuple[str, str | None]:
    folded = " ".join(alt_text.split()) if isinstance(alt_text, str) else ""  # a line break in a description is a space
    try:
        return text(folded, single_line=True, max_length=ALT_MAX,
                    too_long=_("Keep the description under %(n)d characters.", n=ALT_MAX)), None
    except TextProblem as problem:
        return folded, problem.message


def upload(session: Session, actor: User, target: Target, data: bytes, filename: str | None,
           alt_text: Any) -> Attachment:
    """Check the file by its content, store its re-encoded versions, and record it on the target.

    The first image of a challenge or a solution becomes its cover."""
    require_can_attach(session, actor, target)
    count = session.scalar(select(func.count()).select_from(Attachment).where(_COLUMN[type(target)] == target.id))
    if count >= MAX_PER_TARGET:
        raise RuleViolation(_("There are already %(n)d files here; remove one before adding another.",
                              n=MAX_PER_TARGET), {"file": _("Remove a file first.")})
    fields = {}
    fmt = files.sniff(data[:16]) if data else None
    if not data:
        fields["file"] = _("Choose a file to upload.")
    elif fmt is None:
        fields.update(files.not_allowed().fields)
    alt, alt_error = _clean_alt(alt_text)
    if alt_error:
        fields["alt_text"] = alt_error
    elif fmt not in (None, "PDF") and not alt:
        fields["alt_text"] = _("Describe what the image shows, for people who cannot see it.")
    if fields:
        if data and fmt is None:
            message = files.not_allowed().message
        else:
            message = next(iter(fields.values())) if len(fields) == 1 else _("Please correct the marked fields.")
        raise ValidationFailed(message, fields)
    checked = files.check_upload(data)
    backend = storage()
    for blob in (checked.main, checked.thumb):
        if blob is not None:
            backend.put(blob.key, blob.data, blob.content_type)
    extension = checked.main.key.rsplit(".", 1)[1]
    attachment = Attachment(
        kind=AttachmentKind(checked.kind), uploader_id=actor.id, alt_text=alt,
        filename=files.safe_filename(filename, extension), content_type=checked.main.content_type,
        key=checked.main.key, thumb_key=checked.thumb.key if checked.thumb else None, size=len(checked.main.data),
        width=checked.width, height=checked.height, **{_COLUMN[type(target)].key: target.id},
    )
    attachment.uploader = actor
    session.add(attachment)
    session.flush()
    if attachment.is_image and isinstance(target, (Challenge, Solution)) and target.cover_id is None:
        target.cover = attachment
    return attachment


def _next_cover(session: Session, target: Challenge | Solution, leaving: Attachment) -> Attachment | None:
    return session.scalars(attachments_of(target).where(
        Attachment.kind == AttachmentKind.image, Attachment.id != leaving.id).limit(1)).first()


def remove(session: Session, actor: User, attachment: Attachment, target: Target, reason: Any = "") -> None:
    """Remove a file: the target's owner side or team, or the secretariat (recorded in the audit log).

    A removed cover gives way to the next image, if any. Stored files no other row uses are deleted after commit."""
    if not can_remove(session, actor, target):
        require_can_attach(session, actor, target)
    reason = " ".join(reason.split())[:500] if isinstance(reason, str) else ""
    if not can_attach(session, actor, target):
        removed = {"target": attachment.target_kind, "target_id": target.id, "filename": attachment.filename,
                   "alt_text": attachment.alt_text, "uploader_id": attachment.uploader_id}
        # Staff moderation is audited.
        events.staff_acted.send(session, actor=actor, action="attachment.remove", target=attachment, before=removed,
                                after={"reason": reason} if reason else None)
    if isinstance(target, (Challenge, Solution)) and target.cover_id == attachment.id:
        target.cover = _next_cover(session, target, attachment)
        session.flush()
    keys = {k for k in (attachment.key, attachment.thumb_key) if k}
    session.delete(attachment)
    session.flush()
    # Keys are content-addressed: the same picture uploaded elsewhere shares its stored files.
    still_used = set(session.scalars(select(Attachment.key).where(Attachment.key.in_(keys)))) | set(
        session.scalars(select(Attachment.thumb_key).where(Attachment.thumb_key.in_(keys))))
    session.info.setdefault(_DISCARD, set()).update(keys - still_used)


def set_cover(session: Session, actor: User, target: Challenge | Solution, attachment_id: Any) -> None:
    """Choose one of the target's images as its cover, or none (attachment_id None)."""
    require_can_attach(session, actor, target)
    if attachment_id is None or attachment_id == "":
        target.cover = None
        return
    attachment = session.get(Attachment, attachment_id) if isinstance(attachment_id, int) and not isinstance(
        attachment_id, bool) else None
    if attachment is None or not attachment.is_image or getattr(attachment, _COLUMN[type(target)].key) != target.id:
        raise ValidationFailed(_("Choose one of this page's images as the cover."),
                               {"attachment_id": _("Choose one of this page's images as the cover.")})
    target.cover = attachment


def images_and_documents(attachments: list[Attachment]) -> tuple[list[Attachment], list[Attachment]]:
    """The images and the documents, each in the order they were added."""
    return [a for a in attachments if a.is_image], [a for a in attachments if not a.is_image]


@event.listens_for(Session, "after_commit")
def _discard_after_commit(session: Session) -> None:
    keys = session.info.pop(_DISCARD, None)
    if keys:
        discard(keys)


@event.listens_for(Session, "after_rollback")
def _keep_after_rollback(session: Session) -> None:
    session.info.pop(_DISCARD, None)

