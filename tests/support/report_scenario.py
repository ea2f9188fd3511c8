"""A reporting period's worth of DSA events, made through the real services: notices (public and trusted
flagger), decisions on them and at our own initiative (automated or not), Art. 23 misuse, complaints and
their outcomes, out-of-court disputes, member-state orders (through the API), and evaluations of the
automated means. Some events fall outside the period, to show they are left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rempart.api.factory import create_app
from rempart.app import AppContext
from rempart.auth.schemas import Role
from rempart.auth.service import create_api_key
from rempart.cases.models import Case, Decision
from rempart.cases.review import get_case
from rempart.cases.schemas import CaseSource
from rempart.cases.service import open_case
from rempart.core.settings import Settings
from rempart.dsa.appeals import decide_appeal, record_ods_outcome, submit_appeal
from rempart.dsa.decisions import decide_case
from rempart.dsa.models import Notice, TrustedFlagger
from rempart.dsa.notices import register_flagger, submit_notice
from rempart.dsa.report.period import Period
from rempart.dsa.rights import grant_appeal_right
from rempart.dsa.schemas import AppealDecisionInput, AppealInput, DecisionSpec, NoticeInput, OdsInput, Party
from rempart.items.schemas import ItemKey
from rempart.pipeline.evaluation import Counts, Evaluation, store_evaluation
from rempart.store.db import unit_of_work
from tests.support.factories import add_item

SCAMS = "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"
SECURITY = "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY"
PERIOD = Period(date(2025, 7, 1), date(2025, 12, 31))
POSTED = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
HATE = ("STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", ["KEYWORD_HATE_SPEECH"])
ILLEGAL = "DECISION_GROUND_ILLEGAL_CONTENT"
TERMS = "DECISION_GROUND_INCOMPATIBLE_CONTENT"


def at(month: int, day: int, hour: int = 9, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=UTC)


@dataclass
class Built:
    orders: list[dict[str, Any]] = field(default_factory=list)
    recipients: dict[str, Any] = field(default_factory=dict)


def spec(item_id: str, **values: Any) -> DecisionSpec:
    """A restriction on one item; `restriction=None` for no action."""
    category, keywords = values.pop("category", HATE)
    base: dict[str, Any] = {
        "platform": "x",
        "item_id": item_id,
        "restriction": {"decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"]},
        "decision_ground": ILLEGAL,
        "ground_reference": "Criminal law of the member state",
        "ground_explanation": "The post incites hatred against a protected group.",
        "category": category,
        "category_specification": keywords,
        "facts": "A post reported or detected as described.",
    }
    base.update(values)
    if base["restriction"] is None:
        base = {k: base[k] for k in ("platform", "item_id", "restriction", "source_type") if k in base}
    return DecisionSpec.model_validate(base)


def items(session: Session) -> None:
    for number in range(1, 31):
        author = f"u{(number - 1) // 5 + 1}"
        add_item(
            session, f"i{number}", author_id=author, handle=f"user{author}", text=f"post {number}", created_at=POSTED
        )


def notice(
    session: Session,
    settings: Settings,
    when: datetime,
    urls: list[str],
    category: tuple[str, list[str]],
    flagger: TrustedFlagger | None = None,
) -> Notice:
    body = NoticeInput(
        explanation="This post is illegal in my country.",
        urls=urls,
        name="Ana Notifier",
        email="ana@example.org" if flagger is None else "flags@trusted.example",
        category=category[0],
        category_specification=category[1],
        bona_fide=True,
    )
    return submit_notice(session, body, now=when, settings=settings, flagger=flagger)


def url(item: str) -> str:
    number = int(item[1:])
    return f"https://x.com/useru{(number - 1) // 5 + 1}/status/{item}"


def decide(
    session: Session, settings: Settings, case: Case, specs: list[DecisionSpec], when: datetime
) -> list[Decision]:
    return [d for d, _ in decide_case(session, case, specs, decided_by="reviewer-1", now=when, settings=settings)]


def own_case(session: Session, item: str, when: datetime) -> Case:
    return open_case(
        session, source=CaseSource.DETECTION, title="found", now=when, items=[ItemKey(platform="x", id=item)]
    )


def appeal(
    session: Session,
    settings: Settings,
    decision: Decision,
    when: datetime,
    party: Party = Party.AFFECTED,
    notice_id: str | None = None,
) -> str:
    token, _ = grant_appeal_right(
        session, decision_id=decision.id, party=party, now=when, months=6, notice_id=notice_id
    )
    body = AppealInput(token=token, explanation="I disagree with this decision.", email="someone@example.org")
    return submit_appeal(session, body, now=when, settings=settings).id


def outcome(session: Session, settings: Settings, appeal_id: str, choice: str, when: datetime, **extra: Any) -> None:
    decide_appeal(
        session,
        appeal_id,
        AppealDecisionInput(outcome=choice, reason="Reviewed again by a person.", **extra),
        decided_by="reviewer-2",
        now=when,
        settings=settings,
    )


def notices_and_decisions(session: Session, settings: Settings) -> None:
    flagger = register_flagger(session, name="Hate Aid Watch", areas=[HATE[0]], now=at(6, 1))
    n1 = notice(session, settings, at(7, 3), [url("i1")], HATE)
    decide(
        session,
        settings,
        get_case(session, n1.case_id or ""),
        [spec("i1", source_type="SOURCE_ARTICLE_16")],
        at(7, 3, 14),
    )
    n2 = notice(session, settings, at(8, 10), [url("i2"), url("i3")], HATE, flagger)
    decide(
        session,
        settings,
        get_case(session, n2.case_id or ""),
        [
            spec("i2", source_type="SOURCE_TRUSTED_FLAGGER", source_identity="Hate Aid Watch"),
            spec(
                "i3",
                source_type="SOURCE_TRUSTED_FLAGGER",
                source_identity="Hate Aid Watch",
                decision_ground=TERMS,
                restriction={"decision_visibility": ["DECISION_VISIBILITY_CONTENT_DEMOTED"]},
            ),
        ],
        at(8, 10, 11),
    )
    n3 = notice(session, settings, at(9, 5), [url("i4")], ("STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE", []))
    [kept] = decide(
        session,
        settings,
        get_case(session, n3.case_id or ""),
        [spec("i4", restriction=None, source_type="SOURCE_ARTICLE_16")],
        at(9, 6),
    )
    complaint = appeal(session, settings, kept, at(9, 8), Party.NOTIFIER, n3.id)
    outcome(session, settings, complaint, "upheld", at(9, 9, 15))
    record_ods_outcome(
        session,
        OdsInput(
            case_id=kept.case_id, body="ODS Europe", submitted_at=at(9, 20), closed_at=at(11, 4), outcome="reversed"
        ),
        actor="moderator",
        now=at(11, 4),
    )
    n4 = notice(session, settings, at(10, 2), [url("i5")], ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", ["KEYWORD_OTHER"]))
    decide(
        session,
        settings,
        get_case(session, n4.case_id or ""),
        [
            spec(
                "i5",
                source_type="SOURCE_ARTICLE_16",
                decision_ground=TERMS,
                category=("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", ["KEYWORD_PHISHING"]),
            )
        ],
        at(10, 4, 9),
    )
    violence = ("STATEMENT_CATEGORY_VIOLENCE", ["KEYWORD_INCITEMENT_VIOLENCE_HATRED"])
    n5 = notice(session, settings, at(11, 7), [url("i6")], violence, flagger)
    [ignored] = decide(
        session,
        settings,
        get_case(session, n5.case_id or ""),
        [spec("i6", restriction=None, source_type="SOURCE_TRUSTED_FLAGGER")],
        at(11, 7, 10),
    )
    appeal(session, settings, ignored, at(12, 30), Party.NOTIFIER, n5.id)  # not decided by the end of the period
    notice(session, settings, at(12, 1), ["https://x.com/nobody/status/999"], violence)  # names no stored item
    notice(session, settings, at(6, 20), [url("i7")], HATE)  # before the period


def own_initiative(session: Session, settings: Settings) -> None:
    [removed] = decide(
        session,
        settings,
        own_case(session, "i10", at(7, 5)),
        [spec("i10", automated_detection=True, automated_decision="AUTOMATED_DECISION_FULLY")],
        at(7, 5, 10),
    )
    complaint = appeal(session, settings, removed, at(7, 10))
    outcome(session, settings, complaint, "reversed", at(7, 12))
    decide(
        session,
        settings,
        own_case(session, "i11", at(8, 2)),
        [
            spec(
                "i11",
                category=("STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY", ["KEYWORD_ILLEGAL_ORGANIZATIONS"]),
                restriction={"decision_visibility": ["DECISION_VISIBILITY_CONTENT_DISABLED"]},
                territorial_scope=["DE"],
                automated_detection=True,
            )
        ],
        at(8, 2, 12),
    )
    [labelled] = decide(
        session,
        settings,
        own_case(session, "i12", at(9, 14)),
        [
            spec(
                "i12",
                decision_ground=TERMS,
                category=("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", ["KEYWORD_OTHER"]),
                category_specification_other="Unsolicited commercial messages",
                restriction={
                    "decision_visibility": [
                        "DECISION_VISIBILITY_CONTENT_DEMOTED",
                        "DECISION_VISIBILITY_CONTENT_LABELLED",
                    ]
                },
                automated_decision="AUTOMATED_DECISION_PARTIALLY",
                territorial_scope=["FR", "BE"],
            )
        ],
        at(9, 14, 16),
    )
    complaint = appeal(session, settings, labelled, at(9, 20))
    outcome(
        session, settings, complaint, "partially_reversed", at(9, 22),
        restriction={"decision_visibility": ["DECISION_VISIBILITY_CONTENT_LABELLED"]},
    )  # fmt: skip
    [demonetised] = decide(
        session,
        settings,
        own_case(session, "i13", at(10, 20)),
        [
            spec(
                "i13",
                decision_ground=TERMS,
                category=("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", ["KEYWORD_INAUTHENTIC_ACCOUNTS"]),
                restriction={
                    "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
                    "decision_monetary": "DECISION_MONETARY_SUSPENSION",
                },
            )
        ],
        at(10, 20, 17),
    )
    complaint = appeal(session, settings, demonetised, at(10, 25))
    outcome(session, settings, complaint, "upheld", at(10, 28))
    record_ods_outcome(
        session,
        OdsInput(
            case_id=demonetised.case_id,
            body="Appeals Centre Europe",
            submitted_at=at(11, 1),
            closed_at=at(12, 1),
            outcome="upheld",
            implemented=True,
        ),
        actor="moderator",
        now=at(12, 1),
    )
    record_ods_outcome(
        session,
        OdsInput(case_id=demonetised.case_id, body="User Rights", submitted_at=at(12, 10), outcome="omitted"),
        actor="moderator",
        now=at(12, 10),
    )
    for day, item in enumerate(("i21", "i22", "i23", "i24"), start=1):  # the 4th after a warning: suspension
        decide(
            session,
            settings,
            own_case(session, item, at(11, day)),
            [spec(item, manifestly_illegal=True)],
            at(11, day, 9),
        )
    decide(session, settings, own_case(session, "i14", at(1, 5, year=2026)), [spec("i14")], at(1, 5, 10, year=2026))


def evaluations(session: Session) -> None:
    for when, true_positives in ((at(6, 1), 10), (at(12, 15), 40), (at(2, 1, year=2026), 99)):
        evaluation = Evaluation(policy_version="7", dataset="labelled-2025.jsonl", items=100)
        for scope, key, tp, fp, fn, tn in (
            ("overall", "all", true_positives, 5, 10, 45),
            ("language", "fr", true_positives // 2, 3, 4, 20),
            ("language", "en", true_positives // 2, 2, 6, 25),
            ("rule", "hate-fr", 3, 1, 1, 5),
        ):
            evaluation.counts[scope][key] = Counts(tp, fp, fn, tn)
        store_evaluation(session, evaluation, when)


ORDERS: list[dict[str, Any]] = [
    {"member_state": "DE", "authority": "BKA", "order_type": "act", "category": SECURITY,
     "category_specification": ["KEYWORD_ILLEGAL_ORGANIZATIONS"], "items": [url("i11"), url("i21")],
     "received_at": at(8, 1), "acknowledged_at": at(8, 1, 10), "effected_at": at(8, 1, 14)},
    {"member_state": "FR", "authority": "Pharos", "order_type": "act_against_illegal_content",
     "category": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", "category_specification": ["KEYWORD_OTHER"],
     "category_specification_other": "Négationnisme", "items": [url("i1")],
     "received_at": at(9, 1), "acknowledged_at": at(9, 1, 11), "effected_at": at(9, 2, 15)},
    {"member_state": "fr", "authority": "Parquet de Paris", "order_type": "provide_information",
     "category": "STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER", "items": ["x/u1"],
     "received_at": at(10, 1), "acknowledged_at": at(10, 1, 12), "effected_at": at(10, 4, 9)},
    {"member_state": "GR", "authority": "Hellenic Police", "order_type": "act", "category": SCAMS,
     "items": [url("i5"), url("i13"), url("i15")], "received_at": at(11, 20)},
    {"member_state": "IE", "authority": "Coimisiún na Meán", "order_type": "act", "category": SCAMS,
     "items": [url("i5")], "received_at": at(6, 15)},
]  # fmt: skip


def post_orders(context: AppContext) -> None:
    with unit_of_work(context.sessions) as session:
        _, token = create_api_key(session, name="legal", role=Role.MODERATOR, now=context.clock.now())
    with TestClient(create_app(context)) as client:
        for order in ORDERS:
            body = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in order.items()}
            response = client.post("/v1/orders", json=body, headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 201, response.text


def build_scenario(context: AppContext) -> None:
    settings = context.settings
    with unit_of_work(context.sessions) as session:
        items(session)
    with unit_of_work(context.sessions) as session:
        notices_and_decisions(session, settings)
    with unit_of_work(context.sessions) as session:
        own_initiative(session, settings)
        evaluations(session)
    post_orders(context)


RECIPIENTS = {
    "period": {"from": "2025-07-01", "to": "2025-12-31"},
    "method": "unique logged-in recipients per month, averaged over the six months",
    "average_monthly_active_recipients": {"FR": 120_000, "DE": 95_000, "GR": 8_000},
    "total": 215_000,
}
