"""The yardstick of benchmarks/throughput.py: a bare Flask page, one template extending a layout.

Served by gunicorn with the same settings as studyguide (`bare_flask_app:app`, run from this
folder); its requests per second are what every studyguide page is compared with.
"""

from flask import Flask, render_template
from jinja2 import DictLoader

TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}{% endblock %} · bare</title></head>
<body>
<header><nav><a href="/">Home</a> <a href="/page">Page</a></nav></header>
<main>{% block content %}{% endblock %}</main>
</body>
</html>
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ title }}{% endblock %}
{% block content %}<h1>{{ title }}</h1>
<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>{% endblock %}
""",
}

app = Flask(__name__)
app.jinja_loader = DictLoader(TEMPLATES)


@app.get("/page")
def page() -> str:
    return render_template("page.html", title="A bare page", items=["one", "two", "three"])
