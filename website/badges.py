"""SVG widgets: shields-style "flat" badges and an embeddable project card.

Text widths are estimated from a table of Verdana 11px advance widths (no font files are
read), so output is deterministic and needs nothing beyond the standard library. Every text
is XML-escaped; white text on every colour of ``COLORS`` meets WCAG AA (contrast >= 4.5).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

COLORS = {
    "green": "#2e7d32",
    "blue": "#1565c0",
    "orange": "#b45309",
    "grey": "#555555",
    "red": "#c62828",
}
DEFAULT_COLOR = COLORS["blue"]
LABEL_COLOR = "#555555"
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_WIDTHS = {
    **dict.fromkeys("il.,:;|!'", 3.5),
    **dict.fromkeys("fjrt()[]{}/ -", 4.5),
    **dict.fromkeys("mwMW@%", 10.8),
    **dict.fromkeys("0123456789", 7.0),
    **dict.fromkeys("ABCDEFGHIJKLNOPQRSTUVXYZ&", 7.5),
}
_DEFAULT_WIDTH = 6.5
_FONT = "Verdana,DejaVu Sans,sans-serif"
_CARD_W, _CARD_H = 420, 130


def text_width(text: str, size: float = 11) -> int:
    """Estimated rendered width of ``text`` in pixels at ``size`` px."""
    return round(sum(_WIDTHS.get(ch, _DEFAULT_WIDTH) for ch in text) * size / 11)


def _color(color: str) -> str:
    value = COLORS.get(color, color)
    if not _HEX.fullmatch(value):
        raise ValueError(
            f"badge colour must be #rgb, #rrggbb or one of {sorted(COLORS)}: {color!r}"
        )
    return value


def _luminance(hex_color: str) -> float:
    digits = hex_color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(fg_hex: str, bg_hex: str) -> float:
    """WCAG 2.x contrast ratio of two colours (1 to 21)."""
    a, b = sorted((_luminance(_color(fg_hex)), _luminance(_color(bg_hex))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _text(x: float, y: float, text: str, extra: str = "") -> str:
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(text)}</text>'


def badge_svg(label: str, value: str, *, color: str = DEFAULT_COLOR) -> str:
    """A 20 px high two-part badge: ``label`` on grey, ``value`` on ``color``."""
    fill = _color(color)
    left, right = text_width(label) + 10, text_width(value) + 10
    width = left + right
    title = f"{label}: {value}"
    shadow = ' fill="#010101" fill-opacity=".3"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" '
        f'role="img" aria-label={quoteattr(title)}><title>{escape(title)}</title>'
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="{LABEL_COLOR}"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{fill}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        f'<g fill="#fff" text-anchor="middle" font-family="{_FONT}" font-size="11">'
        + _text(left / 2, 15, label, shadow)
        + _text(left / 2, 14, label)
        + _text(left + right / 2, 15, value, shadow)
        + _text(left + right / 2, 14, value)
        + "</g></svg>"
    )


def _fit(text: str, size: float, limit: int) -> str:
    """``text``, cut with an ellipsis so it is at most ``limit`` px wide at ``size`` px."""
    if text_width(text, size) <= limit:
        return text
    while text and text_width(text + "\u2026", size) > limit:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def project_card_svg(title: str, subtitle: str, stats: list[tuple[str, str]], footer: str) -> str:
    """A 420x130 card: title, subtitle, up to four stats (value over label) and a footer."""
    if len(stats) > 4:
        raise ValueError(f"a project card shows at most 4 stats, got {len(stats)}")
    described = ", ".join(f"{name} {value}" for name, value in stats)
    aria = f"{title}: {described}" if described else title
    column = (_CARD_W - 30) / max(1, len(stats))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_CARD_W}" height="{_CARD_H}" '
        f'viewBox="0 0 {_CARD_W} {_CARD_H}" role="img" aria-label={quoteattr(aria)}>'
        f"<title>{escape(aria)}</title>",
        f'<rect x=".5" y=".5" width="{_CARD_W - 1}" height="{_CARD_H - 1}" rx="8" '
        'fill="#fff" stroke="#d0d7de"/>',
        f'<g font-family="{_FONT}">',
        _text(15, 28, _fit(title, 16, 390), ' font-size="16" font-weight="700" fill="#1f2328"'),
        _text(15, 46, _fit(subtitle, 12, 390), ' font-size="12" fill="#57606a"'),
    ]
    for i, (name, value) in enumerate(stats):
        x = 15 + i * column
        width = int(column) - 8
        parts.append(
            _text(x, 80, _fit(value, 18, width), ' font-size="18" font-weight="700" fill="#1f2328"')
        )
        parts.append(_text(x, 96, _fit(name, 11, width), ' font-size="11" fill="#57606a"'))
    parts.append(_text(15, 119, _fit(footer, 10, 390), ' font-size="10" fill="#57606a"'))
    parts.append("</g></svg>")
    return "".join(parts)
