"""The DSA side of the scenario: notices, member-state orders, reviewer decisions, appeals, out-of-court
outcomes and recipients, built from the items the chunks offered as candidates (see FORMATS.md)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import orjson

from rempart.demo.chunk_types import Candidate
from rempart.demo.dsa_people import (
    APPEAL_TEXTS,
    AUTHORITIES,
    EU27,
    EXPLANATIONS,
    NOT_SPECIFIED,
    NOTIFIER_COUNTRIES,
    NOTIFIER_ENTITIES,
    NOTIFIER_NAMES,
    ODS_BODIES,
    RECIPIENT_WEIGHTS,
    TREATMENTS,
    TRUSTED_FLAGGERS,
)
from rempart.demo.timeline import TimeFormatter

REVIEWER_ERROR_RATE = 0.06


def item_url(candidate: Candidate) -> str:
    return f"https://x.com/{candidate.handle}/status/{candidate.item_id}"


class DsaScenario:
    def __init__(self, seed: int, posts: int, candidates: list[Candidate], notice_target: int) -> None:
        self.rng = random.Random(seed * 104_729 + 3)  # noqa: S311 -- synthetic data, not security
        self.posts = posts
        self.candidates = candidates
        self.notice_target = notice_target
        self.times = TimeFormatter()
        self.notices: list[dict[str, Any]] = []
        self.notice_seconds: dict[str, int] = {}
        self.reviews: list[dict[str, Any]] = []
        self.appeals: list[dict[str, Any]] = []
        self.disputes: list[dict[str, Any]] = []
        self.orders: list[dict[str, Any]] = []

    def build(self) -> None:
        noticed: dict[str, list[dict[str, Any]]] = {}
        by_id = {candidate.item_id: candidate for candidate in self.candidates}
        offered = [c for c in self.candidates if c.source == "notice"]
        if len(offered) > self.notice_target:
            offered = [offered[i] for i in sorted(self.rng.sample(range(len(offered)), self.notice_target))]
        targets = offered
        position = 0
        while position < len(targets):
            bundle = [targets[position]]
            if self.rng.random() < 0.15:  # one notice naming several items of the same kind
                for following in targets[position + 1 : position + 4]:
                    if following.label != bundle[0].label:
                        break
                    bundle.append(following)
            position += len(bundle)
            for notice in self._notices_for(bundle):
                for item_id in notice["item_ids"]:
                    noticed.setdefault(item_id, []).append(notice)
        for item_id, notices in noticed.items():
            self._review(by_id[item_id], notices)
        for candidate in self.candidates:
            if candidate.source == "queue" and candidate.item_id not in noticed:
                self._review(candidate, [])
        self._orders()

    # -- notices -----------------------------------------------------------------------------------------

    def _notices_for(self, bundle: list[Candidate]) -> list[dict[str, Any]]:
        notices = [self._notice(bundle, trusted_ok=True)]
        if self.rng.random() < 0.15:  # somebody else reports the same item too
            notices.append(self._notice(bundle[:1], trusted_ok=False))
        return notices

    def _notice(self, bundle: list[Candidate], trusted_ok: bool) -> dict[str, Any]:
        rng = self.rng
        first = bundle[0]
        treatment = TREATMENTS[first.label]
        flaggers = [f for f in TRUSTED_FLAGGERS if first.label in f["labels"]]
        roll = rng.random()
        if trusted_ok and flaggers and roll < 0.45:
            flagger = rng.choice(flaggers)
            notifier = {
                "kind": "trusted_flagger",
                "name": flagger["name"],
                "email": flagger["email"],
                "trusted_flagger_id": flagger["trusted_flagger_id"],
            }
            country = flagger["country"]
        elif roll < 0.75:
            name = rng.choice(NOTIFIER_NAMES)
            email = name.lower().replace(" ", ".").replace("è", "e").rstrip(".") + "@mail.example"
            notifier = {"kind": "individual", "name": name, "email": email, "trusted_flagger_id": None}
            country = rng.choice(NOTIFIER_COUNTRIES)
        else:
            name, country = rng.choice(NOTIFIER_ENTITIES)
            email = "contact@" + name.lower().split()[-1].replace("û", "u") + ".example"
            notifier = {"kind": "entity", "name": name, "email": email, "trusted_flagger_id": None}
        if first.label == "illegal_de":
            country = "DE"
        category, keywords = treatment.category, list(treatment.keywords)
        if notifier["kind"] != "trusted_flagger" and rng.random() < 0.12:
            category, keywords = NOT_SPECIFIED, []
        language = {"DE": "de", "AT": "de", "FR": "fr", "BE": "fr", "LU": "fr"}.get(country, "en")
        latest = max(candidate.seconds for candidate in bundle)
        delay = int(rng.lognormvariate(9.0, 1.4))  # median about 2 h, a long tail of days
        received = latest + 120 + min(delay, 14 * 86_400)
        notice_id = f"N-{len(self.notices) + 1:06d}"
        notice = {
            "notice_id": notice_id,
            "received_at": self.times.iso(received),
            "notifier": notifier,
            "category": category,
            "category_specification": keywords,
            "explanation": EXPLANATIONS[first.label][language],
            "urls": [item_url(candidate) for candidate in bundle],
            "item_ids": [candidate.item_id for candidate in bundle],
            "bona_fide": True,
            "country": country,
            "founded": treatment.founded,
            "label": first.label,
        }
        self.notices.append(notice)
        self.notice_seconds[notice_id] = received
        return notice

    # -- reviewer decisions, appeals and out-of-court disputes -------------------------------------------

    def _review(self, candidate: Candidate, notices: list[dict[str, Any]]) -> None:
        rng = self.rng
        treatment = TREATMENTS[candidate.label]
        mistaken = rng.random() < REVIEWER_ERROR_RATE
        restrict = treatment.founded != mistaken
        start = max((self.notice_seconds[n["notice_id"]] for n in notices), default=candidate.seconds + 600)
        trusted = any(n["notifier"]["kind"] == "trusted_flagger" for n in notices)
        latency = max(2, int(rng.lognormvariate(5.0 if not trusted else 4.0, 0.9)))
        review = {
            "review_id": f"R-{len(self.reviews) + 1:06d}",
            "source": "notice" if notices else "queue",
            "notice_ids": [n["notice_id"] for n in notices],
            "item_id": candidate.item_id,
            "item_url": item_url(candidate),
            "author_id": candidate.author_id,
            "decision": "restrict" if restrict else "no_action",
            "decision_visibility": [treatment.visibility] if restrict else [],
            "decision_ground": treatment.ground if restrict else None,
            "category": treatment.category,
            "category_specification": list(treatment.keywords),
            "territorial_scope": list(treatment.territorial_scope) if restrict else [],
            "reviewer": f"reviewer-{rng.randint(1, 8):02d}",
            "decided_at": self.times.iso(start + latency * 60),
            "latency_minutes": latency,
            "correct": not mistaken,
            "label": candidate.label,
        }
        self.reviews.append(review)
        if restrict and rng.random() < (0.6 if mistaken else 0.2):
            self._appeal(
                review=review,
                candidate=candidate,
                appellant="affected_user",
                decided=start + latency * 60,
                mistaken=mistaken,
                notice=None,
            )
        elif not restrict and notices and rng.random() < (0.6 if mistaken else 0.25):
            self._appeal(
                review=review,
                candidate=candidate,
                appellant="notifier",
                decided=start + latency * 60,
                mistaken=mistaken,
                notice=notices[0],
            )

    def _appeal(
        self,
        *,
        review: dict[str, Any],
        candidate: Candidate,
        appellant: str,
        decided: int,
        mistaken: bool,
        notice: dict[str, Any] | None,
    ) -> None:
        rng = self.rng
        if mistaken:
            outcome = "reversed" if rng.random() < 0.8 else "partially_reversed"
        else:
            roll = rng.random()
            outcome = "upheld" if roll < 0.85 else ("partially_reversed" if roll < 0.95 else "reversed")
        language = candidate.language if candidate.language in ("en", "fr", "de") else "en"
        submitted = decided + rng.randint(600, 5 * 86_400)
        latency = max(30, int(rng.lognormvariate(7.0, 1.0)))
        if notice is None:
            decision_type = "visibility"
            who = {"kind": "affected_user", "account_id": candidate.author_id, "notice_id": None}
        else:
            trusted = notice["notifier"]["kind"] == "trusted_flagger"
            decision_type = "no_action_trusted_flagger_notice" if trusted else "no_action_notice"
            who = {
                "kind": "notifier",
                "account_id": None,
                "notice_id": notice["notice_id"],
                "name": notice["notifier"]["name"],
            }
        appeal = {
            "appeal_id": f"A-{len(self.appeals) + 1:06d}",
            "review_id": review["review_id"],
            "item_id": candidate.item_id,
            "item_url": review["item_url"],
            "appellant": who,
            "decision_type": decision_type,
            "submitted_at": self.times.iso(submitted),
            "text": rng.choice(APPEAL_TEXTS[appellant][language]),
            "language": language,
            "outcome": outcome,
            "latency_minutes": latency,
        }
        self.appeals.append(appeal)
        if outcome == "upheld" and rng.random() < 0.2:
            implemented_roll = rng.random()
            ods_outcome = (
                "upheld"
                if implemented_roll < 0.6
                else ("reversed" if implemented_roll < 0.85 else "partially_reversed")
            )
            self.disputes.append(
                {
                    "dispute_id": f"D-{len(self.disputes) + 1:05d}",
                    "appeal_id": appeal["appeal_id"],
                    "item_id": candidate.item_id,
                    "body": rng.choice(ODS_BODIES),
                    "submitted_at": self.times.iso(submitted + latency * 60 + rng.randint(1, 20) * 86_400),
                    "outcome": ods_outcome,
                    "duration_days": rng.randint(14, 90),
                    "implemented": ods_outcome == "upheld" or rng.random() < 0.8,
                }
            )

    # -- member-state orders (Art. 9 and 10) -------------------------------------------------------------

    def _orders(self) -> None:
        rng = self.rng
        wanted = max(2, min(self.posts // 100_000, 100))
        pools = {
            "DE": [c for c in self.candidates if c.label == "illegal_de"],
            "FR": [c for c in self.candidates if c.label == "hate" and c.language == "fr"],
            "IE": [c for c in self.candidates if c.label in ("copypasta", "campaign")],
        }
        for number in range(wanted):
            state = ("DE", "FR", "IE")[number % 3]
            pool = pools[state]
            if not pool:
                continue
            targets = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
            treatment = TREATMENTS[targets[0].label]
            act = number % 2 == 0
            received = max(c.seconds for c in targets) + rng.randint(1, 10) * 86_400
            self.orders.append(
                {
                    "order_id": f"O-{state}-{number + 1:04d}",
                    "article": "9" if act else "10",
                    "order_type": "act_against_illegal_content" if act else "provide_information",
                    "issuing_member_state": state,
                    "authority": AUTHORITIES[state],
                    "received_at": self.times.iso(received),
                    "category": treatment.category,
                    "category_specification": list(treatment.keywords),
                    "urls": [item_url(c) for c in targets],
                    "item_ids": [c.item_id for c in targets],
                    "account_ids": [] if act else sorted({c.author_id for c in targets}),
                    "territorial_scope": [state] if act else [],
                    "legal_basis": {
                        "DE": "§86a StGB",
                        "FR": "Article 24 de la loi du 29 juillet 1881",
                        "IE": "Criminal Justice (Theft and Fraud Offences) Act 2001",
                    }[state],
                }
            )

    # -- files -------------------------------------------------------------------------------------------

    def write(self, out: Path) -> dict[str, int]:
        _jsonl(out / "notices.jsonl", self.notices)
        _jsonl(out / "reviews.jsonl", self.reviews)
        _jsonl(out / "appeals.jsonl", self.appeals)
        _jsonl(out / "ods.jsonl", self.disputes)
        _jsonl(out / "orders.jsonl", self.orders)
        flaggers = [{k: v for k, v in f.items() if k != "labels"} for f in TRUSTED_FLAGGERS]
        (out / "trusted_flaggers.json").write_bytes(orjson.dumps(flaggers, option=orjson.OPT_INDENT_2) + b"\n")
        (out / "recipients.json").write_bytes(orjson.dumps(self._recipients(), option=orjson.OPT_INDENT_2) + b"\n")
        return {
            "notices": len(self.notices),
            "orders": len(self.orders),
            "reviews": len(self.reviews),
            "appeals": len(self.appeals),
            "ods": len(self.disputes),
        }

    def _recipients(self) -> dict[str, Any]:
        total = max(50_000, self.posts * 4)
        weight_sum = sum(RECIPIENT_WEIGHTS.values())
        per_state = {
            state: int(total * RECIPIENT_WEIGHTS[state] / weight_sum * self.rng.uniform(0.9, 1.1)) for state in EU27
        }
        return {
            "period": {"from": "2024-08-01", "to": "2024-10-31"},
            "method": "unique logged-in and logged-out recipients per month, averaged over the period",
            "average_monthly_active_recipients": per_state,
            "total": sum(per_state.values()),
        }


def _jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    with path.open("wb") as stream:
        for record in records:
            stream.write(orjson.dumps(record) + b"\n")
