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


def shaded_stop() -> Image.Image:
    """The same stop under a striped canopy, with people waiting in its shade."""
    image = bus_stop()
    draw = ImageDraw.Draw(image)
    draw.polygon(((440, 250), (880, 250), (920, 300), (400, 300)), fill=(230, 90, 60))
    for x in range(440, 880, 80):
        draw.polygon(((x, 250), (x + 40, 250), (x + 44, 300), (x + 2, 300)), fill=(250, 240, 225))
    for x in (450, 860):
        draw.rectangle((x, 300, x + 10, 540), fill=(90, 90, 95))
    draw.rectangle((400, 300, 920, 540), fill=(120, 120, 118))  # the shade on the pavement
    for i, x in enumerate((540, 640, 740)):
        draw.ellipse((x, 330, x + 50, 380), fill=[(230, 180, 140), (170, 120, 90), (240, 200, 160)][i])
        draw.rounded_rectangle((x - 8, 380, x + 58, 470), 18, fill=[(70, 90, 160), (200, 150, 60), (90, 140, 90)][i])
    return image


def rainy_stop() -> Image.Image:
    """Rain over a stop without a roof; people wait under umbrellas."""
    image, draw = _canvas((110, 120, 135), (90, 92, 95))
    for x in range(0, SIZE[0], 37):
        for y in range(0, 420, 53):
            draw.line((x + y % 17, y, x + y % 17 - 8, y + 24), fill=(190, 200, 215), width=2)
    draw.rectangle((200, 180, 214, 520), fill=(60, 60, 65))
    draw.rounded_rectangle((150, 150, 264, 226), 12, fill=(30, 110, 60))
    for i, x in enumerate((420, 640, 860)):
        draw.pieslice((x - 90, 250, x + 90, 400), 180, 360, fill=[(40, 120, 200), (220, 180, 40), (200, 60, 80)][i])
        draw.line((x, 325, x, 430), fill=(40, 40, 40), width=5)
        draw.rounded_rectangle((x - 35, 400, x + 35, 520), 16, fill=(70, 70, 90))
    return image


def umbrella_stand() -> Image.Image:
    """A stand of shared umbrellas beside a shop door on a grey day."""
    image, draw = _canvas((150, 160, 175), (110, 110, 112))
    draw.rectangle((640, 140, 1040, 560), fill=(200, 185, 160))  # the shop front
    draw.rectangle((760, 300, 900, 560), fill=(120, 80, 50))
    draw.rectangle((300, 470, 520, 560), fill=(60, 60, 70))  # the stand
    colours = [(40, 120, 200), (220, 180, 40), (200, 60, 80), (60, 160, 90), (150, 90, 180)]
    for i, colour in enumerate(colours):
        x = 320 + i * 42
        draw.line((x + 8, 300, x + 8, 470), fill=(40, 40, 40), width=4)
        draw.polygon(((x, 300), (x + 16, 300), (x + 22, 400), (x - 6, 400)), fill=colour)
    draw.rounded_rectangle((240, 180, 580, 250), 10, fill=(250, 250, 245))
    return image


def alone_at_table() -> Image.Image:
    """One older person at a small table by a window, a single bowl in front of them."""
    image, draw = _canvas((235, 225, 205), (190, 160, 125))
    draw.rectangle((760, 80, 1080, 360), fill=(170, 205, 235))
    draw.rectangle((914, 80, 926, 360), fill=(235, 225, 205))
    draw.rectangle((760, 214, 1080, 226), fill=(235, 225, 205))
    draw.ellipse((380, 230, 450, 300), fill=(225, 190, 160))
    draw.ellipse((372, 222, 458, 262), fill=(215, 215, 215))  # grey hair
    draw.rounded_rectangle((360, 300, 470, 430), 22, fill=(110, 90, 140))
    draw.rounded_rectangle((300, 420, 700, 460), 8, fill=(150, 95, 55))
    draw.ellipse((520, 395, 600, 430), fill=(250, 250, 250))
    return image


def soup_pot() -> Image.Image:
    """A big pot of soup on a table, with bowls ready around it."""
    image, draw = _canvas((245, 215, 170), (180, 140, 100))
    draw.rounded_rectangle((150, 420, 1050, 480), 10, fill=(150, 95, 55))
    draw.rounded_rectangle((480, 260, 720, 430), 24, fill=(70, 70, 80))
    draw.rectangle((460, 250, 740, 275), fill=(90, 90, 100))
    for x in (540, 600, 660):
        draw.arc((x - 20, 150, x + 20, 250), 90, 270, fill=(255, 255, 255), width=4)
    for x in (220, 330, 800, 910):
        draw.chord((x, 380, x + 90, 440), 0, 180, fill=(240, 240, 235))
    return image


# name → (drawing, alt text in Korean, alt text in English): the alt text follows the language of the item.
PICTURES: dict[str, tuple[Callable[[], Image.Image], str, str]] = {
    "bus_stop": (bus_stop, "지붕 없는 버스정류장에 햇볕이 내리쬐고, 벤치가 비어 있습니다.",
                 "A bus stop without a roof in full sun; its bench is empty."),
    "shared_meal": (shared_meal, "이웃 여러 명이 긴 식탁에 둘러앉아 함께 식사를 합니다.",
                    "Neighbours sit around a long table and eat together."),
    "street_garden": (street_garden, "길가의 화분 두 줄에 초록 식물이 자라고 있습니다.",
                      "Two rows of green plants grow in planters along a street."),
    "shaded_stop": (shaded_stop, "줄무늬 차양 아래 그늘에서 세 사람이 버스를 기다립니다.",
                    "Three people wait for the bus in the shade of a striped canopy."),
    "rainy_stop": (rainy_stop, "비 오는 날 지붕 없는 정류장에서 세 사람이 우산을 쓰고 버스를 기다립니다.",
                   "On a rainy day three people wait under umbrellas at a stop without a roof."),
    "umbrella_stand": (umbrella_stand, "가게 문 옆 거치대에 함께 쓰는 알록달록한 우산 다섯 개가 꽂혀 있습니다.",
                       "Five colourful shared umbrellas stand in a rack beside a shop door."),
    "alone_at_table": (alone_at_table, "창가의 작은 식탁에 어르신 한 분이 그릇 하나를 놓고 혼자 앉아 있습니다.",
                       "An older person sits alone at a small table by the window with a single bowl."),
    "soup_pot": (soup_pot, "커다란 국 냄비 둘레에 빈 그릇들이 놓여 있습니다.",
                 "A large pot of soup on a table, with empty bowls set around it."),
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


def attach_picture(session: Session, target: Target, name: str, language: str = "ko") -> Attachment:
    """Attach one of the drawn demo pictures with its alt text in the item's language ("ko" or "en"); once per
    target, so seeding again adds nothing."""
    existing = session.scalars(attachments_of(target).where(Attachment.filename == f"{name}.jpg")).first()
    if existing is not None:
        return existing
    alt = PICTURES[name][2] if language == "en" else PICTURES[name][1]
    return attach_image(session, target, picture(name), alt, filename=f"{name}.jpg")
