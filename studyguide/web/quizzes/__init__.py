"""Quizzes: start, answer, submit, see the result (views and `bp` in routes.py)."""
