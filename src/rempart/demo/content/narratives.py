"""The scenario's false claims, the narratives campaigns push, and the outlets and fact-checkers around them.

Every organisation and domain here is fictional; domains use the reserved `.example` top-level domain.
"""

from __future__ import annotations

from typing import NamedTuple

from rempart.demo.content.pools import lines


class Claim(NamedTuple):
    """A claim fact-checkers rated: its wording in both languages, the rating, and paraphrases (clauses)."""

    id: str
    text_en: str
    text_fr: str
    rating_en: str
    rating_fr: str
    rating_value: int
    first_seen: str
    paraphrases_en: tuple[str, ...]
    paraphrases_fr: tuple[str, ...]


CLAIMS = (
    Claim(
        "ddos_democrats",
        "The DDoS attack that disrupted the Musk-Trump interview on X was ordered by the Democratic Party.",
        "L'attaque DDoS qui a perturbé l'interview Musk-Trump sur X a été commanditée par le Parti démocrate.",
        "False",
        "Faux",
        1,
        "2024-08-13",
        lines("""
            the DDoS attack on the Trump Space was ordered by the Democrats
            the Dems paid hackers to take down Elon's Space with Trump
            the DNC was behind the DDoS that crashed the Musk interview
            the "attack" on X last night came straight from the Democratic Party
            Democrat operatives DDoSed X to silence Trump
            the Democrats sabotaged the Musk-Trump interview with a cyberattack
            the attack on the Trump interview was a Democratic Party operation
        """),
        lines("""
            l'attaque DDoS contre l'interview de Trump a été commanditée par les démocrates
            les démocrates ont payé des hackers pour faire tomber l'interview Musk-Trump
            le Parti démocrate est derrière l'attaque qui a fait planter X
            la cyberattaque contre l'interview de Trump vient directement des démocrates
            les démocrates ont saboté l'interview de Musk pour faire taire Trump
        """),
    ),
    Claim(
        "eu_ban_x",
        "The European Union has decided to ban X in Europe after Thierry Breton's letter.",
        "L'Union européenne a décidé d'interdire X en Europe après la lettre de Thierry Breton.",
        "False",
        "Faux",
        1,
        "2024-08-13",
        lines("""
            the EU has decided to ban X in Europe
            Brussels is shutting down X across the EU next month
            X will be banned in every EU country because of Breton's letter
            the EU just voted to block X in Europe
        """),
        lines("""
            l'UE a décidé d'interdire X en Europe
            Bruxelles va couper X dans toute l'Union le mois prochain
            X sera interdit dans tous les pays de l'UE à cause de la lettre de Breton
            l'Europe vient de voter l'interdiction de X
        """),
    ),
    Claim(
        "breton_ordered_censorship",
        "Thierry Breton ordered X to censor Donald Trump's interview.",
        "Thierry Breton a ordonné à X de censurer l'interview de Donald Trump.",
        "Misleading",
        "Trompeur",
        2,
        "2024-08-12",
        lines("""
            Breton ordered X to censor the Trump interview
            the EU demanded that Musk cut Trump off in Europe
            Brussels told X to block the Trump interview for Europeans
            Breton's letter was an order to censor Trump
        """),
        lines("""
            Breton a ordonné à X de censurer l'interview de Trump
            l'UE a exigé que Musk coupe Trump pour les Européens
            Bruxelles a demandé à X de bloquer l'interview de Trump en Europe
            la lettre de Breton était un ordre de censurer Trump
        """),
    ),
    Claim(
        "starlink_off_ukraine",
        "Elon Musk switched off Starlink for the whole of Ukraine.",
        "Elon Musk a coupé Starlink dans toute l'Ukraine.",
        "False",
        "Faux",
        1,
        "2024-09-02",
        lines("""
            Musk switched off Starlink for the whole of Ukraine
            Elon cut Ukraine's Starlink access to help Putin
            Starlink no longer works anywhere in Ukraine because Musk turned it off
        """),
        lines("""
            Musk a coupé Starlink dans toute l'Ukraine
            Elon a coupé l'accès de l'Ukraine à Starlink pour aider Poutine
            Starlink ne marche plus nulle part en Ukraine parce que Musk l'a éteint
        """),
    ),
    Claim(
        "starlink_taiwan_china",
        "Starlink secretly passes Taiwan's communications to China.",
        "Starlink transmet en secret les communications de Taïwan à la Chine.",
        "False",
        "Faux",
        1,
        "2024-09-20",
        lines("""
            Starlink secretly hands Taiwan's communications over to Beijing
            SpaceX is spying on Taiwan for China through Starlink
            every Starlink signal over Taiwan goes straight to the Chinese army
        """),
        lines("""
            Starlink transmet en secret les communications de Taïwan à Pékin
            SpaceX espionne Taïwan pour la Chine grâce à Starlink
            chaque signal Starlink au-dessus de Taïwan part directement à l'armée chinoise
        """),
    ),
    Claim(
        "billion_listeners",
        "A billion people listened live to the Musk-Trump interview.",
        "Un milliard de personnes ont écouté en direct l'interview Musk-Trump.",
        "Misleading",
        "Trompeur",
        2,
        "2024-08-13",
        lines("""
            a billion people listened live to the Musk-Trump interview
            one billion listeners tuned in live to Trump on X
            the Trump Space had a billion live listeners, biggest event in history
        """),
        lines("""
            un milliard de personnes ont écouté l'interview Musk-Trump en direct
            l'interview de Trump sur X a eu un milliard d'auditeurs en direct
        """),
    ),
)


class Narrative(NamedTuple):
    """What a coordinated campaign pushes: paraphrasable clauses, the claim it repeats (if any), its sites."""

    id: str
    claim_id: str | None
    clauses_en: tuple[str, ...]
    clauses_fr: tuple[str, ...]
    hashtags: tuple[str, ...]
    sites: tuple[str, ...]
    slugs: tuple[str, ...]


def _claim(claim_id: str) -> Claim:
    return next(claim for claim in CLAIMS if claim.id == claim_id)


NARRATIVES = (
    Narrative(
        "ddos_ordered_by_democrats",
        "ddos_democrats",
        _claim("ddos_democrats").paraphrases_en,
        _claim("ddos_democrats").paraphrases_fr,
        ("DemsDDoS", "FreeSpeech", "Trump2024"),
        ("patriot-signal.example", "freedom-dispatch.example"),
        ("ddos-democrats-exposed", "who-attacked-x", "dnc-cyberattack-proof", "the-truth-about-the-outage"),
    ),
    Narrative(
        "breton_censors_free_speech",
        "breton_ordered_censorship",
        lines("""
            Breton wants to censor free speech in Europe
            the DSA is just a censorship machine run by Breton
            unelected Brussels bureaucrats want to decide what we can say
            Breton is trying to silence Musk and every one of us
            the EU's DSA is the end of free speech
        """),
        lines("""
            Breton veut censurer la liberté d'expression en Europe
            le DSA n'est qu'une machine à censurer pilotée par Breton
            des bureaucrates non élus de Bruxelles veulent décider de ce qu'on a le droit de dire
            Breton veut faire taire Musk et chacun d'entre nous
            le DSA de l'UE signe la fin de la liberté d'expression
        """),
        ("StopDSA", "FreeSpeech", "BretonCensure"),
        ("libre-verite.example", "reinformation-hebdo.example"),
        ("breton-censure-dsa", "dsa-fin-liberte", "brussels-vs-musk", "censorship-files"),
    ),
    Narrative(
        "eu_will_ban_x",
        "eu_ban_x",
        _claim("eu_ban_x").paraphrases_en,
        _claim("eu_ban_x").paraphrases_fr,
        ("SaveX", "EUCensorship", "DSA"),
        ("the-real-story.example", "libre-verite.example"),
        ("eu-ban-x-leaked", "x-interdit-europe", "brussels-shutdown-plan"),
    ),
    Narrative(
        "starlink_betrayed_ukraine",
        "starlink_off_ukraine",
        _claim("starlink_off_ukraine").paraphrases_en,
        _claim("starlink_off_ukraine").paraphrases_fr,
        ("StarlinkBetrayal", "Ukraine", "MuskPutin"),
        ("eastern-front-truth.example", "the-real-story.example"),
        ("starlink-switched-off", "musk-putin-deal", "ukraine-blackout"),
    ),
    Narrative(
        "starlink_spies_on_taiwan",
        "starlink_taiwan_china",
        _claim("starlink_taiwan_china").paraphrases_en,
        _claim("starlink_taiwan_china").paraphrases_fr,
        ("StarlinkSpy", "Taiwan", "SpaceXLeaks"),
        ("pacific-insider.example", "freedom-dispatch.example"),
        ("starlink-taiwan-leak", "spacex-beijing-files", "taiwan-signals"),
    ),
)

CAMPAIGN_FRAMES_EN = lines("""
    They don't want you to know: {c}.
    Wake up people, {c}.
    It's now obvious that {c}.
    {C}. Share before it's deleted!
    Confirmed: {c}.
    Nobody in the media will say it but {c}.
    Let that sink in: {c}.
    The proof is out, {c}.
    {C}. Do your own research.
    Read this and tell me I'm wrong: {c}.
    {C}!!
    Still think it's a coincidence? {C}.
""")

CAMPAIGN_FRAMES_FR = lines("""
    Ce qu'on ne vous dira pas : {c}.
    Réveillez-vous, {c}.
    C'est maintenant évident, {c}.
    {C}. Partagez avant que ce soit supprimé !
    Confirmé : {c}.
    Aucun média n'en parle mais {c}.
    Les preuves sont là, {c}.
    {C}. Renseignez-vous.
    Lisez ça et dites-moi que j'ai tort : {c}.
    {C} !!
    Toujours une coïncidence ? {C}.
""")

ORGANIC_CLAIM_FRAMES_EN = lines("""
    Apparently {c}.
    So {c}. Wow.
    My cousin swears {c}.
    Saw on TV that {c}
    {C}, unbelievable.
    lol {c}
    Hearing that {c}, makes sense honestly
    {C}. Not surprised.
""")

ORGANIC_CLAIM_FRAMES_FR = lines("""
    Apparemment {c}.
    Donc {c}. Incroyable.
    Mon cousin jure que {c}.
    Vu à la télé que {c}
    {C}, hallucinant.
    mdr {c}
    J'entends que {c}, logique en fait
    {C}. Pas surpris.
""")


class Outlet(NamedTuple):
    name: str
    domain: str
    language: str


NEWS_OUTLETS = (
    Outlet("Le Quotidien numérique", "www.le-quotidien-numerique.example", "fr"),
    Outlet("Courrier européen", "www.courrier-europeen.example", "fr"),
    Outlet("Journal du Soir", "www.journal-du-soir.example", "fr"),
    Outlet("Eurowire News", "www.eurowire-news.example", "en"),
    Outlet("The Atlantic Ledger", "www.atlantic-ledger.example", "en"),
    Outlet("Daily Dispatch", "www.daily-dispatch.example", "en"),
    Outlet("Tech Frontline", "www.tech-frontline.example", "en"),
    Outlet("Berliner Blatt", "www.berliner-blatt.example", "de"),
)

ARTICLE_SLUGS = {
    "interview": lines("""
        musk-trump-interview-x-outage
        x-spaces-crash-ddos-claim
        what-we-know-about-the-x-ddos
        trump-musk-conversation-delayed
        interview-musk-trump-panne
    """),
    "breton": lines("""
        breton-letter-musk-dsa
        commission-distances-itself-from-breton-letter
        dsa-what-the-letter-says
        breton-resigns-commission
        lettre-breton-musk-dsa
    """),
    "starlink_ukraine": lines("""
        starlink-ukraine-frontline
        pentagon-starlink-contract
        russian-forces-starlink-terminals
        starlink-ukraine-enquete
    """),
    "starlink_taiwan": lines("""
        starlink-taiwan-lawmakers
        taiwan-satellite-network-plan
        starlink-taiwan-souverainete
    """),
    "election": lines("""
        harris-trump-debate-analysis
        swing-state-polls-september
        debat-harris-trump-analyse
    """),
    "everyday": lines("""
        heatwave-end-of-august
        rentree-scolaire-prix
        rail-strike-weekend
    """),
    "sport": lines("""
        paralympics-closing-ceremony
        paris-2024-legacy
        jo-paris-bilan
    """),
}
ARTICLE_TOPICS = tuple(ARTICLE_SLUGS)


class FactChecker(NamedTuple):
    name: str
    url: str
    language: str


FACT_CHECKERS = (
    FactChecker("FactCheck Atlantic", "https://factcheck-atlantic.example", "en"),
    FactChecker("Truth Meter Europe", "https://truthmeter-europe.example", "en"),
    FactChecker("Vérif'Europe", "https://verif-europe.example", "fr"),
    FactChecker("Les Vigies de l'info", "https://vigies-info.example", "fr"),
)
