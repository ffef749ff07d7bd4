"""Comparing pages: what differs between two renderings of the same page for the same person."""

import re

_CSRF_TOKEN = re.compile(rb'name="csrf_token" value="[^"]*"')


def without_csrf_token(response) -> bytes:
    """The page's bytes without its CSRF token, which carries the second it was signed in:
    two renderings a second apart differ there and nowhere else."""
    return _CSRF_TOKEN.sub(b'name="csrf_token"', response.get_data())
