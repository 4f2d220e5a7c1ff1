"""Who wants what: positions of actors on issues, the position matrix, gaps and shifts.

``story`` wires the stage; ``stance`` reads stances from spaCy's parse; ``issues``
normalises and groups the objects of stances; ``matrix`` builds the matrix, gaps and
shifts. Each stance maps to its nearest CAMEO root code and PLOVER event type
(``STANCES``, documented in docs/positions.md).
"""

from .matrix import STANCES, gaps, position_matrix, position_to_json, shifts
from .story import (
    Claims,
    Precomputed,
    analyse_story,
    candidate_sentences,
    is_candidate,
    story_positions,
)

__all__ = [
    "STANCES",
    "Claims",
    "Precomputed",
    "analyse_story",
    "candidate_sentences",
    "gaps",
    "is_candidate",
    "position_matrix",
    "position_to_json",
    "shifts",
    "story_positions",
]
