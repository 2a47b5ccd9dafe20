"""What makes a difference between outlets a finding: every threshold of the findings in
one frozen dataclass (how many words or labels a fingerprint cell lists is the
fingerprint's own choice, in :mod:`analysis.present.fingerprint`).

:func:`analysis.present.findings.findings` and :func:`analysis.present.fingerprint.fingerprint` take a
:class:`Thresholds` (the defaults below unless one is given); each rule of
:mod:`analysis.present.findings` words its threshold once, from these fields, for both the
finding and the table of rules (:func:`analysis.present.findings.rules_table`). To try another
threshold, pass ``Thresholds(reading_grade_gap=3.0)``; nothing is patched at module level.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # The "main people": the persons most mentioned (registered, or found in the text
    # under a full name), mentioned by at least two outlets when the corpus has two or
    # more. The fingerprint lists labels and tone for them.
    main_people: int = 3
    # An event is the corpus's main event when more than this share of articles cover it.
    main_event_share: float = 0.5
    # Without event names: an outlet whose articles all lie more than this many days from
    # the corpus's median date may cover a different event.
    date_gap_days: int = 7
    # Naming convention: an outlet follows a tradition when at least this share of at
    # least min_name_choices of its varying name choices follow it.
    convention_share: float = 0.75
    min_name_choices: int = 3
    # Name forms: an outlet "writes" a form when at least this share, and at least
    # min_form_mentions, of its mentions of the name use it.
    form_share: float = 0.8
    min_form_mentions: int = 2
    # At most this many names get a name-form finding, the most mentioned first ...
    max_name_form_findings: int = 10
    # ... and names found in the text (not registered) are read only among this many of
    # the corpus's most mentioned names.
    name_form_top: int = 25
    # Labels: an outlet naming a person at least this often that never uses a loaded word
    # other outlets put in a label of that person "does not".
    min_mentions_for_absence: int = 3
    # An apposition is a label when it is a noun phrase of at most this many words.
    label_max_words: int = 5
    # House spelling: an outlet follows a system when at least this share of its words
    # that have a British and an American form use that system.
    spelling_share: float = 0.8
    # Distinctive terms: |z| of the weighted log-odds ratio (Monroe et al. 2008) at or above
    # 3.29 (two-sided p < 0.001 for one test: stricter than 1.96, as every term is tested),
    # used at least distinctive_min_count times.
    distinctive_z: float = 3.29
    distinctive_min_count: int = 3
    # ... and at most this many words per outlet, the highest z first.
    distinctive_per_outlet: int = 3
    # Loaded language: the highest (lowest) outlet stands apart at this many times (or
    # 1 / this of) the next outlet's rate, among outlets with loaded_min_count loaded words.
    # Comparing the extreme with the next outlet, not the median, keeps single articles of
    # corpora with many outlets from filling the list.
    loaded_ratio: float = 1.5
    loaded_min_count: int = 5
    # Reading grade: the hardest (easiest) outlet stands apart at this many school grades
    # beyond the next outlet's mean grade.
    reading_grade_gap: float = 2.0
    # Sentiment: two outlets differ when their 95% bootstrap intervals do not overlap (a
    # conservative test); at most this many pairs per comparison, the widest gaps first.
    max_tone_pairs: int = 3
    # Own text: an outlet whose unshared text is below this share of its words is "mostly
    # shared copy"; the spread of own text is a finding at this difference or more.
    own_share_low: float = 0.5
    own_share_spread: float = 0.25
    # Quoted voices: persons with at least min_quotes quotations, quoted by some outlets
    # and not by others; at most max_speakers, the most quoted first.
    min_quotes: int = 2
    max_speakers: int = 5
    # Findings about one outlet each, or loaded labels of one person: at most this many,
    # the strongest first, so that a corpus of many outlets stays readable.
    max_outlet_findings: int = 5


DEFAULT = Thresholds()
