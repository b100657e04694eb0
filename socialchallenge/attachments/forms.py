"""Forms of the images-and-files page: upload, remove (with a reason for moderation) and choose the cover."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FileField, HiddenField, StringField, TextAreaField

from socialchallenge.attachments.files import DOCUMENT_MAX_BYTES, IMAGE_MAX_BYTES


class UploadForm(FlaskForm):
    """One file and, for an image, what it shows."""

    file = FileField(
        _l("Image or PDF document"),
        description=_l("JPEG, PNG or WebP images up to 10 MB; PDF documents up to 20 MB. Photos are stored without "
                       "their location and camera details."),
        render_kw={"accept": "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf",
                   "data-max-image-bytes": IMAGE_MAX_BYTES, "data-max-document-bytes": DOCUMENT_MAX_BYTES,
                   "data-image-message": _l("An image may be at most 10 MB."),
                   "data-document-message": _l("A PDF document may be at most 20 MB.")},
    )
    alt_text = TextAreaField(
        _l("What the image shows"),
        description=_l("Required for images: a sentence for people who cannot see it, e.g. “A bus stop without a "
                       "roof in the rain”. For a PDF, an optional label for its link."),
        render_kw={"rows": 2, "maxlength": 300},
    )


class RemoveForm(FlaskForm):
    """Remove one file; the secretariat gives a reason, kept in the audit log."""

    reason = StringField(_l("Reason (kept in the audit log)"), render_kw={"maxlength": 500})


class CoverForm(FlaskForm):
    """Make one image the cover, or show no cover (empty)."""

    attachment_id = HiddenField()
