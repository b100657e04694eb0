"""Every CSV download starts with a UTF-8 byte-order mark, so spreadsheets (Excel) show Korean instead of mojibake.

The routes are read from the app's URL map: a new CSV route is covered without editing this file (a route with an
id in its path gets the id of the test's one item of that kind)."""

from __future__ import annotations

import csv
import io

import pytest

from tests.builders import make_call, make_challenge, make_solution, make_user

BOM = b"\xef\xbb\xbf"
TITLE = "망원동 버스정류장에 그늘이 없어요"


def csv_urls(app, ids: dict[str, int]) -> list[str]:
    """Every CSV download of the site, with its path arguments filled in from the URL map's converters."""
    from socialchallenge.opendata.exports import EXPORTS as OPEN_EXPORTS
    from socialchallenge.secretariat.exports import EXPORTS as STAFF_EXPORTS

    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.endswith(".csv"):
            continue
        argument = next(iter(rule.arguments))
        if argument in ids:
            urls.append(rule.rule.replace(f"<int:{argument}>", str(ids[argument])))
            continue
        names = {"opendata.download": OPEN_EXPORTS, "secretariat.export": STAFF_EXPORTS}[rule.endpoint]
        urls += [rule.rule.replace(f"<{argument}>", name) for name in names]
    return urls


def test_every_csv_download_starts_with_a_utf8_byte_order_mark(app, client, auth):
    call = make_call()
    challenge = make_challenge(title=TITLE, area="마포구", call_id=call.id)
    make_solution(challenge, stage="learnings", title="그늘막 설치")
    auth.login(make_user(role="secretariat"))
    urls = csv_urls(app, {"call_id": call.id})
    assert len(urls) >= 8 and any(u.startswith("/open-data/") for u in urls) and any(
        u.startswith("/secretariat/") for u in urls) and f"/calls/{call.id}/challenges.csv" in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == "text/csv" and response.mimetype_params.get("charset") == "utf-8", url
        body = response.get_data()
        assert body.startswith(BOM), f"{url} starts with {body[:3]!r}"
        assert not body[3:].startswith(BOM), f"{url} has two byte-order marks"
        header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert header and not header[0].startswith("\ufeff"), url
    text = client.get("/secretariat/exports/challenges.csv").get_data().decode("utf-8-sig")
    assert TITLE in text and "마포구" in text


@pytest.mark.parametrize("kind", ["challenges", "statistics"])
def test_the_export_command_writes_a_file_with_the_byte_order_mark(runner, app, tmp_path, kind):
    make_challenge(title=TITLE)
    out = tmp_path / f"{kind}.csv"
    result = runner.invoke(args=["exports", "run", kind, "--output", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(BOM) and not data[3:].startswith(BOM)
    assert (TITLE in data.decode("utf-8-sig")) == (kind == "challenges")
