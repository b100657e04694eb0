"""Pictures for the demo, drawn with Pillow when the demo is seeded (nothing downloaded), and attaching them."""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image, ImageDraw
from sqlalchemy.orm import Session

from socialchallenge.attachments.service import Target, attachments_of, upload
from socialchallenge.models import Attachment, Challenge, Solution, User

SIZE = (1200, 675)


def _canvas(sky: tuple[int, int, int], ground: tuple[int, int, int]) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", SIZE, sky)
    draw = ImageDraw.Draw(image)
    for y in range(0, 420, 6):  # a soft sky, lighter towards the horizon
        shade = tuple(min(255, c + y // 8) for c in sky)
        draw.rectangle((0, y, SIZE[0], y + 6), fill=shade)
    draw.rectangle((0, 420, SIZE[0], SIZE[1]), fill=ground)
    return image, draw


def bus_stop() -> Image.Image:
    """A bus stop in full sun: a sign on a pole, a bench, no roof."""
    image, draw = _canvas((96, 160, 220), (150, 150, 145))
    draw.ellipse((980, 60, 1100, 180), fill=(255, 214, 80))
    draw.rectangle((300, 180, 316, 520), fill=(70, 70, 75))
    draw.rounded_rectangle((250, 150, 366, 230), 12, fill=(30, 110, 60))
    draw.rectangle((500, 430, 820, 450), fill=(120, 80, 50))
    for x in (520, 790):
        draw.rectangle((x, 450, x + 12, 500), fill=(90, 60, 40))
    draw.rectangle((0, 540, SIZE[0], 560), fill=(240, 240, 235))
    return image


def shared_meal() -> Image.Image:
    """Neighbours around a long table with plates."""
    image, draw = _canvas((250, 226, 190), (200, 170, 130))
    draw.rounded_rectangle((200, 380, 1000, 440), 10, fill=(150, 95, 55))
    for i, x in enumerate(range(260, 1000, 150)):
        draw.ellipse((x, 250, x + 70, 320), fill=[(230, 160, 120), (160, 110, 80), (240, 190, 150)][i % 3])
        draw.rounded_rectangle((x - 10, 320, x + 80, 390), 20, fill=[(60, 110, 170), (190, 70, 70), (80, 150, 90)][
            i % 3])
        draw.ellipse((x + 5, 392, x + 65, 420), fill=(250, 250, 250))
    return image


def street_garden() -> Image.Image:
    """Rows of plants in planters along a street."""
    image, draw = _canvas((140, 190, 230), (120, 100, 80))
    for row, y in enumerate((440, 530)):
        draw.rectangle((80, y, 1120, y + 50), fill=(150, 110, 70))
        for x in range(110 + row * 40, 1100, 90):
            draw.ellipse((x, y - 60, x + 60, y + 5), fill=(60 + row * 20, 150, 70))
    return image


PICTURES: dict[str, tuple[Callable[[], Image.Image], str]] = {
    "bus_stop": (bus_stop, "지붕 없는 버스정류장에 햇볕이 내리쬐고, 벤치가 비어 있습니다."),
    "shared_meal": (shared_meal, "이웃 여러 명이 긴 식탁에 둘러앉아 함께 식사를 합니다."),
    "street_garden": (street_garden, "길가의 화분 두 줄에 초록 식물이 자라고 있습니다."),
}


def picture(name: str) -> bytes:
    """A demo picture, drawn now, as JPEG bytes."""
    out = io.BytesIO()
    PICTURES[name][0]().save(out, format="JPEG", quality=88)
    return out.getvalue()


def attach_image(session: Session, target: Target, data: bytes, alt_text: str, uploader: User | None = None,
                 filename: str = "picture.jpg") -> Attachment:
    """Attach an image file's bytes to a challenge, a solution or an update, as its owner or first team member would
    (through the same checks as any upload); the first image becomes the cover."""
    if uploader is None:
        if isinstance(target, Challenge):
            uploader = target.owner
        else:
            solution = target if isinstance(target, Solution) else session.get(Solution, target.solution_id)
            uploader = solution.team[0].user
    return upload(session, uploader, target, data, filename, alt_text)


def attach_picture(session: Session, target: Target, name: str) -> Attachment:
    """Attach one of the drawn demo pictures (bus_stop, shared_meal, street_garden) with its alt text; once per
    target, so seeding again adds nothing."""
    existing = session.scalars(attachments_of(target).where(Attachment.filename == f"{name}.jpg")).first()
    if existing is not None:
        return existing
    return attach_image(session, target, picture(name), PICTURES[name][1], filename=f"{name}.jpg")
