"""Request-scoped dependencies: the context, a unit of work, and the caller's credential."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from rempart.app import AppContext
from rempart.auth.schemas import Principal, Role
from rempart.auth.service import authenticate_api_key
from rempart.core.errors import Forbidden, Unauthenticated


def get_context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


Context = Annotated[AppContext, Depends(get_context)]


def get_session(context: Context) -> Iterator[Session]:
    """One unit of work per request: committed before the response is sent, rolled back on error."""
    session = context.sessions()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# scope="function": the commit runs when the route returns, before the response is sent (the default,
# "request", would run it after the response, so a client could read before the commit, or miss its failure).
DbSession = Annotated[Session, Depends(get_session, scope="function")]


def get_principal(request: Request, context: Context) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("a bearer credential is required")
    with context.sessions() as session:
        principal = authenticate_api_key(session, token.strip())
    if principal is None:
        raise Unauthenticated("the credential is not valid")
    return principal


def require(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets through the named roles (and admin, who may do everything)."""
    allowed = {*roles, Role.ADMIN}

    def _check(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if principal.role not in allowed:
            names = ", ".join(sorted(r.value for r in allowed))
            raise Forbidden(f"this needs one of the roles: {names}")
        return principal

    return _check
