"""What an uploaded file is, decided by its content alone, and images re-encoded by Pillow without their metadata."""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from socialchallenge.errors import TooLarge, ValidationFailed

MB = 1024 * 1024
IMAGE_MAX_BYTES = 10 * MB
DOCUMENT_MAX_BYTES = 20 * MB
# A small file can unpack into a huge picture (a "decompression bomb"); Pillow refuses past this many pixels.
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
LARGE = 1600  # the page version: at most this many pixels on its longer side (a page-width picture on a 2x screen)
THUMB = (640, 360)  # the card version, cropped to 16:9

# Pillow's format name -> (content type, file extension) of what we store.
IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
PDF = ("application/pdf", "pdf")
EXTENSIONS = {ext: content_type for content_type, ext in [*IMAGE_FORMATS.values(), PDF]}


@dataclass(frozen=True)
class Blob:
    """Bytes to store under a content-addressed key."""

    key: str
    data: bytes
    content_type: str


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed its checks: the stored version(s) and what to record about it."""

    kind: str  # "image" or "document"
    main: Blob
    thumb: Blob | None = None
    width: int | None = None
    height: int | None = None


def content_key(data: bytes, extension: str) -> str:
    """The stored name of these bytes: their SHA-256, so a name always means the same content (cache forever)."""
    digest = hashlib.sha256(data).hexdigest()
    return f"{digest[:2]}/{digest}.{extension}"


KEY_PATTERN = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}\.(jpg|png|webp|pdf)")


def sniff(head: bytes) -> str | None:
    """The format the first bytes announce ("JPEG", "PNG", "WEBP", "PDF"), or None; names and headers are ignored."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head.startswith(b"%PDF-"):
        return "PDF"
    return None


def not_allowed() -> ValidationFailed:
    """The refusal of a file whose content is not an allowed type."""
    return ValidationFailed(
        _("This file is not a JPEG, PNG or WebP image or a PDF document."),
        {"file": _("Choose a JPEG, PNG or WebP image (at most 10 MB) or a PDF document (at most 20 MB). "
                   "The file's content decides, not its name.")})


def unreadable(message: str) -> ValidationFailed:
    """The refusal of a file that announces an allowed type but cannot be read as one."""
    return ValidationFailed(message, {"file": message})


def check_upload(data: bytes) -> CheckedFile:
    """Decide what the bytes are and prepare what to store; ValidationFailed or TooLarge when refused."""
    if not data:
        raise ValidationFailed(_("Choose a file to upload."), {"file": _("Choose a file to upload.")})
    kind = sniff(data[:16])
    if kind is None:
        raise not_allowed()
    if kind == "PDF":
        if len(data) > DOCUMENT_MAX_BYTES:
            message = _("A PDF document may be at most 20 MB.")
            raise TooLarge(message, {"file": message})
        check_pdf(data)
        return CheckedFile("document", Blob(content_key(data, "pdf"), data, PDF[0]))
    if len(data) > IMAGE_MAX_BYTES:
        message = _("An image may be at most 10 MB.")
        raise TooLarge(message, {"file": message})
    return reencode(data, kind)


_PDF_VERSION = re.compile(rb"%PDF-[12]\.\d")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF", re.S)


def check_pdf(data: bytes) -> None:
    """A minimal parse: the version header, and a trailer whose `startxref` points inside the file at a cross-reference
    table or stream. Enough to tell a real PDF from something that only starts with "%PDF"."""
    tail = data[-2048:]
    found = _STARTXREF.findall(tail)
    offset = int(found[-1]) if found else -1  # an updated PDF has several trailers: the last one counts
    target = data[offset:offset + 64] if 0 < offset < len(data) else b""
    if not _PDF_VERSION.match(data[:8]) or not (target.startswith(b"xref") or re.match(rb"\d+\s+\d+\s+obj", target)):
        raise unreadable(_("This PDF document is damaged or incomplete; save it again as PDF and upload it anew."))


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    # No exif=, icc_profile= or pnginfo=: the new file carries pixels only (no camera, time or GPS position).
    options = {"JPEG": {"quality": 85, "optimize": True, "progressive": True},
               "PNG": {"optimize": True}, "WEBP": {"quality": 85, "method": 4}}[fmt]
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _normalise_mode(image: Image.Image, fmt: str) -> Image.Image:
    if fmt == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        return image
    has_alpha = image.mode in ("PA", "RGBa", "La") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def _open(data: bytes, fmt: str) -> Image.Image:
    too_big = _("This image has too many pixels (at most %(n)d megapixels). Make it smaller and try again.",
                n=MAX_PIXELS // 1_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[fmt])
            if image.width * image.height > MAX_PIXELS:
                raise unreadable(too_big)
            if fmt == "JPEG":
                image.draft("RGB", (LARGE, LARGE))  # decode a large photo at a fraction of its size: less memory
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise unreadable(too_big) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError):
        raise unreadable(_("This image is damaged or incomplete and cannot be shown. Save it again and upload it "
                           "anew.")) from None
    return image


def reencode(data: bytes, fmt: str) -> CheckedFile:
    """Decode the image, turn it upright, and encode a page and a card version of its pixels alone."""
    image = _open(data, fmt)
    # Phones store "which way is up" in EXIF; apply it to the pixels before the metadata is left behind.
    image = _normalise_mode(ImageOps.exif_transpose(image), fmt)
    content_type, extension = IMAGE_FORMATS[fmt]
    large = image.copy()
    large.thumbnail((LARGE, LARGE), Image.Resampling.LANCZOS)
    thumb = ImageOps.fit(image, THUMB, Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    large_bytes, thumb_bytes = _encode(large, fmt), _encode(thumb, fmt)
    return CheckedFile(
        "image", Blob(content_key(large_bytes, extension), large_bytes, content_type),
        Blob(content_key(thumb_bytes, extension), thumb_bytes, content_type), large.width, large.height)


def safe_filename(name: str | None, extension: str) -> str:
    """The uploaded file's own name, reduced to a harmless label (no folders, control characters or odd endings)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>:|?*').strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{(stem or 'file')[:150]}.{extension}"
