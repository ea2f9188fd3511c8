"""Ordinary conversation in German (a smaller share of the stream, and the carrier of the §86a posts)."""

from __future__ import annotations

from rempart.demo.content.pools import Language, Topic, lines

INTERVIEW = Topic(
    "interview",
    4,
    lines("""
        das {a} von Musk und Trump hat mit {b} Verspätung angefangen
        Musk spricht von einem DDoS-Angriff, das {a} war {b} lang weg
        habe versucht, das {a} zu hören, nach {b} aufgegeben
        die Panne war spannender als das {a} selbst
    """),
    lines("""
        Interview
        Gespräch
        Live-Gespräch
        Space
    """),
    lines("""
        40 Minuten
        fast einer Stunde
        einer halben Ewigkeit
        einer Dreiviertelstunde
    """),
    lines("""
        Musk
        Trump
        DDoS
    """),
)

BRETON = Topic(
    "breton",
    3,
    lines("""
        Bretons Brief an Musk zum DSA ist überall, {b}
        der DSA-Streit mit X dreht sich um {a}, nicht um ein Interview
        Breton ist zurückgetreten, {b}
        wer von Zensur redet, hat den Brief nicht gelesen, {b}
    """),
    lines("""
        Moderation
        Transparenz
        Desinformation
        Risikobewertung
    """),
    lines("""
        mutig
        ungeschickt
        erwartbar
        erstaunlich
    """),
    lines("""
        DSA
        Breton
        EU
    """),
)

EVERYDAY = Topic(
    "everyday",
    9,
    lines("""
        {a} heute Morgen, {b}
        endlich mal {a} nach dieser Woche, {b}
        schon wieder ist die Bahn ausgefallen, {b}
        erster Arbeitstag nach dem Urlaub, {b}
        meine Katze findet, dass 5 Uhr Frühstückszeit ist, {b}
        Grillen mit den Nachbarn, {b}
        Regenwochenende, perfekt für {a}
        schon September? {b}
        die Baustelle vor meinem Haus nervt, {b}
    """),
    lines("""
        Kaffee
        Sonne
        Fußball
        Radfahren
        Jazz
        Schlaf
        Brezeln
        Gartenarbeit
    """),
    lines("""
        herrlich
        was für eine Woche
        kann man nicht meckern
        klassisch
        genau richtig
        Hilfe
    """),
    lines("""
        Wochenende
        Kaffee
        Montag
        Bundesliga
    """),
)

SPORT = Topic(
    "sport",
    4,
    lines("""
        die Bundesliga ist zurück und mein Verein sieht schon {b} aus
        das {a} gestern Abend, {b}
        die Paralympics waren {b}
    """),
    lines("""
        Spiel
        Finale
        Derby
        Rennen
    """),
    lines("""
        unglaublich
        müde
        großartig
        ein Drama
    """),
    lines("""
        Bundesliga
        Paralympics
        Fußball
    """),
)

GERMAN = Language(
    "de",
    (INTERVIEW, BRETON, EVERYDAY, SPORT),
    lines("""
        ~
        ~
        ~
        ~
        Ehrlich gesagt,
        Also
        Kurz gesagt:
        Heute:
        Übrigens,
    """),
    lines("""
        Meinungen?
        Nicht überraschend.
        Was für Zeiten.
        Na ja.
        Mal sehen.
        Schönes Wochenende!
        Gute Nacht.
    """),
    lines("""
        Genau,
        Stimmt,
        Eher nicht,
        Danke fürs Teilen,
        Quelle?
    """),
    lines("""
        Lesenswert.
        Interessant.
        Genau so.
    """),
    lines("""
        Guter Artikel dazu:
        Lesenswert:
        Hier der Artikel:
    """),
)
