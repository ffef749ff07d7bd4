"""Spaced review: the session, the student's cards and settings (views and `bp` in routes.py)."""
