"""The hall server's self-signed certificate (`kiosk server cert`), made with
cryptography: an EC P-256 key and a certificate valid ten years, in the data directory
(``server-cert.pem``, ``server-key.pem`` mode 0600). Clients pin its SHA-256 fingerprint
(kiosk.remote.tls)."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
import ssl
from pathlib import Path

from kiosk.core.errors import ConfigError

CERT_FILE = "server-cert.pem"
KEY_FILE = "server-key.pem"


def make_certificate(data_dir: Path, now: dt.datetime, names: list[str]) -> str:
    """Write a new key and certificate; returns the certificate's SHA-256 fingerprint."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hall-kiosk hall server")])
    alt: list[x509.GeneralName] = []
    for name in names:
        try:
            alt.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alt.append(x509.DNSName(name))
    start = now - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    key_path = data_dir / KEY_FILE
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    der = cert.public_bytes(serialization.Encoding.DER)
    (data_dir / CERT_FILE).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return hashlib.sha256(der).hexdigest()


def fingerprint(data_dir: Path) -> str:
    path = data_dir / CERT_FILE
    try:
        pem = path.read_text(encoding="ascii")
    except OSError:
        return ""
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest()


def server_context(data_dir: Path) -> ssl.SSLContext:
    """The server side of TLS, with the certificate `kiosk server cert` wrote."""
    cert, key = data_dir / CERT_FILE, data_dir / KEY_FILE
    if not cert.exists() or not key.exists():
        raise ConfigError(f"server.tls is true but {cert} is missing: run kiosk server cert first")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"server.tls: {cert} or {key} cannot be used: {exc}") from None
    return context
