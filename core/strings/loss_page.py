"""Strings for loss page (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
}
