"""SQLAlchemy models, one module per aggregate. Import from here so metadata is complete."""

from studyguide.models.base import Base, UTCDateTime, utcnow
from studyguide.models.user import Role, User

__all__ = ["Base", "Role", "User", "UTCDateTime", "utcnow"]
