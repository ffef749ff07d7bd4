from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from studyguide.services import progress, review_stats
from studyguide.web.progress.chart import score_chart
from studyguide.web.review.chart import forecast_chart
from studyguide.web.review.routes import browser_zone

bp = Blueprint("progress", __name__)


@bp.get("/progress")
@login_required
def index() -> ResponseReturnValue:
    """Show the student's own reads, attempts, scores over time and mastery per lesson."""
    overview = progress.student_overview(current_user.id)
    reviews = review_stats.progress(current_user.id, browser_zone())
    return render_template(
        "progress/index.html",
        overview=overview,
        chart=score_chart(overview.timeline),
        reviews=reviews,
        forecast=forecast_chart(reviews.forecast),
        Mastery=progress.Mastery,
    )
