"""Security headers: the one `after_request` hook that sets them on every response.

Every script and style is a file under static/ (no inline <script>, no style="" and no on*=
handlers in templates), so the Content-Security-Policy allows only this site's own files:
an injected <script> or event handler does not run even if sanitising ever missed one.
"""

from flask import Flask, Response, current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # data: for the inline SVG icons a stylesheet may carry; no other origin.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)
# Two years, without includeSubDomains: other sites on sibling hosts are not ours to pin.
HSTS = "max-age=63072000"

_ALWAYS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # For browsers that predate frame-ancestors.
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def register(app: Flask) -> None:
    app.after_request(set_security_headers)


def set_security_headers(response: Response) -> Response:
    """Add the security headers; forbid caching of anything that may carry personal data."""
    for name, value in _ALWAYS.items():
        response.headers.setdefault(name, value)
    # Behind a TLS-terminating proxy request.is_secure is False; STUDYGUIDE_SECURE_COOKIES
    # says the site is served over HTTPS all the same.
    if request.is_secure or current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers["Strict-Transport-Security"] = HSTS
    # Static files keep their own caching. Every other response may be personal: pages carry
    # the account menu or a CSRF token bound to the session, and POSTs answer one person.
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response
