"""`flask areas import FILE` (issue 16 item 1): another city's districts replace Seoul's from a CSV file."""

from __future__ import annotations

from socialchallenge import places
from socialchallenge.extensions import db
from tests.builders import make_challenge, make_resource

BUSAN = """\ufeffcode,name_ko,name_en,lat,lon
26110,중구,Jung-gu,35.1064,129.0324
26140,서구,Seo-gu,35.0979,129.0243
26440,강서구,Gangseo-gu,35.2122,128.9806
26350,해운대구,Haeundae-gu,35.1631,129.1636
"""


def _write(tmp_path, content: str, name: str = "districts.csv") -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_importing_a_csv_replaces_the_district_list(runner, tmp_path):
    # Items in Seoul's districts lose them; those whose words name a Busan district (중구, 해운대구) are matched
    # again, the others wait in the secretariat's queue.
    jung = make_challenge(title="Market stairs", area="중구 광복동", district_code="11140")
    beach = make_challenge(title="Beach litter", area="해운대구 우동", district_code="11440")
    lost = make_challenge(title="Hangang path", area="망원동", district_code="11440")
    hall = make_resource(title="Hall", area="Mapo", district_code="11440")
    result = runner.invoke(args=["areas", "import", _write(tmp_path, BUSAN)])
    assert result.exit_code == 0, result.output
    assert "4 districts: 4 added, 0 updated, 25 removed." in result.output
    assert "4 items lost their district; 2 were matched again by their place in words" in result.output
    districts = places.list_districts(db.session)
    assert [(d.code, d.name_ko, d.name_en) for d in districts] == [
        ("26110", "중구", "Jung-gu"), ("26140", "서구", "Seo-gu"), ("26440", "강서구", "Gangseo-gu"),
        ("26350", "해운대구", "Haeundae-gu")]
    assert (districts[1].lat, districts[1].lon) == (35.0979, 129.0243)
    db.session.expire_all()
    assert (jung.district_code, beach.district_code, lost.district_code, hall.district_code) == (
        "26110", "26350", None, None)
    # Importing again with a name corrected updates in place; nobody loses a district.
    result = runner.invoke(args=["areas", "import", _write(tmp_path, BUSAN.replace("Seo-gu", "Seo-gu (West)"))])
    assert result.exit_code == 0, result.output
    assert "4 districts: 0 added, 4 updated, 0 removed." in result.output and "lost" not in result.output
    assert places.get_district(db.session, "26140").name_en == "Seo-gu (West)"
    db.session.expire_all()
    assert jung.district_code == "26110"


def test_a_bad_file_changes_nothing_and_says_which_lines_are_wrong(runner, tmp_path):
    bad = ("code,name_ko,name_en,lat,lon\n"
           "26110,중구,Jung-gu,35.1,129.0\n"
           "26110,서구,Seo-gu,35.0,129.0\n"
           "bad code!,강서구,Gangseo-gu,35.2,128.9\n"
           "26350,,Haeundae-gu,95,129.1\n"
           "26380,사하구,Saha-gu\n")
    result = runner.invoke(args=["areas", "import", _write(tmp_path, bad)])
    assert result.exit_code == 1
    for problem in ("line 3: code 26110 appears twice", "line 4: code must be 1-20 letters, digits, - or _",
                    "line 5: name_ko must be 1-60 characters",
                    "line 5: lat must be a number from -90 to 90 and lon from -180 to 180",
                    "line 6: expected 5 columns"):
        assert problem in result.output
    assert len(places.list_districts(db.session)) == 25
    for content, message in (("name,lat\nx,1\n", "line 1: the header must be code,name_ko,name_en,lat,lon"),
                             ("code,name_ko,name_en,lat,lon\n", "the file lists no district")):
        result = runner.invoke(args=["areas", "import", _write(tmp_path, content)])
        assert result.exit_code == 1 and message in result.output
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00code")
    result = runner.invoke(args=["areas", "import", str(binary)])
    assert result.exit_code == 1 and "not UTF-8" in result.output
    assert len(places.list_districts(db.session)) == 25
