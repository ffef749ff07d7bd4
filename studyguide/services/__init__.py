"""Business logic. Services own their transaction and never touch request, session or templates."""
