"""Fingerprinted static files: `url_for('static', ...)` carries the file's content hash, and a
request for that exact version may be cached by the browser for a year.

The hashes are computed once, when the app is created (the files do not change while it
runs; a deploy restarts it). A URL without the current hash (an old page, a hand-typed path)
still gets the file, with Flask's default revalidating headers.
"""

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, Response, request

VERSION_ARG = "v"
ONE_YEAR = 365 * 24 * 3600


def fingerprints(folder: Path) -> dict[str, str]:
    """Return a short content hash of every file under `folder`, by its URL path."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            hashes[path.relative_to(folder).as_posix()] = digest
    return hashes


def register(app: Flask) -> None:
    if app.static_folder is None:
        return
    hashes = fingerprints(Path(app.static_folder))

    def add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and VERSION_ARG not in values:
            digest = hashes.get(values.get("filename", ""))
            if digest:
                values[VERSION_ARG] = digest

    def cache_fingerprinted(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code == 200:
            filename = (request.view_args or {}).get("filename", "")
            digest = hashes.get(filename)
            if digest is not None and request.args.get(VERSION_ARG) == digest:
                response.cache_control.public = True
                response.cache_control.max_age = ONE_YEAR
                response.cache_control.immutable = True
                response.cache_control.no_cache = None
        return response

    app.url_defaults(add_fingerprint)
    app.after_request(cache_fingerprinted)
