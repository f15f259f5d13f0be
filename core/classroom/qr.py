"""The join link as a QR code a phone can read from the back of the room (segno: pure Python)."""

from __future__ import annotations

import segno

MAX_LINK = 1000  # a longer text would make a QR code too dense to read off a projector


def qr_svg(link: str, *, scale: int = 10) -> str:
    """An SVG image of `link` as a QR code (error correction M: readable when a little blurred)."""
    if not link or len(link) > MAX_LINK:
        raise ValueError("a join link of 1 to 1000 characters")
    code = segno.make(link, error="m", micro=False)
    return code.svg_inline(scale=scale, border=2, dark="#000000", light="#FFFFFF")
