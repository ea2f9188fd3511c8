"""Ordinary conversation in French, août-octobre 2024."""

from __future__ import annotations

from rempart.demo.content.pools import Language, Topic, lines

INTERVIEW = Topic(
    "interview",
    6,
    lines("""
        l'{a} entre Musk et Trump a commencé avec {b} de retard
        donc l'{a} de Trump sur X a planté et Musk parle d'une attaque DDoS
        toujours en train d'attendre que l'{a} se lance, {b} déjà
        Musk accuse une "attaque DDoS massive" pour expliquer {b} de bugs
        l'{a} a fini par démarrer après {b}, la moitié de la France dormait
        j'ai essayé d'écouter l'{a} cette nuit, abandonné au bout de {b}
        {b} d'écran noir puis Trump qui parle de la taille de ses meetings
        franchement la panne était plus intéressante que l'{a} elle-même
        comment une plateforme pareille n'arrive pas à faire tenir l'{a} pendant {b}
        tout mon fil parle de l'{a} ce soir
        écouté toute l'{a}, {b} de slogans de campagne
        les chiffres d'audience annoncés par X pour l'{a} sont très créatifs
        DDoS ou simplement trop de monde ? l'{a} a sauté pendant {b}
    """),
    lines("""
        interview
        émission
        entretien
        interview audio
        interview en direct
        échange en direct
    """),
    lines("""
        40 minutes
        presque une heure
        plus d'une demi-heure
        trois quarts d'heure
        une éternité
        quarante bonnes minutes
    """),
    lines("""
        Musk
        Trump
        DDoS
        X
        Présidentielle2024
    """),
)

BRETON = Topic(
    "breton",
    4,
    lines("""
        Thierry Breton a envoyé une lettre à Musk sur le DSA juste avant l'{a}
        la lettre de Breton à X est partout sur mon fil, {b}
        Breton rappelle à Musk ses obligations DSA, {b}
        la Commission dit que la lettre de Breton n'était pas validée par von der Leyen, {b}
        le débat sur le DSA et la {a} revient, grâce à une seule lettre
        je lis la lettre de Breton à Musk, c'est surtout un rappel sur la {a}
        Musk a répondu à Breton avec un mème, {b}
        Breton a démissionné de la Commission, difficile de dire si l'affaire X a compté
        l'enquête DSA contre X porte sur la {a}, pas sur une interview
        ceux qui parlent de censure n'ont visiblement pas lu la lettre, {b}
        bon thread sur ce que le DSA permet vraiment à la Commission en matière de {a}
    """),
    lines("""
        modération
        transparence
        désinformation
        amplification des contenus
        coche bleue
        gestion des risques
        régulation
    """),
    lines("""
        gonflé
        maladroit
        prévisible
        étonnant
        très européen
        logique
        pas très habile
    """),
    lines("""
        DSA
        Breton
        UE
        LibertéDExpression
        Musk
    """),
)

STARLINK_UKRAINE = Topic(
    "starlink_ukraine",
    3,
    lines("""
        nouvelle enquête sur les {a} Starlink en Ukraine, {b}
        sans Starlink les unités de drones ukrainiennes seraient aveugles, {b}
        le Pentagone paie désormais les {a} Starlink pour l'Ukraine
        le refus de Musk d'étendre Starlink près de la Crimée en 2022 revient dans chaque débat
        des unités russes utiliseraient des {a} Starlink de contrebande, {b}
        la guerre en Ukraine montre à quel point tout dépend des {a} satellitaires
        l'histoire de Starlink en Ukraine est plus compliquée que les titres, {b}
    """),
    lines("""
        terminaux
        antennes
        connexions
        liaisons
        communications
    """),
    lines("""
        à lire
        inquiétant
        difficile à vérifier
        pas étonnant
        bon résumé
        compliqué
    """),
    lines("""
        Starlink
        Ukraine
        SpaceX
    """),
)

STARLINK_TAIWAN = Topic(
    "starlink_taiwan",
    2,
    lines("""
        toujours pas de Starlink {a} à Taïwan, des élus américains demandent pourquoi
        Taïwan construit son propre réseau satellite plutôt que de dépendre de Starlink, {b}
        la question Starlink à Taïwan, c'est surtout une question de {a}
        les propos de Musk sur Taïwan rendent le dossier Starlink {b}
        pourquoi Starlink en Ukraine mais pas au-dessus de Taïwan ? {b}
    """),
    lines("""
        disponible
        autorisé
        souveraineté
        dépendance
        couverture
    """),
    lines("""
        logique
        intéressant
        bien vu
        délicat
        pas surprenant
    """),
    lines("""
        Taïwan
        Starlink
        Chine
    """),
)

POLITICS = Topic(
    "politics",
    4,
    lines("""
        toujours pas de gouvernement, {b}
        le {a} de ce soir va encore être un grand moment de télé
        Barnier à Matignon, {b}
        la rentrée politique s'annonce {b}
        le {a} entre Harris et Trump, vu de France c'est {b}
        mon oncle a encore un avis sur le {a}, {b}
    """),
    lines("""
        débat
        remaniement
        budget
        discours
        sondage
        duel
    """),
    lines("""
        on verra
        sans surprise
        épuisant
        surréaliste
        compliqué
        comme d'habitude
    """),
    lines("""
        politique
        Barnier
        Harris
        Trump
    """),
)

EVERYDAY = Topic(
    "everyday",
    9,
    lines("""
        {a} ce matin, {b}
        enfin un peu de {a} après cette semaine, {b}
        rien de mieux que du {a} le dimanche
        encore un train supprimé, {b}
        commencé un livre sur l'histoire du {a}, {b}
        les travaux dans ma rue recommencent, {b}
        pâtes pour toute la famille ce soir, {b}
        premier jour de boulot après les vacances, {b}
        mon chat a décidé que 5h c'était l'heure du petit-déj, {b}
        footing le long de la Seine, {b}
        la rentrée avec deux enfants, {b}
        le nouveau café près du bureau fait un {a} incroyable
        week-end pluvieux, parfait pour du {a}
        coupure de courant dans tout le quartier, {b}
        déjà septembre ? {b}
    """),
    lines("""
        café
        soleil
        jardinage
        pain
        vélo
        jazz
        sommeil
        fromage
        cinéma
    """),
    lines("""
        on ne se plaint pas
        trop bien
        quelle semaine
        au secours
        petit bonheur
        ça pourrait être pire
        le rêve
        classique
        aucun regret
    """),
    lines("""
        rentrée
        weekend
        café
        lundi
        pluie
    """),
)

SPORT = Topic(
    "sport",
    4,
    lines("""
        toujours pas remis de la cérémonie de clôture des JO, {b}
        la {a} des Jeux paralympiques ce soir, {b}
        cette {a} à la dernière minute, {b}
        Paris 2024 a vraiment tenu ses promesses, {b}
        la Ligue 1 reprend et mon équipe est déjà {b}
        regardé la {a} entre amis, {b}
    """),
    lines("""
        finale
        course
        demi-finale
        remontée
        victoire
        cérémonie
    """),
    lines("""
        des frissons
        incroyable
        quelle fin
        crève-cœur
        trop fiers
        n'importe quoi
    """),
    lines("""
        Paris2024
        JeuxParalympiques
        Ligue1
        JO
    """),
)

FRENCH = Language(
    "fr",
    (INTERVIEW, BRETON, STARLINK_UKRAINE, STARLINK_TAIWAN, POLITICS, EVERYDAY, SPORT),
    lines("""
        ~
        ~
        ~
        ~
        ~
        ~
        Franchement,
        mdr
        Bon,
        Attendez.
        Info :
        Sérieux,
        Petit rappel :
        Avis perso :
        Moi :
        Aujourd'hui :
        Bref,
        Alors
        Apparemment
        Je viens de voir que
        J'avoue,
    """),
    lines("""
        Vos avis ?
        Pas surpris.
        On vit une époque formidable.
        On n'invente rien.
        Bref.
        Ça ne s'invente pas.
        Je dis ça, je dis rien.
        À suivre.
        Dingue.
        C'est tout.
        On verra bien.
        Personne n'a demandé mais voilà.
        Fallait le dire.
        Longue journée.
        Bon courage à tous.
        Je garde ça sous le coude.
        Quelle époque.
    """),
    lines("""
        Tout à fait,
        Exactement,
        Pas sûr,
        Ça.
        Non, désolé.
        Je venais dire la même chose,
        Bien vu,
        mdr
        Source ?
        Pareil,
        Pas du tout d'accord,
        Merci pour le partage,
    """),
    lines("""
        À lire.
        Intéressant.
        Tout est dit.
        Non.
        Enfin quelqu'un qui le dit.
        Je garde.
        Tellement vrai.
    """),
    lines("""
        Bon article là-dessus :
        À lire :
        Article intéressant :
        Lisez ça avant de commenter :
        Ça explique bien :
        Tout le monde partage ça :
        L'article :
    """),
)
