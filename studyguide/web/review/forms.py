from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional

from studyguide.models import ReviewCard, ReviewSettings
from studyguide.services.review_settings import LIMITS
from studyguide.web.form import FlaskForm


class StartForm(FlaskForm):
    submit = SubmitField("Start a review session")


class ActionForm(FlaskForm):
    """A button that changes one thing (CSRF only)."""


def _limit(label: str, name: str, hint: str) -> IntegerField:
    low, high = LIMITS[name]
    return IntegerField(
        label,
        validators=[InputRequired(), NumberRange(low, high)],
        description=f"{hint} ({low}–{high}).",
    )


class SettingsForm(FlaskForm):
    time_zone = StringField(
        "Time zone",
        validators=[Optional()],
        description="Where your days begin and end, such as Europe/Berlin. "
        "Leave empty to use your browser's (UTC without JavaScript).",
        render_kw={"autocomplete": "off", "maxlength": 64, "data-browser-zone": ""},
    )
    time_limit_minutes = _limit(
        "Session length in minutes", "time_limit_minutes", "A session ends after this"
    )
    card_limit = _limit("Cards per session", "card_limit", "At most this many cards in one session")
    new_per_day = _limit(
        "New cards per day", "new_per_day", "Takeaways you chose, introduced a few a day"
    )
    submit = SubmitField("Save settings")

    @classmethod
    def of(cls, settings: ReviewSettings) -> "SettingsForm":
        return cls(
            data={
                "time_zone": settings.time_zone or "",
                "time_limit_minutes": settings.time_limit_minutes,
                "card_limit": settings.card_limit,
                "new_per_day": settings.new_per_day,
            }
        )


class QuestionCard:
    """A question card as the quiz partials expect an answer: `id` and `question_version`."""

    def __init__(self, card: ReviewCard, version) -> None:
        self.id = card.id
        self.question_version = version
