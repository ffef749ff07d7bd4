"""The instructor area under /teach: courses, transcript imports, packages, editors."""
