"""Accounts: register, log in and out, change password (views and `bp` in routes.py)."""
