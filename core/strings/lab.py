"""Strings for lab (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
}
