"""The naming registry: the entities of a story (persons, places and organisations), the
forms of their names with the naming tradition of each, and the descriptions that refer to
them ("the Russian president"). It lives in a data file (``data/entities.yaml``, or a
corpus folder's own: :func:`registry_for_corpus`); the functions here work with any
registry.

- :func:`load_registry` reads a registry file into a :class:`Registry`, whose pattern
  finds every name form; a file that cannot be used raises :class:`RegistryError`, naming
  the file and the entry.
- :func:`find_references` finds the descriptions a registry ties to an entity.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.corpus import paths
from analysis.corpus.digests import content_digest

ENTITIES_FILENAME = "entities.yaml"
KINDS = ("person", "place", "organisation")
POSSESSIVE = r"(?:['’]s(?!\w)|(?<=s)['’](?!\w))"


class RegistryError(ValueError):
    """A registry file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Form:
    entity: str
    part: str  # "name" (surname, or a place's name) or "given"
    form: str
    script: str
    origin: str
    note: str = ""


@dataclass
class Entity:
    id: str
    name: str
    kind: str
    names: list[Form]
    given: list[Form]
    references: list[re.Pattern] = field(default_factory=list)
    convention: bool = True  # False: its forms (abbreviations, full names) are no naming convention
    pronoun: str = ""  # he, she or they: for attributing "she said" (persons only)


@dataclass
class Registry:
    """Entities by id, with the compiled patterns that find their mentions."""

    entities: dict[str, Entity]
    source: str = field(default="", metadata={"digest": False})  # the file it was read from

    def __post_init__(self) -> None:
        self.forms: dict[tuple[str, str], Form] = {}
        for e in self.entities.values():
            for f in e.names + e.given:
                self.forms[(f.part, f.form)] = f
        names = sorted({f.form for e in self.entities.values() for f in e.names}, key=len, reverse=True)
        givens = sorted({f.form for e in self.entities.values() for f in e.given}, key=len, reverse=True)
        self.name_entity = {f.form: e.id for e in self.entities.values() for f in e.names}
        self.given_entities: dict[str, set[str]] = {}
        for e in self.entities.values():
            for f in e.given:
                self.given_entities.setdefault(f.form, set()).add(e.id)
        if names:
            alt = lambda forms: "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
            given_part = rf"(?:(?P<given>{alt(givens)})\s+)?" if givens else ""
            self.pattern = re.compile(rf"(?<!\w){given_part}(?P<name>{alt(names)})"
                                      rf"(?P<poss>{POSSESSIVE})?(?![\w-])")
        else:
            self.pattern = None

    def digest(self) -> str:
        """The digest of the entities as loaded (every field of every entity and form)."""
        return content_digest(self)

    @property
    def variant_forms(self) -> set[str]:
        return {f.form for f in self.forms.values()}


def read_yaml(path: Path):
    """The content of a YAML file; a missing or invalid file raises :class:`RegistryError`."""
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from None


def _parse_entities(raw, path: Path) -> dict[str, Entity]:
    if not isinstance(raw, list):
        raise RegistryError(f"{path}: expected a list of entities")
    out: dict[str, Entity] = {}
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not item.get("id"):
            raise RegistryError(f"{path}: entity {i}: expected a mapping with an id")
        eid = str(item["id"])
        where = f"{path}: entity {eid!r}"
        kind = item.get("kind", "")
        if kind not in KINDS:
            raise RegistryError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        forms = {}
        for part, key in (("name", "names"), ("given", "given")):
            forms[part] = []
            for j, f in enumerate(item.get(key) or [], start=1):
                if isinstance(f, str):
                    f = {"form": f}
                if not isinstance(f, dict) or not str(f.get("form", "")).strip():
                    raise RegistryError(f"{where}: {key} entry {j} has no form")
                forms[part].append(Form(eid, part, str(f["form"]).strip(), str(f.get("script", "")),
                                        str(f.get("origin", "unknown")), str(f.get("note", ""))))
        if not forms["name"]:
            raise RegistryError(f"{where}: no names")
        refs = []
        for pattern in item.get("references") or []:
            try:
                refs.append(re.compile(str(pattern), re.IGNORECASE))
            except re.error as exc:
                raise RegistryError(f"{where}: bad reference pattern {pattern!r}: {exc}") from None
        out[eid] = Entity(eid, str(item.get("name") or forms["name"][0].form), kind,
                          forms["name"], forms["given"], refs,
                          convention=bool(item.get("convention", True)),
                          pronoun=str(item.get("pronoun") or "").casefold())
    return out


def load_registry(path: str | Path | None = None) -> Registry:
    """Read a registry file (default: the bundled ``data/entities.yaml``).

    A file whose top level is a list replaces the bundled registry; a mapping
    ``{extends: bundled, entities: [...]}`` adds to it (its entities win by id)."""
    path = Path(path) if path else paths.DATA / ENTITIES_FILENAME
    raw = read_yaml(path)
    if isinstance(raw, dict):
        if raw.get("extends") not in (None, "bundled"):
            raise RegistryError(f"{path}: extends must be 'bundled'")
        base = load_registry().entities if raw.get("extends") == "bundled" else {}
        base.update(_parse_entities(raw.get("entities") or [], path))
        return Registry(base, str(path))
    if raw is None:
        return Registry({}, str(path))
    return Registry(_parse_entities(raw, path), str(path))


def registry_for_corpus(corpus: str | Path | None) -> Registry:
    """The registry a corpus uses (:func:`analysis.corpus.paths.data_files`): its folder's
    ``entities.yaml`` (an empty list: no registry); the entities of its
    ``entities.extra.yaml`` (a list) are added, winning by id. (A corpus
    ``entities.yaml`` that is a mapping ``{extends: bundled, entities: [...]}`` extends the
    bundled registry too, as earlier versions read it.)

    The bundled registry holds the bundled corpus's story: any other corpus without an
    ``entities.yaml`` of its own has no registry but its ``entities.extra.yaml``."""
    files = paths.data_files(corpus, ENTITIES_FILENAME)
    if paths.is_bundled(corpus) or paths.corpus_file(corpus, ENTITIES_FILENAME) is not None:
        registry = load_registry(files[0])
    else:
        registry = Registry({}, "")
    for extra in files[1:]:
        raw = read_yaml(extra)
        if isinstance(raw, dict):
            raw = raw.get("entities")
        entities = dict(registry.entities)
        entities.update(_parse_entities(raw or [], extra))
        registry = Registry(entities, str(extra))
    return registry


def find_references(analysis_text: str, registry: Registry) -> list[tuple[int, int, str, str]]:
    """Descriptions the registry ties to an entity ("the Russian president"): (start, end,
    surface, entity) for every match of every entity's ``references`` patterns."""
    return [(r.start(), r.end(), r.group(), entity.id)
            for entity in registry.entities.values() for pattern in entity.references
            for r in pattern.finditer(analysis_text)]
