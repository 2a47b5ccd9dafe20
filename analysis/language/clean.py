"""Give every line of a raw article a role, by rules kept as data.

The rules live in ``data/cleaning_rules.yaml`` (its header documents every field). The
analysis text of an article is its headline, standfirst, subheads and body lines, in page
order, one paragraph per line (Unicode NFC, every run of spaces, tabs or no-break spaces
as one space); captions are kept apart; wire credit lines become metadata;
boilerplate and duplicate lines are dropped. :func:`clean_article` returns all of it with
an audit of every line and the rule that decided it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.corpus import paths
from analysis.corpus.digests import content_digest
from analysis.corpus.outlets import outlet_order

if TYPE_CHECKING:
    import pandas as pd

ROLES = ("headline", "standfirst", "subhead", "body", "caption", "wire", "boilerplate",
         "duplicate")
ANALYSIS_ROLES = ("headline", "standfirst", "subhead", "body")
CONDITIONS = ("", "first_content", "follows_headline", "precedes_caption", "repeats_neighbour")
RULES_FILENAME = "cleaning_rules.yaml"
DEFAULT_RULE = "default-body"
TITLE_RULE = "title-field"
BLANK = "blank"
END = "$END"
_FURNITURE = ("boilerplate", "caption", "duplicate", "wire")
_BULLET = re.compile(r"^[•·▪●]\s*")
_WIRE_SPLIT = re.compile(r"\s*(?:,|/|;|\band\b|&)\s*")
_SPACES = re.compile(r"\s+")
_INLINE_SPACES = re.compile(r"[^\S\n]+")  # any run of spaces, tabs, no-break spaces


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    id: str
    scope: str
    role: str
    pattern: re.Pattern
    until: re.Pattern | None
    until_end: bool
    condition: str
    reason: str
    inline: bool = False  # cut the match out of the line instead of giving the line a role
    keep: str = ""  # for an inline rule: what stays in place of the match ("\\1": group 1)

    def applies_to(self, outlet: str) -> bool:
        return self.scope == "all" or self.scope == outlet


def rules_digest(rules: list[Rule]) -> str:
    """The digest of the cleaning rules as loaded (every field of every rule, in order)."""
    return content_digest(rules)


def load_rules(path: str | Path | None = None) -> list[Rule]:
    """Read and check a rules file (YAML list of rules). Default: the bundled rules."""
    import yaml

    path = Path(path) if path else paths.RULES_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulesError(f"{path}: rules file not found") from None
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, list):
        raise RulesError(f"{path}: expected a list of rules")
    rules, seen = [], set()
    for i, item in enumerate(raw, start=1):
        where = f"{path}: rule {i}"
        if not isinstance(item, dict):
            raise RulesError(f"{where}: expected a mapping with id, scope, role, pattern")
        missing = [k for k in ("id", "scope", "role", "pattern") if not item.get(k)]
        if missing:
            raise RulesError(f"{where}: missing {', '.join(missing)}")
        rid = str(item["id"])
        where = f"{path}: rule {rid!r}"
        if rid in seen:
            raise RulesError(f"{where}: duplicate rule id")
        seen.add(rid)
        if item["role"] not in ROLES:
            raise RulesError(f"{where}: unknown role {item['role']!r}; roles are {', '.join(ROLES)}")
        condition = str(item.get("condition") or "")
        if condition not in CONDITIONS:
            raise RulesError(f"{where}: unknown condition {condition!r}; "
                             f"conditions are {', '.join(c for c in CONDITIONS if c)}")
        until_text = str(item.get("until") or "")
        try:
            pattern = re.compile(str(item["pattern"]))
            until = re.compile(until_text) if until_text and until_text != END else None
        except re.error as exc:
            raise RulesError(f"{where}: bad regular expression: {exc}") from None
        if item["role"] == "wire" and "wire" not in pattern.groupindex:
            raise RulesError(f"{where}: a wire rule needs a named group (?P<wire>...)")
        inline = bool(item.get("inline", False))
        if inline and (item["role"] not in _FURNITURE or item["role"] == "wire" or until_text or condition):
            raise RulesError(f"{where}: an inline rule cuts text out of a line: its role must be "
                             f"boilerplate, caption or duplicate, without until or condition")
        keep = str(item.get("keep") or "")
        if any(int(g) > pattern.groups for g in re.findall(r"\\(\d+)", keep)):
            raise RulesError(f"{where}: keep {keep!r} names a group the pattern does not have")
        rules.append(Rule(rid, str(item["scope"]), item["role"], pattern, until,
                          until_text == END, condition, str(item.get("reason") or ""),
                          inline, keep))
    return rules


def rules_for_corpus(corpus: str | Path | None) -> list[Rule]:
    """The rules a corpus uses (:func:`analysis.corpus.paths.data_files`): its folder's own
    ``cleaning_rules.yaml`` replaces the bundled rules; the rules of its
    ``cleaning_rules.extra.yaml`` are added after them, and one with the id of an earlier
    rule takes that rule's place (rules decide in order: the first to claim a line wins)."""
    files = paths.data_files(corpus, RULES_FILENAME)
    rules = load_rules(files[0])
    for extra in files[1:]:
        added = load_rules(extra)
        ids = {r.id: r for r in added}
        rules = [ids.pop(r.id, r) for r in rules] + [r for r in added if r.id in ids]
    return rules


@dataclass
class CleanArticle:
    """The result of cleaning one article."""

    lines: list[dict]                      # audit: line_no, role, rule, text
    paragraphs: list[dict]                 # role, line_no, text, start, end (into text)
    text: str                              # the analysis text
    captions: list[str] = field(default_factory=list)
    wire: list[str] = field(default_factory=list)


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


def _norm(line: str) -> str:
    return _SPACES.sub(" ", line.translate(_QUOTES)).strip().casefold()


def _neighbour(lines: list[str], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].strip():
            return j
        j += step
    return None


def _condition_holds(rule: Rule, i: int, lines: list[str], roles: list[str | None],
                     state: dict | None = None) -> bool:
    """Whether ``rule``'s condition holds for line ``i``. ``state`` (one dict per pass of
    a rule over the article, lines in increasing order) remembers how far "first_content"
    has read, so a long article is read once, not once per line."""
    cond = rule.condition
    if not cond:
        return True
    if cond == "first_content":
        if state is None:
            return all(roles[j] in _FURNITURE for j in range(i) if lines[j].strip())
        # lines before i no longer change role during this pass: read each once
        j = state.get("read", 0)
        while j < i and not state.get("blocked"):
            if lines[j].strip() and roles[j] not in _FURNITURE:
                state["blocked"] = True
            j += 1
        state["read"] = max(j, state.get("read", 0))
        return not state.get("blocked")
    if cond == "follows_headline":
        j = i - 1
        while j >= 0 and (not lines[j].strip() or roles[j] in ("boilerplate",)):
            j -= 1
        return j >= 0 and roles[j] in ("headline", "standfirst")
    if cond == "precedes_caption":
        return i + 1 < len(lines) and lines[i + 1].strip() != "" and roles[i + 1] == "caption"
    if cond == "repeats_neighbour":
        here = _norm(lines[i])
        prev = _neighbour(lines, i, -1)
        if prev is not None and _norm(lines[prev]) == here:
            return True
        nxt = _neighbour(lines, i, 1)
        if nxt is not None:
            there = _norm(lines[nxt])
            return len(there) > len(here) and there.startswith(here)
        return False
    raise AssertionError(cond)


def _wire_services(rule: Rule, line: str) -> list[str]:
    match = rule.pattern.search(line)
    group = match.group("wire") if match else ""
    return [s for s in _WIRE_SPLIT.split(group or "") if s]


def clean_article(text: str, *, outlet: str, title: str | None = "", rules: list[Rule],
                  furniture: tuple = ()) -> CleanArticle:
    """Assign a role to every line of ``text`` and build the analysis text.

    When the article's ``title`` (from the manifest or table) is not a line of the text,
    as in tables and JSON files that keep the headline apart, it is added as line 0 (line
    breaks in it made spaces) so that the analysis text always starts with the headline.
    ``furniture``: (line_no, rule, share) of the lines that recur across the outlet's
    articles (:meth:`analysis.language.furniture.Furniture.mark_keys`); a line no rule
    claims and listed there is boilerplate. Inline rules then cut their matches out of
    the analysis lines; each cut is an audit row of its own after its line's row.
    """
    title = title or ""  # a loader may give None for an article without a title
    lines = text.split("\n")
    line_nos = list(range(1, len(lines) + 1))
    first_lines = {_norm(l) for l in lines[:40] if l.strip()}
    if title.strip() and _norm(title) not in first_lines:
        lines.insert(0, _SPACES.sub(" ", title).strip())  # one line, even if it had breaks
        line_nos.insert(0, 0)
    stripped = [l.strip() for l in lines]
    roles: list[str | None] = [None] * len(lines)
    decided_by: list[str] = [""] * len(lines)
    if line_nos and line_nos[0] == 0:
        roles[0], decided_by[0] = "headline", TITLE_RULE
    wire = _apply_rules(rules, outlet, lines, stripped, roles, decided_by)

    share = [None] * len(lines)
    marks = {no: (rule, sh) for no, rule, sh in furniture}
    for i, no in enumerate(line_nos):
        if roles[i] is None and stripped[i] and no in marks:
            roles[i], decided_by[i] = "boilerplate", marks[no][0]
            share[i] = marks[no][1]
    inline = [r for r in rules if r.inline and r.applies_to(outlet)]
    audit, paragraphs, captions, parts = [], [], [], []
    offset = 0
    for i, line in enumerate(lines):
        if not stripped[i]:
            role, rule_id = BLANK, ""
        elif roles[i] is None:
            role, rule_id = "body", DEFAULT_RULE
        else:
            role, rule_id = roles[i], decided_by[i]
        cuts = []
        if role in ANALYSIS_ROLES and inline:
            cut_line, cuts = _cut_inline(line, inline)
            if not cut_line.strip():  # all of it cut: the line is the first cut's
                role, rule_id, cuts = cuts[0]["role"], cuts[0]["rule"], []
            else:
                line, stripped[i] = cut_line, cut_line.strip()
        audit.append({"line_no": line_nos[i], "role": role, "rule": rule_id, "text": line,
                      "share": share[i]})
        audit.extend({"line_no": line_nos[i], **cut, "share": None} for cut in cuts)
        if role in ANALYSIS_ROLES:
            para = _INLINE_SPACES.sub(" ", unicodedata.normalize("NFC", stripped[i]))
            if role == "standfirst":
                para = _BULLET.sub("", para)
                if not para:  # a bullet alone: no paragraph (the audit keeps the line)
                    continue
            if parts:
                offset += 2  # the "\n\n" between paragraphs
            paragraphs.append({"role": role, "line_no": line_nos[i], "text": para,
                               "start": offset, "end": offset + len(para)})
            parts.append(para)
            offset += len(para)
        elif role == "caption":
            captions.append(stripped[i])
    seen: set[str] = set()
    wire_unique = [w for w in wire if not (w in seen or seen.add(w))]
    return CleanArticle(lines=audit, paragraphs=paragraphs, text="\n\n".join(parts),
                        captions=captions, wire=wire_unique)


def _apply_rules(rules: list[Rule], outlet: str, lines: list[str], stripped: list[str],
                 roles: list[str | None], decided_by: list[str]) -> list[str]:
    """Give lines their roles by the line rules (inline rules aside), in file order, each
    over the whole article before the next (``roles`` and ``decided_by`` filled in
    place); return the wire services the wire lines credit."""
    wire: list[str] = []
    for rule in rules:
        if rule.inline or not rule.applies_to(outlet):
            continue
        i = 0
        state: dict = {}
        until_from, until_at = 0, -1  # the first line from until_from that `until` matches
        while i < len(lines):
            if roles[i] is not None or not stripped[i] or not rule.pattern.search(stripped[i]) \
                    or not _condition_holds(rule, i, stripped, roles, state):
                i += 1
                continue
            end = i
            if rule.until_end:
                end = len(lines) - 1
            elif rule.until is not None:
                if until_at < i + 1:  # not known yet: read on (each line once per rule)
                    j = max(i + 1, until_from)
                    while j < len(lines) and not rule.until.search(stripped[j]):
                        j += 1
                    until_from, until_at = j, j
                j = until_at
                end = j if j < len(lines) else i  # no closing line: claim only this one
            for k in range(i, end + 1):
                if roles[k] is None and stripped[k]:
                    roles[k], decided_by[k] = rule.role, rule.id
            if rule.role == "wire":
                wire.extend(_wire_services(rule, stripped[i]))
            i = end + 1
    return wire


def _cut_inline(line: str, rules: list[Rule]) -> tuple[str, list[dict]]:
    """``line`` with every match of each inline rule cut out (its ``keep`` left in place),
    and the cuts: role, rule and the text cut."""
    cuts = []
    for rule in rules:
        def cut(m: re.Match, rule=rule) -> str:
            kept = m.expand(rule.keep) if rule.keep else ""
            cuts.append({"role": rule.role, "rule": rule.id, "text": m.group()[len(kept):]
                         if m.group().startswith(kept) else m.group()})
            return kept
        line = rule.pattern.sub(cut, line)
    if cuts:
        line = _INLINE_SPACES.sub(" ", line)
    return line, cuts


def words_by_role(lines: "pd.DataFrame") -> "pd.DataFrame":
    """Words per (outlet, role) from the cleaning audit (lines table), with whether the
    role is kept in the analysis text and each role's share of the outlet's raw words.
    One row per (outlet, role) that occurs; sorted by outlet, then role in ``ROLES`` order."""
    import pandas as pd

    grouped = (lines[lines.role.isin(ROLES)]
               .groupby(["outlet", "role"], sort=False)
               .agg(n_lines=("line_no", "size"), n_words=("n_words", "sum"),
                    n_articles=("article_id", "nunique"))
               .reset_index())
    totals = grouped.groupby("outlet").n_words.transform("sum")
    grouped["share_words"] = (grouped.n_words / totals).round(4)
    grouped["kept"] = grouped.role.isin(ANALYSIS_ROLES)
    grouped["role"] = pd.Categorical(grouped.role, categories=ROLES, ordered=True)
    outlets = outlet_order(lines.outlet)
    grouped["outlet"] = pd.Categorical(grouped.outlet, categories=outlets, ordered=True)
    out = grouped.sort_values(["outlet", "role"]).reset_index(drop=True)
    out["role"] = out.role.astype(str)
    out["outlet"] = out.outlet.astype(str)
    return out[["outlet", "role", "kept", "n_lines", "n_words", "share_words", "n_articles"]]


def words_by_role_wide(table: "pd.DataFrame") -> "pd.DataFrame":
    """:func:`words_by_role` for reading: one row per outlet, one column of words per role
    (in ``ROLES`` order), plus the share of the page's words that cleaning removed."""
    wide = (table.pivot(index="outlet", columns="role", values="n_words")
            .reindex(index=outlet_order(table.outlet),
                     columns=[r for r in ROLES if r in set(table.role)])
            .fillna(0).astype(int))
    kept = wide[[r for r in ANALYSIS_ROLES if r in wide.columns]].sum(axis=1)
    wide["share_removed"] = (1 - kept / wide.sum(axis=1)).round(3)
    wide.columns.name = None
    return wide
