"""Small invented articles for the dedup, stories and coverage tests (fictional places)."""

from __future__ import annotations

from storyline.model import Article, Document
from storyline.pipeline import prepare

#: A wire report about a fictional port strike, four paragraphs.
WIRE = """Dockworkers in Velmora walk out as pay talks collapse

VELMORA (Northwire) -- Dockworkers at the port of Velmora walked off the job on March 3, 2031, after talks over a new wage agreement with the Velmora Port Authority collapsed late on Sunday night.

The Harbour Workers Union said about 4,000 members joined the strike, leaving at least 37 container ships waiting at anchor outside the breakwater.

Union leader Tomas Brekke told reporters the authority had refused to move beyond a three percent raise, which he called an insult to families facing rising rents in the coastal city.

The port authority said in a statement that its offer was fair and that it would ask the labour court to order the workers back while mediation continues.

Shipping agents warned that fruit exports bound for northern markets could spoil within days if the cranes stay idle through the end of the week.
"""

#: The same report with a new headline, a byline, two words changed and the last paragraph cut.
WIRE_EDITED = """Velmora port strike strands ships

By Northwire staff

VELMORA (Northwire) -- Dockworkers at the port of Velmora walked off the job on March 3, 2031, after negotiations over a new wage agreement with the Velmora Port Authority collapsed late on Sunday night.

The Harbour Workers Union said about 4,000 members joined the walkout, leaving at least 37 container ships waiting at anchor outside the breakwater.

Union leader Tomas Brekke told reporters the authority had refused to move beyond a three percent raise, which he called an insult to families facing rising rents in the coastal city.

The port authority said in a statement that its offer was fair and that it would ask the labour court to order the workers back while mediation continues.
"""

#: A content-farm rewrite: paragraphs reordered, several words swapped.
WIRE_REWRITE = """Velmora dock strike: what we know

The port authority said in a release that its offer was reasonable and that it would ask the labour court to send the staff back while mediation goes on.

Dock workers at the harbour of Velmora walked off the job on March 3, 2031, after talks over a fresh pay deal with the Velmora Port Authority broke down late on Sunday evening.

Union boss Tomas Brekke told journalists the authority had declined to go beyond a three percent rise, which he described as an insult to families facing soaring rents in the seaside city.

The Harbour Workers Union said roughly 4,000 members joined the stoppage, leaving no fewer than 37 container vessels waiting at anchor beyond the breakwater.
"""

#: Another outlet's own report on the same strike (not a copy).
OWN_REPORT = """Strike at Velmora docks enters second day

Cranes at Velmora stood still for a second day on March 4, 2031, as striking dockworkers picketed the main gate of the container terminal.

Mediator Ilse Varga met both sides on Tuesday and said she hoped to table a compromise on wages before the weekend.

Local fishermen said the blockade of the inner harbour had also stopped them landing their catch, and the city's chamber of commerce put the cost of the stoppage at 12 million crowns a day.

Tomas Brekke of the Harbour Workers Union said his members would stay out until the offer rose above three percent.
"""

#: An unrelated story: a fictional volcano, two reports.
VOLCANO_1 = """Ash from Mount Orrun grounds flights across Tessaly

Mount Orrun in northern Tessaly erupted on June 9, 2031, sending an ash column nine kilometres into the sky and forcing the closure of airports at Karsk and Lindby.

Volcanologists at the Tessaly Geological Institute said the eruption was the strongest since 1987 and that lava was flowing down the uninhabited eastern slope.

Civil protection officials evacuated about 600 residents from three villages below the crater as a precaution.
"""

VOLCANO_2 = """Orrun eruption eases but ash cloud lingers over Karsk

The eruption of Mount Orrun weakened on June 10, 2031, the Tessaly Geological Institute said, although a plume of volcanic ash still hung over Karsk and flights remained cancelled.

Evacuated villagers were told they could not return to homes below the crater until the institute lowered its alert level.

Airline officials in Lindby said about 40,000 passengers had been stranded by the closures.
"""


def article(text: str, outlet: str, published: str, name: str) -> Article:
    """A prepared article, as ingest would make it, from an invented text."""
    return prepare(
        Document(raw=text, path=f"{name}.txt", outlet=outlet, published=published, fmt="txt")
    )


def strike_pile() -> list[Article]:
    return [
        article(WIRE, "Northwire", "2031-03-03", "wire"),
        article(WIRE_EDITED, "Coastal Daily", "2031-03-03", "edited"),
        article(WIRE_REWRITE, "Buzzpage", "2031-03-05", "rewrite"),
        article(OWN_REPORT, "Velmora Herald", "2031-03-04", "own"),
    ]


def volcano_pile() -> list[Article]:
    return [
        article(VOLCANO_1, "Tessaly Today", "2031-06-09", "volcano1"),
        article(VOLCANO_2, "Karsk Post", "2031-06-10", "volcano2"),
    ]
