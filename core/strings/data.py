"""Strings for data (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
}
