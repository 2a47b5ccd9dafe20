"""Controls for exploring a notebook by hand, that fall back to plain output in reports.

In JupyterLab a person chooses the outlets, a person, a term or a reference outlet with
ipywidgets controls, and the notebook redraws what it shows for that choice. When no one
is at the controls (``python -m analysis report``, ``python -m analysis refresh`` and
nbval set the ``ANALYSIS_STATIC`` environment variable, see :mod:`analysis.corpus.paths`), the
same call prints one line saying what was chosen and shows the default choice as ordinary
output: the stored outputs and the HTML pages hold no widget, no script and no random
model id, so they stay deterministic and work offline.

A notebook describes each choice with a :class:`Control` (built from its tables by
:func:`choose_outlets`, :func:`choose_person`, :func:`choose_reference`,
:func:`type_term`, or the generic :func:`choose_one`, :func:`choose_many`) and passes a
function that shows one choice to :func:`show_with_controls`. Defaults come from the data
(the most mentioned person, the most distinctive term) or from the notebook's
``parameters`` cell.

Importing this module does no I/O; ipywidgets is imported only when controls are built.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import pandas as pd

from analysis.corpus import paths

STATIC_HINT = "Run this notebook in JupyterLab to choose with the controls."
POOLED = "all other outlets pooled"  # the reference choice that compares with everyone else
MAX_LIST_ROWS = 8  # a multiple choice shows at most this many rows, then scrolls
KINDS = ("one", "many", "text")
# A drop-down cannot hold None as a value (ipywidgets reads None as "nothing selected"),
# so a None option (e.g. "all other outlets pooled") stands in the widget as this object.
_NONE = object()


def is_static() -> bool:
    """True when no person is at the controls: ``ANALYSIS_STATIC`` is set (to anything
    but "" or "0") by ``report``, ``refresh`` and the test suite."""
    return os.environ.get(paths.STATIC_ENV, "") not in ("", "0")


@dataclass(frozen=True)
class Control:
    """One choice a reader can make: its ``label`` (shown beside the control and in the
    static line), its ``kind`` ("one": a drop-down, "many": a multiple choice, "text": a
    free word or phrase with suggestions), its ``options`` as (label, value) pairs and
    its ``default`` value (for "many", a tuple of values)."""

    label: str
    kind: str
    options: tuple[tuple[str, Any], ...]
    default: Any

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.label}: unknown control kind {self.kind!r}; "
                             f"one of {', '.join(KINDS)}")

    @property
    def values(self) -> list:
        return [value for _label, value in self.options]

    def normalize(self, value: Any) -> Any:
        """A value as the show function receives it: for "many", the chosen values in the
        options' order (a tuple); for "text", stripped of surrounding spaces."""
        if self.kind == "many":
            chosen = set(value or ())
            return tuple(v for v in self.values if v in chosen)
        if self.kind == "text":
            return str(value or "").strip()
        return None if value is _NONE else value

    def describe(self, value: Any) -> str:
        """The choice in words, for the static line: 'all 5', 'DW, RFE/RL', '"kyiv"'."""
        value = self.normalize(value)
        if self.kind == "many":
            if not value:
                return "none"
            if len(value) == len(self.options):
                return f"all {len(value)}"
            labels = dict((v, l) for l, v in self.options)
            return ", ".join(labels[v] for v in value)
        if self.kind == "text":
            return f'"{value}"' if value else "(none)"
        for label, option in self.options:
            if option == value:
                return label
        return "none" if value is None else str(value)


def choose_one(label: str, options: Iterable[tuple[str, Any]], *, default: Any = None) -> Control:
    """A drop-down: one of ``options`` ((label, value) pairs); the default is
    ``default`` or, when None is not itself an option, the first option."""
    options = tuple(options)
    values = [v for _l, v in options]
    if default is None and None not in values:
        default = values[0] if values else None
    elif default not in values:
        raise ValueError(f"{label}: {default!r} is not one of the choices: "
                         + ", ".join(str(v) for v in values))
    return Control(label, "one", options, default)


def choose_many(label: str, options: Iterable[tuple[str, Any]], *,
                default: Sequence | None = None) -> Control:
    """A multiple choice among ``options`` ((label, value) pairs); the default is the
    values in ``default``, or all of them when it is None."""
    options = tuple(options)
    values = [v for _l, v in options]
    if default is None:
        default = tuple(values)
    else:
        unknown = [v for v in default if v not in values]
        if unknown:
            raise ValueError(f"{label}: not in this corpus: {', '.join(map(str, unknown))}; "
                             f"the choices are: {', '.join(map(str, values))}")
        default = tuple(v for v in values if v in set(default))
    return Control(label, "many", options, default)


def choose_outlets(order: Sequence[str], *, default: Sequence[str] | None = None,
                   label: str = "outlets") -> Control:
    """The outlets to show, in the corpus's order (:func:`analysis.corpus.outlets.outlet_order`);
    all of them by default."""
    return choose_many(label, [(o, o) for o in order], default=default)


def count_choices(ids: pd.Series, names: dict[str, str] | None = None, *,
                  unit: str = "mentions") -> list[tuple[str, str]]:
    """(label, id) pairs for the distinct ``ids`` (e.g. the entity of each person mention),
    the most frequent first (ties by label), each labelled with the registry's display
    name from ``names`` and its count: ("Vladimir Putin (35 mentions)", "putin")."""
    names = names or {}
    counts = ids.value_counts()
    rows = sorted(((int(n), names.get(i, i), i) for i, n in counts.items()),
                  key=lambda r: (-r[0], r[1], r[2]))
    return [(f"{name} ({n} {unit if n != 1 else unit.rstrip('s')})", i) for n, name, i in rows]


def choose_person(ids: pd.Series, names: dict[str, str] | None = None, *,
                  default: str | None = None, unit: str = "mentions",
                  label: str = "person") -> Control:
    """A drop-down of the persons in ``ids`` (one entry per mention, quotation, ...),
    the most frequent first and the default; ``default`` (a registry id) chooses another.
    A default that does not occur is still offered, marked "(no <unit>)", so that the
    show function can say so instead of the notebook failing."""
    options = count_choices(ids, names, unit=unit)
    if default is not None and default not in [v for _l, v in options]:
        options.append((f"{(names or {}).get(default, default)} (no {unit})", default))
    return choose_one(label, options, default=default)


def choose_reference(order: Sequence[str], *, default: str | None = None,
                     label: str = "reference") -> Control:
    """A drop-down of what each outlet is compared with: all the other outlets pooled
    (value None, the default) or one outlet of ``order``."""
    return choose_one(label, [(POOLED, None), *((o, o) for o in order)], default=default)


def type_term(suggestions: Sequence[str], *, default: str | None = None,
              label: str = "term") -> Control:
    """A free word or phrase, with ``suggestions`` to pick from (e.g. the most
    distinctive terms); the default is ``default`` or the first suggestion."""
    suggestions = tuple(dict.fromkeys(suggestions))
    if default is None:
        default = suggestions[0] if suggestions else ""
    return Control(label, "text", tuple((s, s) for s in suggestions), default)


def describe_choice(controls: dict[str, Control], values: dict[str, Any] | None = None) -> str:
    """The static line: what is shown and how to choose otherwise, e.g. "Showing: person
    = Alexander Lukashenko (46 mentions), outlets = all 5. Run this notebook in
    JupyterLab to choose with the controls." (``values``: default of each control)."""
    values = values or {name: c.default for name, c in controls.items()}
    chosen = ", ".join(f"{c.label} = {c.describe(values[name])}" for name, c in controls.items())
    return f"Showing: {chosen}. {STATIC_HINT}"


def _call(show: Callable[..., Any], controls: dict[str, Control], values: dict[str, Any]) -> None:
    """Call ``show`` with the normalised values, or say what is missing when a text
    control is blank or a drop-down has nothing to offer (a corpus that names no
    person): a show function never has to handle an empty term or a missing person."""
    values = {name: controls[name].normalize(v) for name, v in values.items()}
    for name, c in controls.items():
        if c.kind == "one" and not c.options:
            print(f"No {c.label} to choose from in this corpus.")
            return
        if c.kind == "text" and not values[name]:
            print(f"Type a {c.label} to see it.")
            return
    show(**values)


def build_controls(show: Callable[..., Any], **controls: Control):
    """The ipywidgets for ``controls`` (keyword = the argument of ``show`` it sets), wired
    to ``show`` with ``ipywidgets.interactive_output``, which calls it at once with the
    defaults and again on every change. Returns a VBox: ``children[0]`` holds the
    controls in the order given, ``children[1]`` the output area. Not displayed."""
    import ipywidgets as widgets

    style = {"description_width": "initial"}
    built = {}
    stand_in = lambda value: _NONE if value is None else value  # noqa: E731
    for name, c in controls.items():
        if c.kind == "one":
            built[name] = widgets.Dropdown(options=[(l, stand_in(v)) for l, v in c.options],
                                           value=stand_in(c.default) if c.options else None,
                                           description=c.label, style=style)
        elif c.kind == "many":
            built[name] = widgets.SelectMultiple(options=list(c.options), value=tuple(c.default),
                                                 rows=min(max(len(c.options), 1), MAX_LIST_ROWS),
                                                 description=c.label, style=style)
        else:
            built[name] = widgets.Combobox(value=c.default, options=list(c.values),
                                           ensure_option=False, continuous_update=False,
                                           placeholder="a word or phrase", description=c.label,
                                           style=style)
    output = widgets.interactive_output(lambda **values: _call(show, controls, values), built)
    return widgets.VBox([widgets.HBox(list(built.values())), output])


def show_with_controls(show: Callable[..., Any], **controls: Control) -> None:
    """Show a choice the reader makes: in JupyterLab, display the controls
    (:func:`build_controls`) above what ``show`` shows for the current choice; in a
    report, in ``refresh`` and under nbval (:func:`is_static`), print the one line of
    :func:`describe_choice` and show the default choice as plain output."""
    from IPython.display import display

    if not is_static():
        try:
            import ipywidgets  # noqa: F401
        except ImportError:  # the default choice, as in a report
            print("ipywidgets is not installed (pip install -r requirements.txt): "
                  "showing the default choice.")
        else:
            display(build_controls(show, **controls))
            return
    print(describe_choice(controls))
    _call(show, controls, {name: c.default for name, c in controls.items()})


def show_table(table: pd.DataFrame | None, *, empty: str, title: str = "",
               full_text: bool = False, max_rows: int | None = None) -> None:
    """Display ``table`` under an optional ``title`` line, or print ``empty`` (a clear
    sentence, e.g. "Vladimir Putin is not mentioned in the chosen outlets.") when it has
    no rows. ``full_text``: show long texts (sentences, quotations) whole instead of cut
    at the notebook's ``display.max_colwidth``; ``max_rows``: list up to this many rows
    before pandas shows only the first and last (default: the notebook's setting)."""
    from IPython.display import display

    if title:
        print(title)
    if table is None or table.empty:
        print(empty)
        return
    options = []
    if full_text:
        options += ["display.max_colwidth", None]
    if max_rows is not None:
        options += ["display.max_rows", max_rows]
    if options:
        with pd.option_context(*options):
            display(table)
    else:
        display(table)
