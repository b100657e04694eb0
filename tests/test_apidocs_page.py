"""The API reference page (issue 14 item 7): grouped by tag, each operation folded in <details>, the project's own
text in the reader's language, code spans rendered, schemas in words rather than raw JSON Schema."""

from __future__ import annotations

import re

from tests.helpers import EN, text

KO = {"Accept-Language": "ko"}


def test_operations_are_grouped_by_tag_and_folded(client):
    page = text(client.get("/api", headers=EN))
    assert re.search(r'<section class="api-tag" aria-labelledby="tag-challenges">\s*'
                     r'<h2 id="tag-challenges">Challenges</h2>', page)
    assert '<details class="api-op" id="create_challenge">' in page
    summary = page[page.index('id="create_challenge"'):]
    summary = summary[:summary.index("</summary>")]
    assert 'class="api-method method-post">POST</span>' in summary and "/api/v1/challenges" in summary
    assert "Post a challenge" in summary
    assert page.count('<details class="api-op"') >= 100
    assert '<a href="#tag-secretariat">Secretariat</a>' in page


def test_the_reference_is_in_korean_for_korean_readers(client):
    page = text(client.get("/api", headers=KO))
    assert '<h2 id="tag-challenges">과제</h2>' in page
    assert "과제를 올립니다(내가 관리하는 단체의 이름으로 올릴 수도 있습니다)." in page
    assert "해결해야 할 문제" in page  # a stage-table field's label, in a request body
    assert "Post a challenge (optionally" not in page and "Malformed request" not in page
    english = text(client.get("/api", headers=EN))
    assert "해결해야 할 문제" not in english and "What problem should be solved" in english


def test_code_spans_are_rendered_and_no_backtick_is_left(client):
    for headers in (EN, KO):
        page = text(client.get("/api", headers=headers))
        main = page[page.index("<main"):page.index("</main>")]
        assert "`" not in main
        assert "<code>alt_text</code>" in main and "<code>Authorization: Bearer &lt;token&gt;</code>" in main


def test_schemas_are_shown_in_words_not_as_raw_json_schema(client):
    page = text(client.get("/api", headers=EN))
    main = page[page.index("<main"):page.index("</main>")]
    assert '"type":' not in main and '"properties"' not in main and "$ref" not in main
    schema = main[main.index('id="schema-Challenge"'):]
    schema = schema[:schema.index("</details>")]
    assert re.search(r"<code>status</code> <span class=\"api-type\">text, one of: open, closed</span>", schema)
    assert re.search(r'<code>cover</code> <span class="api-type"><a href="#schema-Cover">Cover</a> or null</span>',
                     schema)
    assert "list of whole number, 1–17" in schema
