"""Strings for learning page (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
}
