"""Who takes part in the DSA scenario: trusted flaggers, notifiers, authorities, dispute bodies, and what
each kind of content is reported and decided as (TDB category, keywords, visibility, ground)."""

from __future__ import annotations

from typing import Any, NamedTuple

ILLEGAL = "DECISION_GROUND_ILLEGAL_CONTENT"
INCOMPATIBLE = "DECISION_GROUND_INCOMPATIBLE_CONTENT"
NOT_SPECIFIED = "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE"

TRUSTED_FLAGGERS: tuple[dict[str, Any], ...] = (
    {
        "trusted_flagger_id": "TF-DE-01",
        "name": "Netzwache e.V.",
        "email": "meldungen@netzwache.example",
        "country": "DE",
        "designated_by": "DE Digital Services Coordinator",
        "categories": ["STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY", "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"],
        "labels": ["illegal_de", "hate"],
    },
    {
        "trusted_flagger_id": "TF-FR-01",
        "name": "Observatoire des discours haineux",
        "email": "signalements@observatoire-discours.example",
        "country": "FR",
        "designated_by": "FR Digital Services Coordinator",
        "categories": ["STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"],
        "labels": ["hate"],
    },
    {
        "trusted_flagger_id": "TF-IE-01",
        "name": "Scam Watch Ireland",
        "email": "reports@scamwatch.example",
        "country": "IE",
        "designated_by": "IE Digital Services Coordinator",
        "categories": ["STATEMENT_CATEGORY_SCAMS_AND_FRAUD"],
        "labels": ["copypasta"],
    },
)


class Treatment(NamedTuple):
    """How content with one ground-truth label is reported and, when founded, restricted."""

    category: str
    keywords: tuple[str, ...]
    founded: bool
    visibility: str
    ground: str
    territorial_scope: tuple[str, ...]


EU27 = ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
        "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK")  # fmt: skip

TREATMENTS = {
    "hate": Treatment("STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", ("KEYWORD_HATE_SPEECH",), True,
                      "DECISION_VISIBILITY_CONTENT_REMOVED", ILLEGAL, EU27),
    "illegal_de": Treatment("STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY", ("KEYWORD_ILLEGAL_ORGANIZATIONS",), True,
                            "DECISION_VISIBILITY_CONTENT_DISABLED", ILLEGAL, ("DE",)),
    "copypasta": Treatment("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", ("KEYWORD_PHISHING",), True,
                           "DECISION_VISIBILITY_CONTENT_REMOVED", INCOMPATIBLE, EU27),
    "false_claim": Treatment("STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
                             ("KEYWORD_MISINFORMATION_DISINFORMATION",), True,
                             "DECISION_VISIBILITY_CONTENT_LABELLED", INCOMPATIBLE, EU27),
    "campaign": Treatment("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", ("KEYWORD_INAUTHENTIC_ACCOUNTS",), True,
                          "DECISION_VISIBILITY_CONTENT_DEMOTED", INCOMPATIBLE, EU27),
    "ordinary": Treatment("STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", ("KEYWORD_DEFAMATION",), False,
                          "DECISION_VISIBILITY_CONTENT_REMOVED", ILLEGAL, EU27),
    "campaign_filler": Treatment("STATEMENT_CATEGORY_CYBER_VIOLENCE", ("KEYWORD_CYBER_HARASSMENT",), False,
                                 "DECISION_VISIBILITY_CONTENT_REMOVED", INCOMPATIBLE, EU27),
}  # fmt: skip

EXPLANATIONS = {
    "hate": {
        "en": "This post attacks people for their religion, origin or sexual orientation and calls them vermin.",
        "fr": "Ce message déshumanise des personnes en raison de leur religion, origine ou orientation sexuelle.",
        "de": "Dieser Beitrag hetzt gegen Menschen wegen ihrer Religion, Herkunft oder sexuellen Orientierung.",
    },
    "illegal_de": {
        "en": "The post uses a Nazi slogan, which is a criminal offence in Germany (§86a StGB).",
        "fr": "Le message utilise un slogan nazi, interdit en Allemagne (§86a StGB).",
        "de": "Der Beitrag verwendet eine NS-Parole, strafbar nach §86a StGB.",
    },
    "copypasta": {
        "en": "This is a crypto giveaway scam impersonating Elon Musk / a fake offer asking for money.",
        "fr": "C'est une arnaque : fausse offre qui demande de l'argent ou des données bancaires.",
        "de": "Betrug: ein gefälschtes Gewinnspiel, das Geld verlangt.",
    },
    "false_claim": {
        "en": "This spreads a claim fact-checkers have shown to be false, ahead of an election.",
        "fr": "Ce message répand une affirmation démentie par les vérificateurs de faits.",
        "de": "Dieser Beitrag verbreitet eine von Faktencheckern widerlegte Behauptung.",
    },
    "campaign": {
        "en": "Dozens of new accounts post the same message and link within minutes: looks like a bot network.",
        "fr": "Des dizaines de comptes récents publient le même message en quelques minutes : réseau de bots.",
        "de": "Dutzende neue Konten posten dieselbe Nachricht innerhalb von Minuten.",
    },
    "ordinary": {
        "en": "I find this post offensive and defamatory, please remove it.",
        "fr": "Ce message est insultant et diffamatoire, merci de le supprimer.",
        "de": "Dieser Beitrag ist beleidigend, bitte löschen.",
    },
}
EXPLANATIONS["campaign_filler"] = EXPLANATIONS["ordinary"]

NOTIFIER_NAMES = ("Camille R.", "Julien M.", "Sarah K.", "Aoife B.", "Thomas W.", "Lena S.", "Nadia B.",
                  "Patrick O.", "Inès D.", "Jonas F.", "Emma L.", "Karim H.")  # fmt: skip
NOTIFIER_ENTITIES = (
    ("Association Respect en ligne", "FR"),
    ("Digital Dignity Foundation", "IE"),
    ("Verein gegen Hass im Netz", "DE"),
    ("Fondation Numérique Sûr", "BE"),
)
NOTIFIER_COUNTRIES = ("FR", "FR", "FR", "IE", "DE", "DE", "BE", "NL", "ES", "IT")

AUTHORITIES = {
    "DE": "Bundeskriminalamt — Zentrale Meldestelle für strafbare Inhalte im Internet",
    "FR": "Office central de lutte contre les crimes contre l'humanité, les génocides et les crimes de guerre",
    "IE": "An Garda Síochána — National Cyber Crime Bureau",
}

ODS_BODIES = ("Appeals Board Europe (demo)", "Online Dispute Chamber (demo)", "Streitbeilegungsstelle Digital (demo)")

APPEAL_TEXTS: dict[str, dict[str, tuple[str, ...]]] = {
    "affected_user": {
        "en": ("This was a joke, nothing illegal.", "You removed my post by mistake, please restore it.",
               "This is censorship of a legitimate opinion."),
        "fr": ("C'était de l'humour, rien d'illégal.", "Mon message a été supprimé par erreur.",
               "C'est de la censure d'une opinion légitime."),
        "de": ("Das war ironisch gemeint.", "Mein Beitrag wurde zu Unrecht gesperrt."),
    },
    "notifier": {
        "en": ("The post is still online although it is clearly hateful.", "Please look again, this is illegal."),
        "fr": ("Le message est toujours en ligne alors qu'il est clairement illégal.", "Merci de réexaminer."),
        "de": ("Der Beitrag ist weiterhin online, obwohl er strafbar ist.", "Bitte erneut prüfen."),
    },
}  # fmt: skip

# Share of recipients per member state (roughly by population and use), for the AMAR sheet.
RECIPIENT_WEIGHTS = {
    "DE": 16.5, "FR": 15.2, "IT": 11.0, "ES": 10.8, "PL": 6.5, "NL": 4.2, "BE": 2.6, "SE": 2.3, "IE": 1.9,
    "PT": 2.0, "AT": 1.8, "CZ": 1.9, "RO": 3.1, "GR": 2.0, "HU": 1.6, "DK": 1.2, "FI": 1.1, "SK": 0.9,
    "BG": 1.0, "HR": 0.7, "LT": 0.5, "SI": 0.4, "LV": 0.3, "EE": 0.3, "CY": 0.2, "LU": 0.2, "MT": 0.1,
}  # fmt: skip
