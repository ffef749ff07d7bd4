"""Lessons: the course list, a lesson, its transcript (views and `bp` in routes.py)."""
