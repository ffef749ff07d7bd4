"""The mentor's cohorts: class progress, one student, item analysis; and joining by invitation.

Views and `bp` in routes.py (mentor pages under /teach/cohorts), join.py (the student's
invitation pages), forms in forms.py, the mastery chart's geometry in chart.py.
"""
