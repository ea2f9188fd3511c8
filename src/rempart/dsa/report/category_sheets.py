"""Sheets 3 to 6, keyed by category and keyword: member-state orders, notices, own-initiative measures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from rempart.dsa.enums import DecisionGround, SourceType
from rempart.dsa.report import template as t
from rempart.dsa.report.facts import MeasureFact, NoticeFact, OrderFact
from rempart.dsa.report.grid import CategoryIndex, Cell, Grid
from rempart.dsa.report.sheet import HOURS_NOTE, Heading, Sheet

ORDER_CONTEXT: Final = (
    "Orders to act against illegal content (Art. 9) received in the period, by issuing member state.",
    "Items of information (URLs or identifiers) named in those orders.",
    f"{HOURS_NOTE}, from receipt of the order to telling the authority we received it.",
    f"{HOURS_NOTE}, from receipt of the order to giving it effect.",
    "Orders to provide information (Art. 10) received in the period, by issuing member state.",
    f"{HOURS_NOTE}, from receipt of the order to telling the authority we received it.",
    f"{HOURS_NOTE}, from receipt of the order to giving it effect.",
)
NOTICE_CONTEXT: Final = (
    "Art. 16 notices received in the period, by the category the notifier chose.",
    "Notices from trusted flaggers (Art. 22) among them.",
    "URLs named in the notices (one notice can name several items).",
    "URLs named in trusted flaggers' notices.",
    f"{HOURS_NOTE}, from receipt of a notice to the decision that restricted the content it named.",
    f"{HOURS_NOTE}, the same for trusted flaggers' notices.",
    "Notices acted on with a restriction on the ground of illegal content.",
    "The same for trusted flaggers' notices.",
    "Notices acted on with a restriction on the ground of the terms and conditions.",
    "The same for trusted flaggers' notices.",
)
RESTRICTIONS: Final[tuple[tuple[str, Callable[[MeasureFact], bool]], ...]] = (
    ("Visibility restriction Removal", lambda m: "DECISION_VISIBILITY_CONTENT_REMOVED" in m.visibility),
    ("Visibility restriction Disable", lambda m: "DECISION_VISIBILITY_CONTENT_DISABLED" in m.visibility),
    ("Visibility restriction Demoted", lambda m: "DECISION_VISIBILITY_CONTENT_DEMOTED" in m.visibility),
    ("Visibility restriction Age restricted", lambda m: "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED" in m.visibility),
    (
        "Visibility restriction Interaction restricted",
        lambda m: "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED" in m.visibility,
    ),
    ("Visibility restriction Labelled ", lambda m: "DECISION_VISIBILITY_CONTENT_LABELLED" in m.visibility),
    ("Visibility restriction Other", lambda m: "DECISION_VISIBILITY_OTHER" in m.visibility),
    ("Monetary restriction Suspension", lambda m: m.monetary == "DECISION_MONETARY_SUSPENSION"),
    ("Monetary restriction Termination", lambda m: m.monetary == "DECISION_MONETARY_TERMINATION"),
    ("Monetary restriction Other", lambda m: m.monetary == "DECISION_MONETARY_OTHER"),
    ("Provision of the service Suspension", lambda m: (m.provision or "").endswith("_SUSPENSION")),
    ("Provision of the service Termination", lambda m: (m.provision or "").endswith("_TERMINATION")),
    ("Account restriction Suspension", lambda m: m.account == "DECISION_ACCOUNT_SUSPENDED"),
    ("Account restriction Termination", lambda m: m.account == "DECISION_ACCOUNT_TERMINATED"),
)
MEASURES, DETECTED = t.OWN_INITIATIVE_METRICS[0], t.OWN_INITIATIVE_METRICS[1]


def _prefix(applicability: str, heading: Heading, code: str, other: str | None) -> list[Cell]:
    return [applicability, heading.service, heading.period.label, code, other]


def _contexts(notes: Sequence[str | None], values: Sequence[Cell], medians: set[int], total_row: bool) -> list[Cell]:
    """A row's contextual cells: every note on the TOTAL row; elsewhere, the unit of the medians it holds."""
    return [
        note if total_row or (index in medians and values[index] is not None) else None
        for index, note in enumerate(notes)
    ]


def orders_sheet(heading: Heading, orders: Sequence[OrderFact]) -> Sheet:
    rows: list[list[Cell]] = []
    index = CategoryIndex(t.orders_rows())
    for scope in ("TOTAL", *t.EU_MEMBER_STATES):
        grid = Grid(index)
        for order in orders:
            if scope not in ("TOTAL", order.member_state):
                continue
            kind = "act" if order.act else "info"
            grid.add(
                order.category,
                order.keywords,
                {f"{kind}_orders": 1, f"{kind}_items": order.items},
                {f"{kind}_ack": order.hours_to_acknowledge, f"{kind}_effect": order.hours_to_effect},
                order.other_text,
            )
        for position, row in enumerate(index.rows):
            values: list[Cell] = [
                grid.count(position, "act_orders"),
                grid.count(position, "act_items"),
                grid.median(position, "act_ack"),
                grid.median(position, "act_effect"),
                grid.count(position, "info_orders"),
                grid.median(position, "info_ack"),
                grid.median(position, "info_effect"),
            ]
            contexts = _contexts(ORDER_CONTEXT, values, {2, 3, 5, 6}, row.code == "TOTAL" and scope == "TOTAL")
            rows.append(
                [*_prefix(t.ALL, heading, row.code, grid.other_description(position)), scope, *values, *contexts]
            )
    return Sheet("3_member_states_orders", t.ORDERS_COLUMNS, rows)


def notices_sheet(heading: Heading, notices: Sequence[NoticeFact]) -> Sheet:
    index = CategoryIndex(t.notices_rows())
    grid = Grid(index)
    law, terms = DecisionGround.ILLEGAL.value, DecisionGround.INCOMPATIBLE.value
    for notice in notices:
        acted = notice.outcome == "restrict"
        counts = {
            "notices": 1,
            "items": notice.items,
            "law": int(acted and law in notice.grounds),
            "terms": int(acted and terms in notice.grounds),
        }
        if notice.trusted:
            counts |= {f"tf_{name}": value for name, value in counts.items()}
        hours = notice.hours_to_decision if acted else None
        grid.add(
            notice.category, notice.keywords, counts, {"action": hours, "tf_action": hours if notice.trusted else None}
        )
    rows: list[list[Cell]] = []
    for position, row in enumerate(index.rows):
        values: list[Cell] = [
            grid.count(position, "notices"),
            grid.count(position, "tf_notices"),
            grid.count(position, "items"),
            grid.count(position, "tf_items"),
            grid.median(position, "action"),
            grid.median(position, "tf_action"),
            grid.count(position, "law"),
            grid.count(position, "tf_law"),
            grid.count(position, "terms"),
            grid.count(position, "tf_terms"),
        ]
        contexts = _contexts(NOTICE_CONTEXT, values, {4, 5}, row.code == "TOTAL")
        rows.append([*_prefix(t.HOSTING, heading, row.code, None), *values, *contexts])
    return Sheet("4_notices", t.NOTICES_COLUMNS, rows)


def _own_initiative(
    name: str,
    columns: tuple[str, ...],
    category_rows: Sequence[t.CategoryRow],
    ground: DecisionGround,
    heading: Heading,
    measures: Sequence[MeasureFact],
) -> Sheet:
    index = CategoryIndex(category_rows)
    grid = Grid(index)
    for measure in measures:
        if measure.source_type != SourceType.VOLUNTARY.value or measure.ground != ground.value:
            continue
        counts = {MEASURES: 1, DETECTED: int(measure.automated_detection)}
        counts |= {column: int(applies(measure)) for column, applies in RESTRICTIONS}
        grid.add(measure.category, measure.keywords, counts, other_text=measure.other_text)
    basis = "illegal content" if ground == DecisionGround.ILLEGAL else "incompatibility with the terms and conditions"
    notes: tuple[str | None, ...] = (
        f"Restrictions decided in the period at our own initiative (TDB source SOURCE_VOLUNTARY) on the ground of "
        f"{basis}; decisions on complaints are not counted again.",
        "Measures whose content was detected by automated means (TDB automated_detection = Yes).",
        "One decision can impose several restrictions; it counts in each restriction column that applies.",
        *(None for _ in RESTRICTIONS[1:]),
    )
    rows: list[list[Cell]] = []
    for position, row in enumerate(index.rows):
        values: list[Cell] = [grid.count(position, MEASURES), grid.count(position, DETECTED)]
        values += [grid.count(position, column) for column, _ in RESTRICTIONS]
        contexts = _contexts(notes, values, set(), row.code == "TOTAL")
        rows.append([*_prefix(t.ALL, heading, row.code, grid.other_description(position)), *values, *contexts])
    return Sheet(name, columns, rows)


def own_initiative_illegal_sheet(heading: Heading, measures: Sequence[MeasureFact]) -> Sheet:
    return _own_initiative(
        "5_own_initiative_illegal",
        t.OWN_INITIATIVE_ILLEGAL_COLUMNS,
        t.own_initiative_illegal_rows(),
        DecisionGround.ILLEGAL,
        heading,
        measures,
    )


def own_initiative_tc_sheet(heading: Heading, measures: Sequence[MeasureFact]) -> Sheet:
    return _own_initiative(
        "6_own_initiative_TC",
        t.OWN_INITIATIVE_TC_COLUMNS,
        t.own_initiative_tc_rows(),
        DecisionGround.INCOMPATIBLE,
        heading,
        measures,
    )
