"""TLS to the hall server, pinned by the SHA-256 fingerprint of its certificate.

The server's certificate is self-signed (`kiosk server cert`): no authority vouches for
it, so a client trusts exactly the certificate whose fingerprint it was given (from
`kiosk server enroll`'s output, ``$KIOSK_SERVER_FINGERPRINT`` or
``DATA_DIR/server-fingerprint``) and refuses any other."""

from __future__ import annotations

import hashlib
import ssl
from urllib.parse import urlsplit

from kiosk.core.errors import ConfigError
from kiosk.core.wire import ServerUnreachable


def normal(fingerprint: str) -> str:
    return fingerprint.replace(":", "").strip().lower()


def fingerprint_of_pem(pem: str) -> str:
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest()


def pinned_context(fingerprint: str, url: str, timeout: float = 5.0) -> ssl.SSLContext:
    """An SSL context that trusts only the server certificate with this fingerprint."""
    if not fingerprint:
        raise ConfigError(
            f"{url}: https needs the server certificate's fingerprint: set "
            "KIOSK_SERVER_FINGERPRINT or run kiosk server join URL TOKEN --fingerprint SHA256"
        )
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 443
    try:
        pem = ssl.get_server_certificate((host, port), timeout=timeout)
    except (OSError, ssl.SSLError) as exc:
        raise ServerUnreachable(f"hall server {url} cannot be reached: {exc}") from None
    seen = fingerprint_of_pem(pem)
    if seen != normal(fingerprint):
        raise ServerUnreachable(
            f"hall server {url}: its certificate ({seen}) is not the pinned one "
            f"({normal(fingerprint)}): refused"
        )
    context = ssl.create_default_context(cadata=pem)
    context.check_hostname = False  # the pin is the identity, not a name
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    return context
