"""Attachments: images and PDF documents of a challenge, a solution, a progress update or an event."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialchallenge.extensions import db
from socialchallenge.timeutil import utcnow

if TYPE_CHECKING:
    from socialchallenge.models.accounts import User


class AttachmentKind(str, enum.Enum):
    """An image (shown on the page, may be a cover) or a document (offered as a download)."""

    image = "image"
    document = "document"


def _one_of(*columns: str) -> str:
    # Exactly one target: written with CASE so SQLite and PostgreSQL read it alike (booleans do not add up there).
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns) + " = 1"


class Attachment(db.Model):
    """One uploaded file after its checks: the stored names of its versions, its alt text and sizes.

    Images are stored re-encoded (no metadata) in two versions: `key` for the page (at most LARGE pixels on a side)
    and `thumb_key` for cards; documents have `key` only. Keys are content-addressed, so a stored file never changes.
    """

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(_one_of("challenge_id", "solution_id", "update_id", "event_id"), name="one_target"),
        CheckConstraint("size > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[AttachmentKind] = mapped_column(
        Enum(AttachmentKind, name="attachment_kind", native_enum=False, length=10))
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    update_id: Mapped[int | None] = mapped_column(ForeignKey("progress_updates.id", ondelete="CASCADE"), index=True)
    # An event's photos and documents (posted with its minutes).
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Required for images (what the picture shows, for people who cannot see it); a document's optional label.
    alt_text: Mapped[str] = mapped_column(String(300), default="")
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(120), index=True)
    thumb_key: Mapped[str | None] = mapped_column(String(120), index=True)
    size: Mapped[int] = mapped_column(Integer)  # bytes of the stored file behind `key`
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    uploader: Mapped[User] = relationship()

    @property
    def is_image(self) -> bool:
        """Whether this is an image (it has a thumbnail and alt text)."""
        return self.kind == AttachmentKind.image

    @property
    def target_kind(self) -> str:
        """"challenge", "solution", "update" or "event": what the file belongs to."""
        if self.event_id:
            return "event"
        return "challenge" if self.challenge_id else "solution" if self.solution_id else "update"
