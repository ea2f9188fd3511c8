"""Hash banks: create and list banks, add entries in batches, remove an entry, export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from rempart.api.deps import Context, DbSession, require
from rempart.auth.schemas import Principal, Role
from rempart.detect.banks import service
from rempart.detect.banks.schemas import AddSummary, BankCreate, BankKind, BankView, EntryInput, EntryView

router = APIRouter(prefix="/v1/banks", tags=["banks"])

Editor = Annotated[Principal, Depends(require(Role.MODERATOR))]
Reader = Annotated[Principal, Depends(require(Role.MODERATOR, Role.REVIEWER, Role.AUDITOR))]


class EntryBatch(BaseModel):
    entries: Annotated[list[EntryInput], Field(min_length=1, max_length=1000)]


class BankList(BaseModel):
    banks: list[BankView]


@router.post("", response_model=BankView, status_code=201)
def create_bank(request: BankCreate, session: DbSession, context: Context, principal: Editor) -> BankView:
    """Create an empty bank; its matches are labelled `bank.NAME`."""
    bank = service.create_bank(session, request, by=principal.name, now=context.clock.now())
    return service.bank_view(session, bank)


@router.get("", response_model=BankList)
def list_banks(session: DbSession, _: Reader) -> BankList:
    return BankList(banks=service.list_banks(session))


@router.get("/{name}", response_model=BankView)
def get_bank(name: str, session: DbSession, _: Reader) -> BankView:
    return service.bank_view(session, service.get_bank(session, name))


@router.post("/{name}/entries", response_model=AddSummary)
def add_entries(name: str, batch: EntryBatch, session: DbSession, context: Context, principal: Editor) -> AddSummary:
    """Add up to 1,000 entries: texts, PDQ hashes, or images (base64) whose PDQ hash is computed. Invalid
    entries are named by index (`problems[].line`) and left out; past items are re-matched against the new
    entries and a case is opened for each hit."""
    bank = service.get_bank(session, name)
    kind = BankKind(bank.kind)
    entries = (service.entry_from_input(kind, index, entry) for index, entry in enumerate(batch.entries))
    return service.add_entries(session, bank, entries, by=principal.name, now=context.clock.now())


@router.delete("/{name}/entries/{entry_id}", response_model=EntryView)
def remove_entry(name: str, entry_id: str, session: DbSession, context: Context, principal: Editor) -> EntryView:
    """Remove an entry: it is no longer matched, and stays in the history with who removed it and when."""
    bank = service.get_bank(session, name)
    entry = service.remove_entry(session, bank, entry_id, by=principal.name, now=context.clock.now())
    return service.entry_view(bank, entry)


@router.get("/{name}/export", response_class=PlainTextResponse)
def export_bank(name: str, session: DbSession, _: Reader) -> PlainTextResponse:
    """The active entries: texts one per line (text/plain), or PDQ hashes in HMA's CSV shape (text/csv)."""
    bank = service.get_bank(session, name)
    body = "".join(service.export_lines(session, bank))
    media_type = "text/csv" if bank.kind == BankKind.PDQ else "text/plain"
    return PlainTextResponse(body, media_type=media_type)
