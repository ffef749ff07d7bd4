"""The home page (views and `bp` in routes.py)."""
