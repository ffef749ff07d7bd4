from wtforms import SubmitField

from studyguide.web.form import FlaskForm


class MarkReadForm(FlaskForm):
    submit = SubmitField("Mark as read")
