"""SVG widgets (website/badges.py): valid SVG, sized to their text, escaped, readable colours."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from website.badges import COLORS, badge_svg, contrast_ratio, project_card_svg, text_width

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    return root


def test_badge_is_svg_sized_to_its_two_parts() -> None:
    root = _parse(badge_svg("stars", "1,234"))
    rects = root.findall(f"{SVG}g/{SVG}rect")
    left, right = int(rects[0].get("width", "0")), int(rects[1].get("width", "0"))
    assert int(root.get("width", "0")) == left + right and root.get("height") == "20"
    assert root.get("aria-label") == "stars: 1,234"
    assert root.findtext(f"{SVG}title") == "stars: 1,234"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts.count("stars") == 2 and texts.count("1,234") == 2  # text and its shadow


def test_width_follows_the_text() -> None:
    assert text_width("iii") < text_width("WWW")
    short = int(_parse(badge_svg("stars", "9")).get("width", "0"))
    long = int(_parse(badge_svg("stars", "9,999,999")).get("width", "0"))
    assert long > short


def test_hostile_text_is_escaped() -> None:
    hostile = "<script>&\"'"
    svg = badge_svg(hostile, hostile)
    assert "<script>" not in svg
    assert _parse(svg).findtext(f"{SVG}title") == f"{hostile}: {hostile}"
    card = project_card_svg(hostile, hostile, [(hostile, "1")], hostile)
    assert "<script>" not in card and _parse(card).get("aria-label", "").startswith(hostile)


def test_white_text_is_readable_on_every_colour() -> None:
    for color in [*COLORS.values(), "#555"]:
        assert contrast_ratio("#ffffff", color) >= 4.5, color
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21, abs=0.01)


def test_bad_colour_is_named() -> None:
    with pytest.raises(ValueError, match="javascript:red"):
        badge_svg("a", "b", color="javascript:red")


def test_card_shows_stats_and_truncates_long_titles() -> None:
    stats = [("Stars", "56"), ("Commits, 6 mo", "429"), ("Contributors", "33")]
    root = _parse(project_card_svg("x" * 200, "go-ethereum", stats, "as of 2026-06-03"))
    assert root.get("width") == "420"
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    for name, value in stats:
        assert name in texts and value in texts
    title = texts[0]
    assert title.endswith("\u2026") and len(title) < 200
    with pytest.raises(ValueError, match="at most 4"):
        project_card_svg("t", "s", [("a", "1")] * 5, "f")
