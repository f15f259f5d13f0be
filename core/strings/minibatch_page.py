"""Strings for minibatch page (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
}
