from flask_wtf import FlaskForm
from wtforms import SubmitField


class MarkReadForm(FlaskForm):
    submit = SubmitField("Mark as read")
