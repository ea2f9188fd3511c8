"""The statement of reasons and the e-mails as people read them, in English and French (Jinja2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from rempart.cases.models import Decision
from rempart.dsa import enums

_env = Environment(
    loader=PackageLoader("rempart.dsa", "templates"),
    undefined=StrictUndefined,
    autoescape=False,  # noqa: S701 - plain-text messages, never HTML
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)

FRENCH = {
    "DECISION_VISIBILITY_CONTENT_REMOVED": "Retrait du contenu",
    "DECISION_VISIBILITY_CONTENT_DISABLED": "Accès au contenu bloqué",
    "DECISION_VISIBILITY_CONTENT_DEMOTED": "Rétrogradation du contenu",
    "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED": "Contenu soumis à une restriction d'âge",
    "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED": "Interactions avec le contenu restreintes",
    "DECISION_VISIBILITY_CONTENT_LABELLED": "Contenu étiqueté",
    "DECISION_VISIBILITY_OTHER": "Autre restriction",
    "DECISION_MONETARY_SUSPENSION": "Suspension des paiements",
    "DECISION_MONETARY_TERMINATION": "Fin des paiements",
    "DECISION_MONETARY_OTHER": "Autre restriction des paiements",
    "DECISION_PROVISION_PARTIAL_SUSPENSION": "Suspension partielle du service",
    "DECISION_PROVISION_TOTAL_SUSPENSION": "Suspension totale du service",
    "DECISION_PROVISION_PARTIAL_TERMINATION": "Fin partielle du service",
    "DECISION_PROVISION_TOTAL_TERMINATION": "Fin totale du service",
    "DECISION_ACCOUNT_SUSPENDED": "Suspension du compte",
    "DECISION_ACCOUNT_TERMINATED": "Fermeture du compte",
}
_ENGLISH = {
    **enums.labels("DECISION_VISIBILITIES"),
    **enums.labels("DECISION_MONETARIES"),
    **enums.labels("DECISION_PROVISIONS"),
    **enums.labels("DECISION_ACCOUNTS"),
}


def restriction_lines(decision: Decision, language: str) -> list[str]:
    names = FRENCH if language == "fr" else _ENGLISH
    values = [*decision.decision_visibility]
    values += [v for v in (decision.decision_monetary, decision.decision_provision, decision.decision_account) if v]
    lines = [names.get(v, v) for v in values]
    for value, other in (
        (enums.VISIBILITY_OTHER, decision.decision_visibility_other),
        (enums.MONETARY_OTHER, decision.decision_monetary_other),
    ):
        if value in values and other:
            lines.append(other)
    return lines


def render(template: str, **values: Any) -> str:
    return _env.get_template(template).render(**values)


def statement_texts(
    decision: Decision,
    *,
    service: str,
    appeal_url: str | None,
    appeal_until: datetime | None,
    ods_bodies: list[str],
    terms_url: str,
    previous: Decision | None = None,
) -> tuple[str, str]:
    """(English, French) text of the statement of reasons for the affected user."""
    scope = sorted(decision.territorial_scope)
    whole_eu = set(scope) >= enums.EU_COUNTRIES
    texts = []
    for language in ("en", "fr"):
        texts.append(
            render(
                f"statement_{language}.txt.j2",
                d=decision,
                service=service,
                restrictions=restriction_lines(decision, language),
                lifted=decision.outcome != "restrict",
                previous=restriction_lines(previous, language) if previous is not None else [],
                scope=scope,
                whole_eu=whole_eu,
                appeal_url=appeal_url,
                appeal_until=appeal_until,
                ods_bodies=ods_bodies,
                terms_url=terms_url,
                illegal=decision.decision_ground == enums.DecisionGround.ILLEGAL,
            )
        )
    return texts[0], texts[1]
