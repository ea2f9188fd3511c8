"""Ordinary conversation in English, August-October 2024."""

from __future__ import annotations

from rempart.demo.content.pools import Language, Topic, lines

INTERVIEW = Topic(
    "interview",
    6,
    lines("""
        the {a} with Musk and Trump started {b} late
        so the Trump interview on X went down {b} in and Musk says it was a DDoS
        still waiting for the {a} to load, {b} and counting
        Musk blaming a "massive DDoS attack" for the {a} glitches, {b} of silence
        the {a} finally started after {b}, half of us had already gone to bed
        tried to listen to the {a} last night, gave up after {b}
        the {a} kept crashing for {b}, not a great ad for X
        {b} of "this Space is not available" and then suddenly Trump talking about crowd sizes
        honestly the {a} itself was less interesting than the outage
        can someone explain why a platform that size can't keep a {a} up for {b}
        my feed is 100% about the {a} tonight
        listened to the whole {a}, {b} of mostly campaign talking points
        the {a} numbers X announced look very creative
        a DDoS or just too many people? the {a} was down for {b}
    """),
    lines("""
        Space
        X Space
        livestream
        live audio chat
        interview
        Musk/Trump stream
        big conversation
        Spaces event
        Trump chat
    """),
    lines("""
        40 minutes
        like 40 min
        almost an hour
        over half an hour
        forty-odd minutes
        ages
        a good 45 minutes
        way too long
    """),
    lines("""
        TrumpMusk
        XSpaces
        DDoS
        Musk
        Trump
        Election2024
    """),
)

BRETON = Topic(
    "breton",
    4,
    lines("""
        Thierry Breton sent Musk a letter about the DSA right before the {a}
        the EU {b} letter to X is all over my timeline
        Breton reminding Musk of his DSA obligations, {b} move if you ask me
        so the Commission says Breton's letter was not cleared by von der Leyen, {b}
        the DSA {a} debate is back, thanks to one letter from Breton
        reading Breton's letter to Musk now, it is mostly a reminder about {a}
        Musk replied to Breton with a meme, very {b}
        the White House and the Commission both distancing themselves from the Breton {a}
        Breton resigned from the Commission, nobody knows if the X {a} played a part
        the DSA case against X is about {a}, not about one interview
        people calling Breton's letter {b} have clearly not read it
        interesting thread on what the DSA actually allows the Commission to do about {a}
    """),
    lines("""
        letter
        amplification of harmful content
        illegal content
        risk assessments
        blue checkmarks
        transparency
        content moderation
        enforcement
        spillover effects
    """),
    lines("""
        bold
        clumsy
        predictable
        surprising
        awkward
        overdue
        unusual
        very European
    """),
    lines("""
        DSA
        Breton
        EU
        X
        FreeSpeech
        Musk
    """),
)

STARLINK_UKRAINE = Topic(
    "starlink_ukraine",
    3,
    lines("""
        new reporting on Starlink terminals {a} in Ukraine
        without Starlink {a} the Ukrainian drone units would be blind
        the Pentagon now pays for Starlink {a} in Ukraine, {b}
        Musk refusing to extend Starlink coverage near Crimea in 2022 still comes up in every thread about {a}
        Russian units reportedly using smuggled Starlink {a}, {b}
        reading about how Ukraine relies on Starlink for {a}, {b}
        Starlink in Ukraine shows how much war now depends on {a}
        the Starlink story in Ukraine is more complicated than the headlines, {b}
    """),
    lines("""
        terminals
        coverage
        connectivity
        satellite internet
        military communications
        frontline units
        dishes
        access
    """),
    lines("""
        worth a read
        wild times
        not great
        hard to verify
        as expected
        good context here
        complicated
        uncomfortable
    """),
    lines("""
        Starlink
        Ukraine
        StandWithUkraine
        SpaceX
    """),
)

STARLINK_TAIWAN = Topic(
    "starlink_taiwan",
    2,
    lines("""
        Starlink still not {a} over Taiwan, and US lawmakers are asking why
        Taiwan building its own satellite network instead of relying on Starlink, {b}
        the Starlink Taiwan question is really about {a}
        Musk's comments on Taiwan make the Starlink {a} issue awkward
        why is Starlink {a} in Ukraine but not over Taiwan? {b}
        Taiwan's satellite plans are a direct answer to the Starlink {a} problem
    """),
    lines("""
        available
        licensed
        active
        offered
        coverage
        dependence
    """),
    lines("""
        makes sense
        interesting
        smart move
        good question
        long overdue
        not surprising
    """),
    lines("""
        Taiwan
        Starlink
        SpaceX
        China
    """),
)

ELECTION = Topic(
    "election",
    4,
    lines("""
        the {a} between Harris and Trump is all anyone talks about at work
        watched the {a} last night, {b}
        polls after the {a} look {b}
        every election cycle the {a} gets weirder
        swing states are going to decide this, the {a} barely matters
        my uncle has opinions about the {a} again, {b}
        can't believe we still have weeks of {a} coverage left
    """),
    lines("""
        debate
        race
        campaign
        convention
        rally
        polling
    """),
    lines("""
        a mess
        pretty close
        surprising
        exhausting
        predictable
        too early to tell
        honestly entertaining
    """),
    lines("""
        Election2024
        Harris
        Trump
        Debate
    """),
)

EVERYDAY = Topic(
    "everyday",
    9,
    lines("""
        {a} this morning, {b}
        finally some {a} after a week like this, {b}
        nothing beats {a} on a Sunday
        trains cancelled again, {b}
        started a new book about {a}, {b}
        the {a} in my neighbourhood is out of control lately
        made pasta for the whole family, {b}
        first day back at work after the holidays, {b}
        my cat decided 5am is the new breakfast time, {b}
        went for a run by the river, {b}
        back-to-school shopping with two kids, {b}
        the new coffee place near the office does great {a}
        rainy weekend, perfect excuse for {a}
        power cut in the whole street, {b}
        September already? {b}
    """),
    lines("""
        coffee
        sunshine
        rain
        football
        gardening
        baking
        history
        traffic
        construction work
        jazz
        cycling
        sleep
        croissants
    """),
    lines("""
        not complaining
        love it
        what a week
        send help
        small wins
        could be worse
        so good
        classic
        no regrets
        living the dream
        bliss
    """),
    lines("""
        MondayMood
        coffee
        weekend
        rain
        BackToSchool
        running
    """),
)

SPORT = Topic(
    "sport",
    4,
    lines("""
        still not over the Olympics closing ceremony, {b}
        the Paralympics {a} tonight was incredible
        that {a} in the last minute, {b}
        Paris 2024 really delivered, {b}
        Premier League is back and my team already looks {b}
        watching the {a} with friends, {b}
        whoever scheduled the {a} at this time, {b}
    """),
    lines("""
        final
        match
        race
        swimming final
        wheelchair basketball
        goal
        penalty
        relay
    """),
    lines("""
        goosebumps
        unbelievable
        what a finish
        heartbreaking
        tired already
        so proud
        chaos
    """),
    lines("""
        Paris2024
        Paralympics
        PremierLeague
        football
        Olympics
    """),
)

TECH = Topic(
    "tech",
    4,
    lines("""
        the new iPhone {a} looks {b}
        trying a new AI {a} for work, {b}
        leaving X for Bluesky? half my {a} already did
        my {a} just updated itself overnight, {b}
        the big {a} outage this summer still haunts our IT team
        Threads, Bluesky, Mastodon, X, which {a} are you all on now
    """),
    lines("""
        camera
        assistant
        timeline
        laptop
        phone
        app
        feed
    """),
    lines("""
        fine I guess
        underwhelming
        impressive
        suspicious
        a mixed bag
        annoying
    """),
    lines("""
        tech
        AI
        Bluesky
        iPhone16
    """),
)

ENGLISH = Language(
    "en",
    (INTERVIEW, BRETON, STARLINK_UKRAINE, STARLINK_TAIWAN, ELECTION, EVERYDAY, SPORT, TECH),
    lines("""
        ~
        ~
        ~
        ~
        ~
        ~
        Honestly,
        lol
        ok so
        Wait.
        Breaking:
        Not gonna lie,
        Fun fact:
        Hot take:
        Me:
        Today:
        Ngl
        PSA:
        Can't believe
        Reminder:
        Update:
        Just saw that
        Apparently
    """),
    lines("""
        Thoughts?
        Not surprised tbh.
        What a time to be alive.
        Can't make this up.
        Anyway.
        Make it make sense.
        Curious what others think.
        I'll wait.
        Wild.
        That's all.
        We'll see.
        Discuss.
        Nobody asked but here we are.
        Someone had to say it.
        Sources below.
        Long day.
        Could be worse I guess.
        Love this for us.
        Bookmarking this.
        Weird times.
    """),
    lines("""
        Agree,
        Exactly,
        Not sure about that,
        This.
        Respectfully, no.
        Came here to say this,
        Good point,
        lol
        Source?
        Same here,
        Hard disagree,
        Thanks for sharing,
    """),
    lines("""
        Worth reading.
        Interesting take.
        This is the thread.
        Nope.
        Finally someone said it.
        Saving this.
        So true.
        Not how I remember it.
    """),
    lines("""
        Good piece on this:
        Worth a read:
        Interesting article:
        Read this before commenting:
        This explains it well:
        Everyone is sharing this:
        Here's the story:
        Long read but worth it:
    """),
)
