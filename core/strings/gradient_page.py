"""Strings for gradient page (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
}
