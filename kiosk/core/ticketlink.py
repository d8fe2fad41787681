"""The URL in a ticket's QR code: the hall's ticket page, the ticket id and a signature.

No personal data; the signature (HMAC-SHA256 with the hall's secret, truncated)
means numbers or ids cannot be guessed into someone else's ticket page.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_LENGTH = 12  # hex characters: 48 bits


def signature(secret: str, uid: str) -> str:
    if not secret:  # an empty key would sign every link alike: a bug upstream, not a link
        raise ValueError("a ticket link needs the hall's secret")
    digest = hmac.new(secret.encode("utf-8"), uid.encode("ascii"), hashlib.sha256)
    return digest.hexdigest()[:SIGNATURE_LENGTH]


def ticket_url(base: str, secret: str, uid: str) -> str:
    return f"{base.rstrip('/')}/t/{uid}?s={signature(secret, uid)}"


def verify(secret: str, uid: str, sig: str) -> bool:
    return hmac.compare_digest(signature(secret, uid), sig)
