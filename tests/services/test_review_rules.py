"""The review-state rule (docs/course-format.md): packages load approved, reloads keep states."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Question
from studyguide.services.importer import load_package

pytestmark = pytest.mark.db

CURATED = Path(__file__).parents[2] / "data" / "courses" / "madry-research-careers"


def test_questions_loaded_from_a_package_are_approved_and_reloads_keep_decisions(app):
    with app.app_context():
        load_package(CURATED)
        states = set(db.session.scalars(sa.select(Question.review_state)))
        sources = set(db.session.scalars(sa.select(Question.source)))
        assert states == {"approved"} and sources == {"package"}
        first = db.session.scalars(sa.select(Question).order_by(Question.id)).first()
        first.review_state = "rejected"
        db.session.commit()
        load_package(CURATED)
        assert db.session.get(Question, first.id).review_state == "rejected"
