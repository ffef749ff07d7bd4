"""The base of every form on the site: Flask-WTF's `FlaskForm`, its CSRF token without an id.

A page often holds several forms (a list of "Remove" buttons, two forms on a curation page), each
with its CSRF token; WTForms gives a field its name as id, so they would all be `csrf_token`, and
HTML forbids two elements with one id. Nothing points at the token by id (no label, no script
does: quiz.js finds it by name), so it gets none. Import `FlaskForm` from here, not flask_wtf.
"""

from typing import Any

import flask_wtf
from wtforms import Field
from wtforms.csrf.core import CSRFTokenField


class FlaskForm(flask_wtf.FlaskForm):
    class Meta:
        def render_field(self, field: Field, render_kw: dict[str, Any]) -> Any:
            if isinstance(field, CSRFTokenField):
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)  # type: ignore[misc]
