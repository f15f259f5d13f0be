"""Room codes a class can read off a projector, and the secrets behind them.

A room code is 7 symbols of a 32-symbol alphabet without the look-alikes (no I, O, 0, 1):
32**7 = 2**35 codes, so guessing one of a few hundred live rooms takes billions of tries,
far beyond a rate-limited join box. The teacher's token and a student's seat are long random
secrets; the store keeps only their SHA-256 digests, so a copy of the database controls no room.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 24 letters + 8 digits, no I O 0 1
CODE_LENGTH = 7
CODE_BITS = CODE_LENGTH * 5  # log2(32) = 5 bits a symbol
_SEPARATORS = str.maketrans("", "", " -_.\t")


def new_code() -> str:
    """A fresh random room code ("K7QXM2B")."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: object) -> str | None:
    """A typed code as stored ("k7q xm2b" -> "K7QXM2B"), or None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 4 * CODE_LENGTH:
        return None
    code = text.translate(_SEPARATORS).upper()
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def shown_code(code: str) -> str:
    """The code as the projector shows it, in two groups ("K7Q XM2B")."""
    return f"{code[:3]} {code[3:]}"


def new_secret() -> str:
    """A teacher's token or a student's seat: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def digest(secret: str) -> str:
    """What the store keeps of a secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def matches(secret: object, stored_digest: str) -> bool:
    """True if `secret` is the one `stored_digest` was made from (constant-time compare)."""
    if not isinstance(secret, str) or not secret or len(secret) > 200:
        return False
    return hmac.compare_digest(digest(secret), stored_digest)
