"""Every domain's ORM models in one metadata, for migrations and schema checks."""

from __future__ import annotations

from sqlalchemy import MetaData


def metadata() -> MetaData:
    """Import each domain's models so that their tables are registered, then return the metadata."""
    import rempart.auth.models
    import rempart.cases.models
    import rempart.detect.banks.models
    import rempart.detect.claims.models
    import rempart.dsa.models
    import rempart.items.models
    import rempart.pipeline.models
    import rempart.store.outbox  # noqa: F401
    from rempart.store.base import Base

    return Base.metadata
