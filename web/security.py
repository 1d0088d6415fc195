"""Security headers on every answer: no inline scripts, no framing, no type sniffing."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

# Scripts and styles come only from our own static files; forms post only to us.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def add_headers(response: Response) -> Response:
    """Set the security headers that a view has not set itself."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if "Cache-Control" not in response.headers and current_user and current_user.is_authenticated:
        # Editors' pages show restricted events: no shared cache may keep them. A view that set its own
        # caching (the feeds) answers the same whoever asks, so the session is not even opened for it.
        response.headers.setdefault("Cache-Control", "private, no-store")
    return response


csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    """Refuse every POST without a valid CSRF token, and send the headers on every response of ``app``."""
    csrf.init_app(app)
    app.after_request(add_headers)
