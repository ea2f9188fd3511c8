"""Adding entries re-matches past items and opens (or joins) cases; the detector reloads changed banks."""

from __future__ import annotations

from sqlalchemy import select
from tests.integration.detect.banks_fixtures import store_items

from rempart.app import AppContext
from rempart.cases.models import Case, CaseItem
from rempart.cases.schemas import CaseSource
from rempart.cases.service import open_case
from rempart.detect.bank import BankDetector
from rempart.detect.banks import service
from rempart.detect.banks.schemas import BankCreate, BankKind
from rempart.detect.banks.service import NewEntry
from rempart.items.schemas import Item, ItemKey
from rempart.store.db import unit_of_work

SPAM = "Vote tomorrow by text message, just send your name and address to 5555 and your ballot is counted"
PDQ = "acecf3355e3125c8e24e2f30e0d4ec4f8482b878b3c34cdbdf063278db275992"
PDQ_NEAR = "acecf3355e3125c8e24e2f30e0d4ec4f8482b878b3c34cdbdf063278db27599d"  # 4 bits away


def _cases(context: AppContext) -> dict[str, list[dict[str, object]]]:
    with context.sessions() as session:
        rows = session.execute(select(CaseItem.item_id, Case.evidence).join(Case, Case.id == CaseItem.case_id)).all()
        return {item_id: evidence["bank_matches"] for item_id, evidence in rows}


def test_past_items_matching_new_entries_get_cases(context: AppContext) -> None:
    store_items(
        context,
        {
            "1": "VOTE tomorrow by text message: just send your name and address to 5555, your ballot is counted!",
            "2": "Remember to vote tomorrow, polling stations open at eight",
            "3": "Meine Ehre heißt Treue",
            "4": "a picture",
        },
        pdq={"4": PDQ_NEAR},
    )
    with unit_of_work(context.sessions) as session:
        open_case(
            session,
            source=CaseSource.NOTICE,
            title="notice",
            now=context.clock.now(),
            items=[ItemKey(platform="x", id="3")],
        )
        text_bank = service.create_bank(
            session, BankCreate(name="known", kind=BankKind.TEXT), by="test", now=context.clock.now()
        )
        pdq_bank = service.create_bank(
            session, BankCreate(name="images", kind=BankKind.PDQ), by="test", now=context.clock.now()
        )
        text_summary = service.add_entries(
            session,
            text_bank,
            [NewEntry(1, SPAM), NewEntry(2, "meine ehre heisst treue")],
            by="test",
            now=context.clock.now(),
        )
        pdq_summary = service.add_entries(session, pdq_bank, [NewEntry(1, PDQ)], by="test", now=context.clock.now())
    assert text_summary.counts() == {
        "read": 2,
        "added": 2,
        "duplicate": 0,
        "rejected": 0,
        "retro_matches": 2,
        "cases_opened": 1,
    }
    assert pdq_summary.counts() == {
        "read": 1,
        "added": 1,
        "duplicate": 0,
        "rejected": 0,
        "retro_matches": 1,
        "cases_opened": 1,
    }
    cases = _cases(context)
    assert set(cases) == {"1", "3", "4"}
    assert cases["1"][0]["label"] == "bank.known"
    assert cases["1"][0]["matches"][0]["match"] == "near"  # type: ignore[index]
    assert cases["3"][0]["matches"][0]["match"] == "exact"  # type: ignore[index]
    assert cases["4"][0]["matches"][0]["distance"] == 4  # type: ignore[index]
    with context.sessions() as session:
        sources = sorted(session.scalars(select(Case.source)))
    assert sources == ["bank_match", "bank_match", "notice"]

    # Only the new entries are re-matched: adding another entry leaves item 1 alone.
    with unit_of_work(context.sessions) as session:
        bank = service.get_bank(session, "known")
        again = service.add_entries(
            session,
            bank,
            [NewEntry(1, SPAM), NewEntry(2, "Polling stations open at eight, remember to vote tomorrow")],
            by="t",
            now=context.clock.now(),
        )
    assert again.counts() == {
        "read": 2,
        "added": 1,
        "duplicate": 1,
        "rejected": 0,
        "retro_matches": 1,
        "cases_opened": 1,
    }


def test_detector_reloads_a_bank_when_its_version_changes(context: AppContext) -> None:
    now = [0.0]
    detector = BankDetector(sessions=context.sessions, monotonic=lambda: now[0])
    post = Item(platform="x", id="9", author_id="a", created_at=context.clock.now(), text=SPAM)
    assert detector.check(post) == []
    with unit_of_work(context.sessions) as session:
        bank = service.create_bank(
            session, BankCreate(name="spam", kind=BankKind.TEXT), by="t", now=context.clock.now()
        )
        service.add_entries(session, bank, [NewEntry(1, SPAM)], by="t", now=context.clock.now())
        entry_id = service.active_entries(session, bank.id).__next__()[0]
    assert detector.check(post) == []  # not yet: the next look is refresh_seconds away
    now[0] += 11
    signals = detector.check(post)
    assert [(s.label, s.score, s.evidence["entry_id"]) for s in signals] == [("bank.spam", 1.0, entry_id)]
    with unit_of_work(context.sessions) as session:
        bank = service.get_bank(session, "spam")
        service.remove_entry(session, bank, entry_id, by="t", now=context.clock.now())
    assert detector.refresh() is True
    assert detector.check(post) == []
    assert detector.refresh() is False
