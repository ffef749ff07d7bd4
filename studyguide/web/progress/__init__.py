"""The student's own progress page (views and `bp` in routes.py)."""
