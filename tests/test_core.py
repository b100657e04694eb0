"""The core layer, tested without an app: the text cleaner, the shared ranges and the pager's page numbers."""

import pytest

from socialchallenge.core.paging import MAX_PAGE, Page, page_number
from socialchallenge.core.ranges import MIN_SOLUTIONS, SDGS, sdg_number
from socialchallenge.core.text import TextProblem, clean_text, comparison_key, is_blank, text
from socialchallenge.errors import ValidationFailed

INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u3164", "\u115f", "\u1160"]


@pytest.mark.parametrize("invisible", INVISIBLES)
def test_invisible_only_text_is_blank_and_does_not_fill_a_required_field(invisible):
    assert is_blank(f" {invisible}{invisible} ")
    with pytest.raises(TextProblem) as problem:
        text(invisible * 6, required="Enter a title.", min_length=5)
    assert problem.value.message == "Enter a title."


def test_invisible_characters_are_trimmed_from_the_ends_but_kept_inside():
    assert text("\u200b 한강 공원 \u3164") == "한강 공원"
    assert text("👩\u200d💻 coders") == "👩\u200d💻 coders"  # a joiner inside an emoji stays


@pytest.mark.parametrize("bad", ["Poison idea\nBcc: victim@example.org", "Tab\there", "Line\u2028sep",
                                 "Para\u2029sep", "Next\x85line", "Form\x0cfeed", "Nul\x00", "Esc\x1b[31m"])
def test_single_line_text_refuses_every_control_character_and_line_break(bad):
    with pytest.raises(ValidationFailed) as error:
        clean_text("title", bad, single_line=True)
    assert list(error.value.fields) == ["title"]
    assert "control characters" in error.value.fields["title"]


def test_multi_line_text_keeps_line_breaks_but_refuses_what_xml_forbids():
    assert text("First line\r\nSecond\tline") == "First line\r\nSecond\tline"
    for bad in ["\x00", "\x01", "\x08", "\x0b", "\x1f", "\ufffe", "\ud800"]:
        with pytest.raises(TextProblem):
            text(f"Body {bad} text")


def test_text_is_stored_in_nfc_and_lengths_are_counted_after_cleaning():
    decomposed = "\u1112\u1161\u11ab"  # 한 typed as three jamo
    assert text(decomposed) == "한"
    assert text("  abc  ", max_length=3) == "abc"
    with pytest.raises(TextProblem, match="at most 3"):
        text("abcd", max_length=3)
    with pytest.raises(TextProblem, match="at least 5"):
        text("abc", min_length=5)
    assert text("", min_length=5) == ""  # the minimum applies to text that is there; requiredness is separate
    with pytest.raises(TextProblem, match="Must be text"):
        text(42)


def test_look_alike_names_share_one_comparison_key():
    assert comparison_key("Ｓｅｏｕｌ Ｙｏｕｔｈ") == comparison_key("seoul youth")
    assert comparison_key("Seoul\u200b  Youth\u3164") == comparison_key("seoul youth")
    assert comparison_key("서울 청년") != comparison_key("서울 청소년")


@pytest.mark.parametrize(("raw", "page"), [("3", 3), ("0", 1), ("-2", 1), ("x", 1), ("", 1), (None, 1),
                                           ("99999999999999999999", MAX_PAGE), ("9" * 5000, MAX_PAGE),
                                           ("٣", 1)])
def test_page_numbers_are_clamped(raw, page):
    assert page_number(raw) == page


def test_a_page_knows_its_neighbours():
    page = Page(page=2, per_page=20, total=45)
    assert (page.pages, page.has_prev, page.prev_num, page.has_next, page.next_num) == (3, True, 1, True, 3)
    assert Page(page=1, per_page=20, total=0).pages == 1


def test_the_ranges_are_those_of_the_spec():
    assert (SDGS[0], SDGS[-1], MIN_SOLUTIONS[0], MIN_SOLUTIONS[-1]) == (1, 17, 1, 20)
    assert [sdg_number(v) for v in ("17", " 3 ", "18", "0", "x", "١", 5, True)] == [17, 3, None, None, None, None, 5,
                                                                                   None]
