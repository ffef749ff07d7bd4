"""One error hierarchy, mapped to responses in one place (studyguide/errors.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

from studyguide import errors
from studyguide.services import accounts, attempts, importer

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (accounts.AccountError, errors.Refused),
        (importer.ImportRefused, errors.Refused),
        (attempts.NoQuestions, errors.Refused),
        (attempts.NotFound, errors.NotFound),
        (attempts.AttemptClosed, errors.Conflict),
        (attempts.AttemptError, errors.StudyguideError),
    ],
)
def test_service_errors_derive_from_the_root(error, kind):
    assert issubclass(error, kind)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.NotFound("There is no such thing."), 404),
        (errors.Conflict("It changed meanwhile."), 409),
        (errors.Refused("Not like that."), 400),
    ],
)
def test_each_kind_becomes_its_status_as_a_page_or_json(app, client, error, code):
    @app.get("/raise")
    def raise_it():
        raise error

    page = client.get("/raise")
    assert page.status_code == code
    assert b'class="card error-page"' in page.data
    # A missing thing's page says no more than any 404; the others explain themselves.
    assert (str(error).encode() in page.data) == (code != 404)
    json = client.get("/raise", headers={"Accept": "application/json"})
    assert json.status_code == code
    assert json.json == {"ok": False, "message": str(error)}


def test_a_root_error_of_no_kind_is_a_500_page(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/raise")
    def raise_it():
        raise errors.StudyguideError("a bug")

    response = client.get("/raise")
    assert response.status_code == 500
    assert b"Something went wrong" in response.data


def test_the_error_classes_import_no_web_code():
    # Pure packages (coursepack, questiontypes, generator) may raise them.
    script = (
        "import sys, types\n"
        "package = types.ModuleType('studyguide')\n"
        f"package.__path__ = [{str(ROOT / 'studyguide')!r}]\n"
        "sys.modules['studyguide'] = package\n"
        "import studyguide.errors\n"
        "names = ('flask', 'sqlalchemy', 'werkzeug')\n"
        "print(','.join(sorted(n for n in names if n in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
