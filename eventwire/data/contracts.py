"""Contracts for every data file eventwire loads, and the readers that enforce them.

Each kind of file has a schema written as pydantic models (``extra="forbid"``, strict
types), plus the checks that need more than one entry (duplicates, cross-references
inside the file).  Codes are checked against reference data read from the bundled
files: PLOVER modes and contexts from ``ontology/plover.yaml``, CAMEO codes from
``ontology/cameo.csv``, sector codes from ``kb/sectors.yaml`` (plus ``IGO``, which the
coder gives intergovernmental organisations), country codes from pycountry (ISO 3166-1
alpha-3, and the withdrawn codes of ISO 3166-3 for historical states) plus the
project's own (``KOS``, Kosovo, as the PLOVER manual codes it), and IGO codes from ``kb/igos.yaml``.

Loaders call :func:`load_yaml` or :func:`load_csv`; a file that breaks its contract
raises :class:`eventwire.errors.DataFileError`, whose ``problems`` are one line each::

    eventwire/data/lexicon/consult.yaml:14: entry 3 (talk NOUN), mode: 'vist' is not a mode of CONSULT ...

YAML line numbers come from the parser's node marks; CSV line numbers are the line
where the row starts.  ``eventwire check-data`` (``eventwire.checkdata``) runs the
same checks on the bundled files or on files a user gives it.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import importlib.util
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, get_args, get_origin

import yaml
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints,
                      TypeAdapter, ValidationError, ValidationInfo, model_validator)

from . import DATA_DIR
from ..errors import DataFileError, E, EventwireError

# The 16 PLOVER event categories (eventwire.ontology re-exports them) and the auxiliary modes.
CATEGORIES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
              "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
AUX_MODES = ("historical", "future", "hypothetical", "negated")
# Codes the project uses that pycountry does not have.
EXTRA_COUNTRY_CODES = {"KOS": "Kosovo (the PLOVER manual's code; it has no ISO 3166 code)"}
# PLOVER's country-slot codes for non-state actors with no home state (kb/groups.yaml).
NON_STATE_CODES = {"NGO": "international non-governmental organisation",
                   "IMG": "transnational militant group"}
# A sector the coder gives every IGO (kb/igos.yaml); kb/sectors.yaml defines the others.
BUILTIN_SECTORS = {"IGO": "intergovernmental organisation"}
OFFICES = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister", "igo_head", "other")
OFFICE_COLUMNS = ("kb_id", "name", "aliases", "country", "office", "title", "sector", "start", "end", "source",
                  "checked")


class UnreadableDataFile(DataFileError):
    """A data file that cannot be read at all: missing, not UTF-8, or not valid YAML/CSV."""

    def __init__(self, where: str, detail: str):
        self.problems = [f"{where}: {detail}"]
        EventwireError.__init__(self, E.DATA_UNREADABLE, where=where, detail=detail)

    def render(self) -> str:
        return EventwireError.render(self)


# ---------------------------------------------------------------------------------------
# Reading YAML with line numbers

def line_loader(base: type) -> type:
    """A safe loader on ``base`` (libyaml's CSafeLoader, or PyYAML's own SafeLoader where libyaml is
    missing) that builds plain dicts and lists and records the line of each one, its keys and items."""

    class LineLoader(base):
        def __init__(self, stream):
            super().__init__(stream)
            # (not "marks": the pure-Python parser has an attribute of that name)
            self.line_marks: dict[int, tuple[int, Any]] = {}   # id(container) -> (line, key or item lines)
            self.line_duplicates: list[tuple[int, Any, int]] = []   # (line, key, first line)

    LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
    return LineLoader


def _construct_map(loader, node) -> dict:
    loader.flatten_mapping(node)
    data: dict = {}
    key_lines: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark, "found a key that is a list or mapping",
                key_node.start_mark) from None
        line = key_node.start_mark.line + 1
        if key in key_lines:
            loader.line_duplicates.append((line, key, key_lines[key]))
        data[key] = loader.construct_object(value_node, deep=True)
        key_lines[key] = line
    loader.line_marks[id(data)] = (node.start_mark.line + 1, key_lines)
    return data


def _construct_seq(loader, node) -> list:
    items = [loader.construct_object(child, deep=True) for child in node.value]
    loader.line_marks[id(items)] = (node.start_mark.line + 1, [c.start_mark.line + 1 for c in node.value])
    return items


_LineLoader = line_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass
class Parsed:
    """A file's content with the line of every container, key and item."""
    path: Path
    data: Any
    marks: dict                     # YAML: id(container) -> (line, key lines or item lines)
    row_lines: list[int] | None = None     # CSV: the line each row starts on
    header: list[str] | None = None
    row_sizes: list[int] | None = None     # CSV: how many values each row has
    duplicates: tuple = ()                 # YAML: (line, key, first line) of keys given twice in a mapping

    def line_of(self, loc: tuple) -> int:
        """The line of the deepest part of ``loc`` (a pydantic error location) found in the data."""
        if self.row_lines is not None:
            if loc and isinstance(loc[0], int) and 0 <= loc[0] < len(self.row_lines):
                return self.row_lines[loc[0]]
            return 1
        obj = self.data
        line = self.marks.get(id(obj), (1, None))[0]
        for part in loc:
            mark = self.marks.get(id(obj))
            if mark is None:
                break
            if isinstance(obj, dict) and part in obj:
                line = mark[1].get(part, line)
                obj = obj[part]
            elif isinstance(obj, list) and isinstance(part, int) and 0 <= part < len(obj):
                line = mark[1][part]
                obj = obj[part]
            else:
                break
        return line


def show_path(path: Path | str) -> str:
    """``path`` as the user would type it: relative to the working directory when under it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UnreadableDataFile(show_path(path), "no such file") from None
    except IsADirectoryError:
        raise UnreadableDataFile(show_path(path), "a folder, not a file") from None
    except UnicodeDecodeError as exc:
        raise UnreadableDataFile(show_path(path), f"not UTF-8 text (byte {exc.start}); save the file as UTF-8") \
            from None
    except OSError as exc:
        raise UnreadableDataFile(show_path(path), f"cannot read it ({exc.strerror})") from None


def parse_yaml(path: Path, loader_class: type | None = None) -> Parsed:
    """Parse a YAML file keeping line numbers; a syntax error raises :class:`UnreadableDataFile`."""
    path = Path(path)
    text = _read_text(path)
    loader = (loader_class or _LineLoader)(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{show_path(path)}:{mark.line + 1}" if mark else show_path(path)
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise UnreadableDataFile(where, f"not valid YAML: {what} (check the indentation, colons and quotes "
                                        f"on this line and the one before)") from None
    except yaml.YAMLError as exc:
        raise UnreadableDataFile(show_path(path), f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    return Parsed(path, data, loader.line_marks, duplicates=tuple(loader.line_duplicates))


def parse_csv(path: Path) -> Parsed:
    """Read a CSV file with a header into row dicts, keeping each row's first line and its number of
    values (a row with too many or too few is reported by the contract check)."""
    path = Path(path)
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[dict] = []
    lines: list[int] = []
    sizes: list[int] = []
    header: list[str] | None = None
    try:
        start = 1
        for values in reader:
            if header is None:
                header = [h.strip() for h in values]
            elif values and any(v.strip() for v in values):
                rows.append(dict(zip(header, values)))
                lines.append(start)
                sizes.append(len(values))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableDataFile(f"{show_path(path)}:{reader.line_num}", f"not valid CSV: {exc}") from None
    return Parsed(path, rows, {}, row_lines=lines, header=header or [], row_sizes=sizes)


# ---------------------------------------------------------------------------------------
# Reference data

def _pycountry_alpha3() -> set[str]:
    """ISO 3166-1 alpha-3 codes and the withdrawn ones of ISO 3166-3, read from pycountry's data files
    (without importing pycountry, which takes longer than the whole check)."""
    spec = importlib.util.find_spec("pycountry")
    base = Path(next(iter(spec.submodule_search_locations))) / "databases" if spec else None
    codes: set[str] = set()
    try:
        for name in ("iso3166-1.json", "iso3166-3.json"):
            data = json.loads((base / name).read_text(encoding="utf-8"))
            for rows in data.values():
                codes |= {r["alpha_3"] for r in rows if "alpha_3" in r}
    except (OSError, TypeError, ValueError, KeyError):
        import pycountry
        codes = {c.alpha_3 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.historic_countries}
    return codes


class Refs:
    """The codes data files may use, read lazily from the bundled files (each validated on first use)."""

    @cached_property
    def countries(self) -> frozenset[str]:
        return frozenset(_pycountry_alpha3() | set(EXTRA_COUNTRY_CODES))

    @cached_property
    def cameo(self) -> frozenset[str]:
        parsed = parse_csv(DATA_DIR / "ontology" / "cameo.csv")
        return frozenset(r.get("cameo", "") for r in parsed.data)

    @cached_property
    def ontology(self) -> dict:
        return load_yaml(DATA_DIR / "ontology" / "plover.yaml", "ontology", refs=self)

    @cached_property
    def modes(self) -> dict[str, frozenset[str]]:
        return {c: frozenset((v.get("modes") or {})) for c, v in self.ontology["categories"].items()}

    @cached_property
    def contexts(self) -> frozenset[str]:
        return frozenset(self.ontology.get("contexts") or {})

    @cached_property
    def sectors(self) -> frozenset[str]:
        data = load_yaml(DATA_DIR / "kb" / "sectors.yaml", "sectors", refs=self)
        return frozenset(data["sectors"]) | frozenset(BUILTIN_SECTORS)

    @cached_property
    def igos(self) -> frozenset[str]:
        data = load_yaml(DATA_DIR / "kb" / "igos.yaml", "igos", refs=self)
        return frozenset(g["code"] for g in data["igos"])


@lru_cache(maxsize=1)
def bundled_refs() -> Refs:
    return Refs()


def _key(s: str) -> str:
    """A phrase as the KB matches it (lower case, no accents, no leading "the"), for finding duplicates.
    ``actors.kb.normalise`` is the loader's own; the data layer cannot import it."""
    s = unicodedata.normalize("NFKD", s)
    s = " ".join("".join(c for c in s if not unicodedata.combining(c)).lower().replace("’", "'").split())
    return s[4:] if s.startswith("the ") else s


# ---------------------------------------------------------------------------------------
# Field types

def _close(value, choices) -> str:
    """" (did you mean 'X'?)" for the choice nearest ``value``; two letters swapped count as nearest."""
    choices = sorted(str(c) for c in choices)
    near = [c for c in choices if sorted(c) == sorted(str(value))] \
        or difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    return f" (did you mean {near[0]!r}?)" if near else ""


def _context(info: ValidationInfo) -> dict:
    return info.context or {}


def _is_category(v: str, info: ValidationInfo) -> str:
    if v not in CATEGORIES:
        raise ValueError(f"{v!r} is not a PLOVER category{_close(v, CATEGORIES)}; the categories are "
                         + ", ".join(CATEGORIES))
    return v


def _is_context(v: str, info: ValidationInfo) -> str:
    refs = _context(info).get("refs")
    if refs is not None and v not in refs.contexts:
        raise ValueError(f"{v!r} is not a PLOVER context defined in ontology/plover.yaml{_close(v, refs.contexts)}")
    return v


def _is_cameo(v: str, info: ValidationInfo) -> str:
    refs = _context(info).get("refs")
    if refs is not None and v not in refs.cameo:
        raise ValueError(f"{v!r} is not a CAMEO code in ontology/cameo.csv (write it in quotes with its leading "
                         f"zero, as \"042\")")
    return v


def _is_sector(v: str, info: ValidationInfo) -> str:
    refs = _context(info).get("refs")
    if refs is not None and v not in refs.sectors:
        raise ValueError(f"{v!r} is not a sector code defined in kb/sectors.yaml{_close(v, refs.sectors)}")
    return v


def _is_country(v: str, info: ValidationInfo) -> str:
    refs = _context(info).get("refs")
    if refs is not None and v not in refs.countries:
        raise ValueError(f"{v!r} is not an ISO 3166 alpha-3 country code{_close(v, refs.countries)}")
    return v


def _is_actor_code(v: str, info: ValidationInfo) -> str:
    """A country, an IGO of kb/igos.yaml (or of the file being read), NGO or IMG."""
    ctx = _context(info)
    refs = ctx.get("refs")
    if refs is None:
        return v
    extra = ctx.get("extra_codes", ())
    if v in refs.countries or v in NON_STATE_CODES or v in extra or v in refs.igos:
        return v
    known = refs.countries | refs.igos | set(extra)
    raise ValueError(f"{v!r} is not a known country code (ISO 3166 alpha-3) or IGO code (kb/igos.yaml)"
                     f"{_close(v, known)}")


def _is_member(v: str, info: ValidationInfo) -> str:
    """An IGO member: a country, an IGO of the same file, or UN_MEMBERS (never reads kb/igos.yaml)."""
    ctx = _context(info)
    refs = ctx.get("refs")
    if refs is None or v == "UN_MEMBERS" or v in refs.countries or v in ctx.get("own_igos", ()):
        return v
    raise ValueError(f"{v!r} is not a country code, an IGO code of this file or UN_MEMBERS"
                     f"{_close(v, refs.countries | set(ctx.get('own_igos', ())))}")


_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@lru_cache(maxsize=65536)
def kb_date(s: str | None) -> dt.date | None:
    """A KB date: YYYY-MM-DD, or YYYY-MM (the 1st) or YYYY (1 January); empty is None."""
    s = (s or "").strip()
    if not s:
        return None
    if not _DATE.fullmatch(s):
        raise ValueError(f"{s!r} is not a date: write YYYY-MM-DD (or YYYY-MM, or YYYY)")
    try:
        return dt.date.fromisoformat(s + ("-01" if len(s) == 7 else "-01-01" if len(s) == 4 else ""))
    except ValueError:
        raise ValueError(f"{s!r} is not a date: no such day (write YYYY-MM-DD)") from None


def _real_day(v: str) -> str:
    kb_date(v)              # raises for a malformed date or a day that does not exist
    return v


def _as_list(v):
    return [v] if isinstance(v, str) else v


def _upper(v):
    return v.upper() if isinstance(v, str) else v


Text = Annotated[str, StringConstraints(min_length=1)]
Words = Annotated[list[Text], BeforeValidator(_as_list)]          # a word or a list of words
Category = Annotated[Text, AfterValidator(_is_category)]
PloverContext = Annotated[Text, AfterValidator(_is_context)]
CameoCode = Annotated[Text, AfterValidator(_is_cameo)]
Sector = Annotated[Text, AfterValidator(_is_sector)]
CountryCode = Annotated[Text, AfterValidator(_is_country)]
ActorCode = Annotated[Text, AfterValidator(_is_actor_code)]
Member = Annotated[Text, AfterValidator(_is_member)]
KbDate = Annotated[str, AfterValidator(_real_day)]       # "" or a real day
Lat = Annotated[float, Field(ge=-90, le=90)]
Lon = Annotated[float, Field(ge=-180, le=180)]


class Contract(BaseModel):
    """Every schema: unknown keys are errors, and types are not coerced (``42`` is not ``"042"``)."""
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class FileInfo(Contract):
    """The provenance keys at the top of the KB and place files."""
    version: int | str | None = None
    checked: Annotated[dt.date, Field(strict=False)] | None = None
    source: Text | None = None


# ---- ontology/plover.yaml ----------------------------------------------------------------

class Mode(Contract):
    score: float | None = None
    description: Text


class CategoryDef(Contract):
    quad_class: Literal[1, 2, 3, 4]
    score: Annotated[float, Field(ge=-10, le=10)]
    requires_recipient: bool
    description: Text
    default_cameo: CameoCode | None = None
    modes: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*$")], Mode] | None = None


class QuadClass(Contract):
    name: Text


class OntologyFile(Contract):
    version: Text
    source: Text
    quad_classes: dict[Literal[1, 2, 3, 4], QuadClass]
    categories: dict[Category, CategoryDef]
    legacy_modes: dict[Category, dict[Text, Text | None]] = {}
    contexts: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*$")], Text]
    aux_modes: list[Literal[AUX_MODES]]                # type: ignore[valid-type]


def _check_ontology(p: Parsed, refs) -> list[tuple[tuple, str]]:
    """Every category is defined; a legacy mode maps to a mode of its category.  (Runs on a file that
    breaks the schema too, so a renamed category is reported as both unknown and missing.)"""
    d = p.data if isinstance(p.data, dict) else {}
    cats = d.get("categories") if isinstance(d.get("categories"), dict) else {}
    out = [(("categories",), f"category {c} is missing") for c in CATEGORIES if c not in cats]
    legacy_modes = d.get("legacy_modes") if isinstance(d.get("legacy_modes"), dict) else {}
    for cat, legacy in legacy_modes.items():
        spec = cats.get(cat)
        modes = spec.get("modes") if isinstance(spec, dict) else None
        if not isinstance(legacy, dict) or not isinstance(modes, dict | None):
            continue
        for old, new in legacy.items():
            if new is not None and new not in (modes or {}):
                out.append((("legacy_modes", cat, old), f"{new!r} is not a mode of {cat}"))
    return out


# ---- ontology/cameo.csv ------------------------------------------------------------------

class CameoRow(Contract):
    cameo: Annotated[str, StringConstraints(pattern=r"^\d{2,4}$")]
    name: Text
    goldstein: str
    quad_class: Literal["1", "2", "3", "4"]
    plover: str = ""
    plover_mode: str = ""
    plover_context: str = ""

    @model_validator(mode="after")
    def _crosswalk(self, info: ValidationInfo):
        try:
            g = float(self.goldstein)
        except ValueError:
            raise ValueError(f"goldstein {self.goldstein!r} is not a number") from None
        if not -10 <= g <= 10:
            raise ValueError(f"goldstein {g:g} is outside -10..10")
        refs = _context(info).get("refs")
        if self.plover and self.plover not in CATEGORIES:
            raise ValueError(f"plover {self.plover!r} is not a PLOVER category{_close(self.plover, CATEGORIES)}")
        if refs is None:
            return self
        if self.plover_mode and self.plover_mode not in refs.modes.get(self.plover, ()):
            raise ValueError(f"plover_mode {self.plover_mode!r} is not a mode of {self.plover or 'an empty category'}")
        for c in filter(None, self.plover_context.split(";")):
            if c not in refs.contexts:
                raise ValueError(f"plover_context {c!r} is not a PLOVER context{_close(c, refs.contexts)}")
        return self


def _is_bundled(path: Path, *parts: str) -> bool:
    """Whether ``path`` is the bundled file DATA_DIR/parts (whose codes the reference data come from)."""
    try:
        return Path(path).resolve() == DATA_DIR.joinpath(*parts)
    except OSError:
        return False


def _check_unique_column(column: str, what: str):
    def check(p: Parsed, refs) -> list[tuple[tuple, str]]:
        seen: dict[str, int] = {}
        out = []
        for i, row in enumerate(p.data):
            v = row.get(column)
            if v in seen:
                out.append(((i,), f"{what} {v} is listed twice (also on line {p.row_lines[seen[v]]})"))
            seen.setdefault(v, i)
        return out
    return check


# ---- lexicon/<category>.yaml ---------------------------------------------------------------

def _is_mode_of_file_category(v: str, info: ValidationInfo) -> str:
    ctx = _context(info)
    refs, cat = ctx.get("refs"), ctx.get("category")
    if refs is None or cat not in refs.modes or v in refs.modes[cat]:
        return v
    modes = sorted(refs.modes[cat])
    listed = f"its modes: {', '.join(modes)}" if modes else f"{cat} has no modes: write null"
    raise ValueError(f"{v!r} is not a mode of {cat} in ontology/plover.yaml{_close(v, modes)} ({listed})")


class LexiconEntry(Contract):
    lemma: Text
    pos: Annotated[Literal["VERB", "NOUN", "ADJ"], BeforeValidator(_upper)]
    mode: Annotated[str, AfterValidator(_is_mode_of_file_category)] | None = None
    cameo: CameoCode | None = None
    recipient: Words | None = None
    with_: Text | None = Field(None, alias="with")
    object: Words | None = None
    governor: Words | None = None
    actor_sectors: Annotated[list[Sector], BeforeValidator(_as_list)] | None = None
    not_actor_sectors: Annotated[list[Sector], BeforeValidator(_as_list)] | None = None
    reciprocal: bool = False
    visit: bool = False
    context: Annotated[list[PloverContext], BeforeValidator(_as_list)] | None = None
    example: Text | None = None


class LexiconFile(Contract):
    category: Annotated[Category, BeforeValidator(_upper)]
    entries: list[LexiconEntry]


def _lexicon_context(data, ctx: dict) -> None:
    if isinstance(data, dict) and isinstance(data.get("category"), str):
        ctx["category"] = data["category"].upper()


def _entry_key(e: dict) -> tuple:
    def norm(v):
        return tuple(_as_list(v)) if v else ()
    return (str(e["lemma"]).lower(), str(e["pos"]).upper(), e.get("with"), norm(e.get("governor")),
            norm(e.get("actor_sectors")), norm(e.get("object")), norm(e.get("not_actor_sectors")))


def _check_lexicon(p: Parsed, refs) -> list[tuple[tuple, str]]:
    seen: dict[tuple, int] = {}
    out = []
    entries = p.data.get("entries") if isinstance(p.data, dict) else None
    for i, e in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(e, dict) or not isinstance(e.get("lemma"), str) or not isinstance(e.get("pos"), str):
            continue
        try:
            k = _entry_key(e)
            hash(k)
        except TypeError:           # a constraint that is a mapping: the schema reports it
            continue
        if k in seen:
            j = seen[k]
            out.append((("entries", i), f"same word and constraints as entry {j + 1} "
                                        f"(line {p.line_of(('entries', j))}); entries for one word must differ "
                                        "in with, object, governor or sectors"))
        seen.setdefault(k, i)
    return out


# ---- lexicon/modality.yaml, lexicon/contexts.yaml, words/*.yaml ----------------------------

class ModalityFile(Contract):
    future_auxiliaries: list[Text]
    future_governors: list[Text]
    aspiration_nouns: list[Text]
    hypothetical_auxiliaries: list[Text]
    hypothetical_governors: list[Text]
    conditional_markers: list[Text]
    negation_words: list[Text]
    negating_governors: list[Text]
    refusing_governors: list[Text]
    refusal_recode: list[Category]
    speech_verbs: list[Text]
    announce_verbs: list[Text]
    threat_when_announced: list[Category]
    forecast_governors: list[Text]
    background_prepositions: list[Text]
    background_measures: list[Text]
    document_nouns: list[Text]
    stative_passives: list[Text]
    demand_modals: list[Text]


class ContextsFile(Contract):
    contexts: dict[PloverContext, list[Text]]


class WordList(Contract):
    """One list of words/*.yaml: what the code does with it, and either a set of words or a map of pairs."""
    doc: Text
    words: list[Text] | None = None
    map: dict[Text, Text | int] | None = None

    @model_validator(mode="after")
    def _one_of(self):
        if (self.words is None) == (self.map is None):
            raise ValueError("give either 'words' (a list) or 'map' (pairs), not "
                             + ("both" if self.words is not None else "neither"))
        return self


WordsFile = dict[Text, WordList]


# ---- kb/*.yaml ----------------------------------------------------------------------------

class Country(Contract):
    code: CountryCode
    name: Text
    cow: int | None = None
    un: Literal["member", "observer"] | None = None
    aliases: list[Text] = []
    historical_aliases: list[Text] = []
    adjectives: list[Text] = []
    ambiguous_adjectives: list[Text] = []
    capitals: list[Text] = []
    seats: list[Text] = []
    seat_sectors: dict[Text, Sector] = {}


class CountriesFile(FileInfo):
    countries: list[Country]


def _check_countries(p: Parsed, refs, key: str = "countries") -> list[tuple[tuple, str]]:
    out = []
    codes: dict[str, int] = {}
    owner: dict[str, tuple[str, int]] = {}
    for i, c in enumerate(p.data.get(key) or []):
        if c["code"] in codes:
            out.append(((key, i, "code"), f"country {c['code']} is listed twice (also on line "
                                          f"{p.line_of((key, codes[c['code']]))})"))
        codes.setdefault(c["code"], i)
        for seat in c.get("seat_sectors") or {}:
            if seat not in (c.get("seats") or []):
                out.append(((key, i, "seat_sectors", seat), f"{seat!r} is not one of this country's seats"))
        for field in ("aliases", "historical_aliases", "adjectives", "capitals", "seats"):
            for j, a in enumerate(c.get(field) or []):
                n = _key(a)
                other = owner.get(n)
                if other and other[0] != c["code"]:
                    out.append(((key, i, field, j), f"{a!r} is also a name of {other[0]} (line {other[1]}); list a "
                                                    "word that can mean several states under ambiguous_adjectives"))
                owner.setdefault(n, (c["code"], p.line_of((key, i, field, j))))
    return out


class Igo(Contract):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]+$")]
    name: Text
    aliases: list[Text] = []
    members: Annotated[list[Member], BeforeValidator(_as_list)] = []
    members_except: list[Member] = []
    members_also: list[Member] = []
    parent: Text | None = None
    coded_as: Text | None = None


class IgosFile(FileInfo):
    lists: dict[Text, list[CountryCode]] = {}
    igos: list[Igo]


def _igos_context(data, ctx: dict) -> None:
    if isinstance(data, dict) and isinstance(data.get("igos"), list):
        ctx["own_igos"] = {g.get("code") for g in data["igos"] if isinstance(g, dict)}


def _check_igos(p: Parsed, refs, key: str = "igos") -> list[tuple[tuple, str]]:
    out = []
    igos = p.data.get(key) or []
    own = {g["code"] for g in igos}
    known = own | (refs.igos if refs is not None and not _is_bundled(p.path, "kb", "igos.yaml") else set())
    seen: dict[str, int] = {}
    names: dict[str, tuple[str, int]] = {}
    for i, g in enumerate(igos):
        if g["code"] in seen:
            out.append(((key, i, "code"), f"IGO {g['code']} is listed twice (also on line "
                                          f"{p.line_of((key, seen[g['code']]))})"))
        seen.setdefault(g["code"], i)
        if refs is not None and g["code"] in refs.countries:
            out.append(((key, i, "code"), f"{g['code']} is a country code; give the IGO a code of its own"))
        if g.get("coded_as") and g["coded_as"] not in known:
            out.append(((key, i, "coded_as"), f"coded_as {g['coded_as']!r} is not an IGO code{_close(g['coded_as'], known)}"))
        if g.get("parent") and g["parent"] not in known:
            out.append(((key, i, "parent"), f"parent {g['parent']!r} is not an IGO code{_close(g['parent'], known)}"))
        for j, a in enumerate([g["name"], *(g.get("aliases") or [])]):
            n = _key(a)
            if n in names and names[n][0] != g["code"]:
                out.append(((key, i), f"name {a!r} is also a name of {names[n][0]} (line {names[n][1]})"))
            names.setdefault(n, (g["code"], p.line_of((key, i))))
    return out


class Group(Contract):
    name: Text
    aliases: list[Text] = []
    code: ActorCode
    sector: Sector
    note: Text | None = None


class GroupsFile(FileInfo):
    groups: list[Group]


def _check_groups(p: Parsed, refs) -> list[tuple[tuple, str]]:
    out = []
    owner: dict[str, tuple[str, int]] = {}
    for i, g in enumerate(p.data.get("groups") or []):
        if g["name"] not in (g.get("aliases") or []):
            out.append((("groups", i, "aliases"), f"aliases must include the name {g['name']!r}"))
        for n in {_key(a) for a in [g["name"], *(g.get("aliases") or [])]}:
            if n in owner and owner[n][0] != g["name"]:
                out.append((("groups", i), f"{n!r} is also a name of {owner[n][0]!r} (line {owner[n][1]})"))
            owner.setdefault(n, (g["name"], p.line_of(("groups", i))))
    return out


class SectorDef(Contract):
    label: Text
    nouns: list[Text] = []


class SectorsFile(FileInfo):
    sectors: dict[Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")], SectorDef]
    modifiers: dict[Text, Text] = {}
    non_actor_nouns: list[Text] = []


def _check_sectors(p: Parsed, refs) -> list[tuple[tuple, str]]:
    d = p.data
    out = []
    codes = set(d.get("sectors") or {}) | set(BUILTIN_SECTORS)
    if refs is not None and not _is_bundled(p.path, "kb", "sectors.yaml"):
        codes |= refs.sectors
    for word, sector in (d.get("modifiers") or {}).items():
        if sector not in codes:
            out.append((("modifiers", word), f"{sector!r} is not a sector defined in this file{_close(sector, codes)}"))
    owner: dict[str, tuple[str, int]] = {}
    for code, spec in (d.get("sectors") or {}).items():
        for j, noun in enumerate(spec.get("nouns") or []):
            n = _key(noun)
            if n in owner and owner[n][0] != code:
                out.append((("sectors", code, "nouns", j), f"{noun!r} is also listed under {owner[n][0]} "
                                                           f"(line {owner[n][1]}); a noun has one sector"))
            owner.setdefault(n, (code, p.line_of(("sectors", code, "nouns", j))))
    return out


class LeadersFile(FileInfo):
    head_of_state_leads: list[CountryCode]


class KbYamlFile(FileInfo):
    """A user's extra KB YAML (``--kb FILE``, ``EVENTWIRE_EXTRA_KB``): any of the KB files' sections."""
    countries: list[Country] = []
    lists: dict[Text, list[CountryCode]] = {}
    igos: list[Igo] = []
    groups: list[Group] = []
    sectors: dict[Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")], SectorDef] = {}
    modifiers: dict[Text, Text] = {}
    non_actor_nouns: list[Text] = []


def _kb_yaml_context(data, ctx: dict) -> None:
    _igos_context(data, ctx)
    ctx["extra_codes"] = set(ctx.get("extra_codes", ())) | ctx.get("own_igos", set())


def _check_kb_yaml(p: Parsed, refs) -> list[tuple[tuple, str]]:
    return _check_countries(p, refs) + _check_igos(p, refs) + _check_groups(p, refs) + _check_sectors(p, refs)


# ---- kb/office_holders.csv and KB overlay CSVs ----------------------------------------------

class OfficeRow(Contract):
    """One row of kb/office_holders.csv or of a KB overlay CSV (`eventwire kb add`, imports)."""
    kb_id: Text
    name: Text
    aliases: str = ""
    country: ActorCode
    office: Literal[OFFICES]          # type: ignore[valid-type]
    title: str = ""
    sector: Annotated[str, AfterValidator(lambda v, info: _is_sector(v, info) if v else v)] = ""
    start: KbDate = ""
    end: KbDate = ""
    source: str = ""
    checked: KbDate = ""

    @model_validator(mode="after")
    def _range(self):
        start, end = kb_date(self.start), kb_date(self.end)
        if start and end and start > end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self


class BundledOfficeRow(OfficeRow):
    """The bundled table also needs a source and check date on every row."""
    source: Text
    checked: Annotated[KbDate, StringConstraints(min_length=1)]


# ---- places/aliases.yaml -------------------------------------------------------------------

class PlaceAlias(Contract):
    name: Text
    aliases: list[Text] = []
    lat: Lat
    lon: Lon
    country: CountryCode | None = None
    admin1: Text | None = None
    feature: Literal["region", "landmark", "sea"] = "region"
    geonameid: int | None = None
    population: int | None = None


class PlaceAliasesFile(FileInfo):
    places: list[PlaceAlias]


# ---------------------------------------------------------------------------------------
# The kinds of file

def _nth(data, loc, n: int):
    try:
        for part in loc[:n]:
            data = data[part]
        return data
    except (KeyError, IndexError, TypeError):
        return None


def _label_list(key: str, noun: str, show: Callable[[dict], str]) -> Callable:
    def label(data, loc) -> tuple[str, int]:
        if len(loc) >= 2 and loc[0] == key and isinstance(loc[1], int):
            item = _nth(data, loc, 2)
            return (f"{noun} {loc[1] + 1}" + (f" ({show(item)})" if isinstance(item, dict) and show(item) else ""),
                    2)
        return _label_top(data, loc)
    return label


def _label_top(data, loc) -> tuple[str, int]:
    return (f"key {loc[0]!r}", 1) if loc else ("file", 0)


def _label_mapping(noun: str, key: str | None = None) -> Callable:
    """Entries that are the keys of a mapping (``key`` names the mapping; None: the top level)."""
    def label(data, loc) -> tuple[str, int]:
        if key is None and loc:
            return f"{noun} {loc[0]!r}", 1
        if key is not None and len(loc) >= 2 and loc[0] == key:
            return f"{noun} {loc[1]!r}", 2
        return _label_top(data, loc)
    return label


def _label_ontology(data, loc) -> tuple[str, int]:
    if len(loc) >= 2 and loc[0] == "categories":
        if len(loc) >= 4 and loc[2] == "modes" and loc[3] != "[key]":
            return f"category {loc[1]}, mode {loc[3]!r}", 4
        return f"category {loc[1]}", 2
    if len(loc) >= 2 and loc[0] in ("contexts", "legacy_modes", "quad_classes"):
        return f"{loc[0]} {loc[1]!r}", 2
    return _label_top(data, loc)


def _label_sectors(data, loc) -> tuple[str, int]:
    if len(loc) >= 2 and loc[0] == "sectors":
        return f"sector {loc[1]}", 2
    if len(loc) >= 2 and loc[0] == "modifiers":
        return f"modifier {loc[1]!r}", 2
    return _label_top(data, loc)


def _label_kb_yaml(data, loc) -> tuple[str, int]:
    for key, noun, f in (("countries", "country", lambda d: d.get("code")), ("igos", "IGO", lambda d: d.get("code")),
                         ("groups", "group", lambda d: d.get("name"))):
        if loc and loc[0] == key:
            return _label_list(key, noun, f)(data, loc)
    return _label_sectors(data, loc)


def _label_row(show: Callable[[dict], str]) -> Callable:
    def label(data, loc) -> tuple[str, int]:
        if loc and isinstance(loc[0], int):
            row = _nth(data, loc, 1)
            return f"row {show(row) if isinstance(row, dict) else loc[0] + 1}", 1
        return "header", 0
    return label


def _office_label(row: dict) -> str:
    name = row.get("name") or "?"
    return f"{row.get('kb_id') or '?'} ({name})"


@dataclass(frozen=True)
class Kind:
    name: str
    title: str                      # what a user is told the file was taken for
    schema: Any                     # a pydantic model, or a type for TypeAdapter (a list of rows, a mapping)
    label: Callable                 # (data, loc) -> (entry label, how many loc parts it used)
    checks: Callable | None = None  # (Parsed, refs) -> [(loc, problem)]: checks across entries
    context: Callable | None = None  # (data, ctx) -> None: adds what the field checks need
    summary: Callable | None = None  # (data) -> str: "58 entries"
    robust_checks: bool = False     # the checks also run on a file that breaks the schema
    columns: tuple[str, ...] = ()   # CSV: every column the rows may have
    required: tuple[str, ...] = ()  # CSV: the columns a file must have

    @cached_property
    def adapter(self) -> TypeAdapter:
        return TypeAdapter(self.schema)


def _n(key: str, noun: str) -> Callable:
    return lambda d: f"{len(d.get(key) or [])} {noun}"


KINDS: dict[str, Kind] = {k.name: k for k in [
    Kind("ontology", "the PLOVER ontology", OntologyFile, _label_ontology, _check_ontology, robust_checks=True,
         summary=_n("categories", "categories")),
    Kind("cameo", "the CAMEO crosswalk", list[CameoRow], _label_row(lambda r: f"CAMEO {r.get('cameo')}"),
         _check_unique_column("cameo", "CAMEO code"), summary=lambda d: f"{len(d)} codes",
         columns=tuple(CameoRow.model_fields), required=("cameo", "name", "goldstein", "quad_class")),
    Kind("lexicon", "a trigger lexicon file", LexiconFile,
         _label_list("entries", "entry", lambda e: f"{e.get('lemma', '?')} {e.get('pos', '?')}"),
         _check_lexicon, _lexicon_context, robust_checks=True,
         summary=lambda d: f"{d.get('category')}, {len(d.get('entries') or [])} entries"),
    Kind("modality", "the modality word lists", ModalityFile, _label_mapping("list"),
         summary=lambda d: f"{len(d)} lists"),
    Kind("contexts", "the context word lists", ContextsFile, _label_mapping("context", "contexts"),
         summary=_n("contexts", "contexts")),
    Kind("words", "a word-list file", WordsFile, _label_mapping("word list"), summary=lambda d: f"{len(d)} lists"),
    Kind("countries", "the countries file", CountriesFile,
         _label_list("countries", "country", lambda c: c.get("code", "")), _check_countries,
         summary=_n("countries", "countries")),
    Kind("igos", "the IGO file", IgosFile, _label_list("igos", "IGO", lambda g: g.get("code", "")), _check_igos,
         _igos_context, summary=_n("igos", "IGOs")),
    Kind("groups", "the named-groups file", GroupsFile, _label_list("groups", "group", lambda g: g.get("name", "")),
         _check_groups, summary=_n("groups", "groups")),
    Kind("sectors", "the sectors file", SectorsFile, _label_sectors, _check_sectors,
         summary=_n("sectors", "sectors")),
    Kind("leaders", "the leaders file", LeadersFile, _label_top, summary=_n("head_of_state_leads", "countries")),
    Kind("kb_yaml", "an extra KB YAML file (countries, igos, groups or sectors)", KbYamlFile, _label_kb_yaml,
         _check_kb_yaml, _kb_yaml_context,
         summary=lambda d: ", ".join(f"{len(d[k])} {k}" for k in ("countries", "igos", "groups", "sectors") if d.get(k))
         or "empty"),
    Kind("office_holders", "the office-holder table", list[BundledOfficeRow], _label_row(_office_label),
         summary=lambda d: f"{len(d)} rows", columns=OFFICE_COLUMNS, required=OFFICE_COLUMNS),
    Kind("kb_overlay", "a KB overlay CSV of office-holder rows", list[OfficeRow], _label_row(_office_label),
         summary=lambda d: f"{len(d)} rows", columns=OFFICE_COLUMNS, required=("kb_id", "name", "country", "office")),
    Kind("place_aliases", "the place aliases file", PlaceAliasesFile,
         _label_list("places", "place", lambda p: p.get("name", "")), summary=_n("places", "places")),
]}


# ---------------------------------------------------------------------------------------
# Turning pydantic errors into plain one-line problems

def _fields_at(schema, path: tuple) -> list[str]:
    """The keys a model expects at ``path`` (for "did you mean ...")."""
    t = schema
    for part in path:
        t = _unwrap(t)
        if isinstance(t, type) and issubclass(t, BaseModel):
            f = next((f for n, f in t.model_fields.items() if (f.alias or n) == part), None)
            if f is None:
                return []
            t = f.annotation
        elif get_origin(t) in (list, dict):
            t = get_args(t)[-1]
        else:
            return []
    t = _unwrap(t)
    if isinstance(t, type) and issubclass(t, BaseModel):
        return [f.alias or n for n, f in t.model_fields.items()]
    return []


def _unwrap(t):
    while True:
        origin = get_origin(t)
        if origin is Annotated:
            t = get_args(t)[0]
        elif origin is not None and type(None) in get_args(t):       # X | None
            t = next(a for a in get_args(t) if a is not type(None))
        else:
            return t


def _value(v) -> str:
    if v is None:
        return "an empty value"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return "a mapping" if isinstance(v, dict) else "a list"
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."


_TYPE_WORDS = {"string_type": "text", "int_type": "a whole number", "float_type": "a number",
               "bool_type": "true or false", "list_type": "a list ([a, b] or one '- item' per line)",
               "dict_type": "a mapping (key: value)", "model_type": "a mapping (key: value)",
               "model_attributes_type": "a mapping (key: value)", "date_type": "a date (YYYY-MM-DD)",
               "date_from_datetime_parsing": "a date (YYYY-MM-DD)", "date_parsing": "a date (YYYY-MM-DD)"}


def _describe(err: dict, schema, csv_file: bool) -> str:
    t, loc, v = err["type"], err["loc"], err.get("input")
    key = next((p for p in reversed(loc) if isinstance(p, str) and p != "[key]"), None)
    thing = "column" if csv_file else "key"
    if t == "missing":
        return f"missing {thing} {key!r}" if not csv_file else f"column {key!r} is empty"
    if t == "extra_forbidden":
        allowed = _fields_at(schema, tuple(p for p in loc[:-1]))
        hint = _close(key, allowed)
        return f"unknown {thing} {key!r}{hint}" + (f"; allowed: {', '.join(allowed)}" if allowed and not hint else "")
    if t in _TYPE_WORDS:
        msg = f"should be {_TYPE_WORDS[t]}, not {_value(v)}"
        if t == "string_type" and isinstance(v, bool):
            msg += " (YAML reads yes/no/on/off/true/false as true or false: put the word in quotes)"
        elif t == "string_type" and isinstance(v, (int, float)):
            msg += " (write it in quotes, as \"042\": without them YAML reads a number, and drops a leading zero)"
        return msg
    if t == "string_too_short":
        return "is empty"
    if t in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        bound = next(iter(err.get("ctx", {}).values()), "?")
        return f"{_value(v)} should be {'at most' if t.startswith('less') else 'at least'} {bound}"
    if t == "literal_error":
        return f"{_value(v)} is not allowed; use {err['ctx']['expected']}"
    if t == "string_pattern_mismatch":
        return f"{_value(v)} is not a valid name here (it should match {err['ctx']['pattern']})"
    if t == "value_error":
        return str(err["ctx"]["error"]) if "ctx" in err else err["msg"].removeprefix("Value error, ")
    msg = err["msg"]
    return f"{_value(v)}: {msg[0].lower()}{msg[1:]}"


def _rest(loc: tuple, used: int) -> str:
    parts = []
    for p in loc[used:]:
        if p == "[key]":
            continue
        parts.append(f"item {p + 1}" if isinstance(p, int) else str(p))
    return " ".join(parts)


def problems_of(parsed: Parsed, kind: Kind, refs: Refs | None = None, extra_codes=()) -> list[str]:
    """Every way ``parsed`` breaks the contract of ``kind``, one line each (empty: the file is good)."""
    where = show_path(parsed.path)
    data = parsed.data
    csv_file = parsed.row_lines is not None
    out: list[tuple[int, str]] = []

    def add(line: int, loc: tuple, msg: str, rest: bool = True) -> None:
        label, used = kind.label(data, loc)
        r = _rest(loc, used) if rest else ""
        out.append((line, f"{where}:{line}: {label}{', ' + r if r else ''}: {msg}"))

    for line, key, first in parsed.duplicates:
        out.append((line, f"{where}:{line}: key {key!r} is given twice in one mapping (also on line {first}); "
                          f"YAML keeps only the last"))
    if csv_file:
        header = parsed.header or []
        missing = [c for c in kind.required if c not in header]
        unknown = [c for c in header if c not in kind.columns]
        for c in unknown:
            hint = _close(c, kind.columns)
            out.append((1, f"{where}:1: header: unknown column {c!r}{hint}"
                           + ("" if hint else f"; the columns are {', '.join(kind.columns)}")))
        if missing:
            out.append((1, f"{where}:1: header: missing column(s) {', '.join(missing)}"))
        if unknown or missing:
            return [m for _, m in out]
        whole = []          # rows with one value per column; the others get one problem, not one per shifted value
        for i, size in enumerate(parsed.row_sizes or ()):
            if size != len(header):
                add(parsed.row_lines[i], (i,), f"{size} values but the header has {len(header)} columns"
                    + (" (a value with a comma needs \"double quotes\")" if size > len(header) else ""))
            else:
                whole.append(i)
        rows = [data[i] for i in whole]
    else:
        whole, rows = None, data
    ctx: dict = {"refs": refs, "extra_codes": set(extra_codes)}
    if kind.context:
        kind.context(data, ctx)
    try:
        kind.adapter.validate_python(rows, context=ctx)
        valid = True
    except ValidationError as exc:
        valid = False
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            if whole is not None and loc and isinstance(loc[0], int):
                loc = (whole[loc[0]], *loc[1:])
            add(parsed.line_of(loc), loc, _describe(err, kind.schema, csv_file),
                rest=err["type"] not in ("missing", "extra_forbidden"))
    if kind.checks and (valid or kind.robust_checks):
        for loc, msg in kind.checks(parsed, refs):
            add(parsed.line_of(loc), loc, msg)
    out.sort(key=lambda x: x[0])
    return [m for _, m in out]


def _parse(path: Path, kind: Kind) -> Parsed:
    return parse_csv(path) if kind.columns else parse_yaml(path)


def check(path: Path | str, kind: str, refs: Refs | None = None, extra_codes=()) -> tuple[Parsed, list[str]]:
    """Read ``path`` as ``kind`` and list its problems (an unreadable file raises)."""
    k = KINDS[kind]
    parsed = _parse(Path(path), k)
    return parsed, problems_of(parsed, k, bundled_refs() if refs is None else refs, extra_codes)


def load_yaml(path: Path | str, kind: str, refs: Refs | None = None, extra_codes=()) -> Any:
    """The content of a YAML data file of ``kind`` (plain dicts and lists), after checking its contract."""
    parsed, problems = check(path, kind, refs, extra_codes)
    if problems:
        raise DataFileError(problems)
    return parsed.data if parsed.data is not None else {}


def load_csv(path: Path | str, kind: str, refs: Refs | None = None, extra_codes=()) -> list[dict]:
    """The rows of a CSV data file of ``kind`` (dicts by column name), after checking its contract."""
    parsed, problems = check(path, kind, refs, extra_codes)
    if problems:
        raise DataFileError(problems)
    return parsed.data


def validate_words(path: Path | str, data: Any = None) -> None:
    """Check a word-list file (``data/words/*.yaml``); a bad one raises DataFileError.  The file is read
    again for its line numbers, so ``data`` (what the caller read) is not needed: calling
    ``load_yaml(path, "words")`` instead reads and checks the file in one go."""
    load_yaml(path, "words")


def office_row_problems(row: dict, refs: Refs | None = None, extra_codes=()) -> list[str]:
    """What is wrong with one office-holder row about to be written to an overlay (no file yet)."""
    refs = bundled_refs() if refs is None else refs
    row = {k: v for k, v in row.items() if k in OFFICE_COLUMNS}
    try:
        OfficeRow.model_validate(row, context={"refs": refs, "extra_codes": set(extra_codes)})
    except ValidationError as exc:
        return [(f"{'.'.join(map(str, e['loc']))}: " if e["loc"] else "") + _describe(e, OfficeRow, True)
                for e in exc.errors(include_url=False)]
    return []


# ---------------------------------------------------------------------------------------
# Which kind a file is

_BY_NAME = {("ontology", "plover.yaml"): "ontology", ("ontology", "cameo.csv"): "cameo",
            ("lexicon", "modality.yaml"): "modality", ("lexicon", "contexts.yaml"): "contexts",
            ("kb", "countries.yaml"): "countries", ("kb", "igos.yaml"): "igos", ("kb", "groups.yaml"): "groups",
            ("kb", "sectors.yaml"): "sectors", ("kb", "leaders.yaml"): "leaders",
            ("kb", "office_holders.csv"): "office_holders", ("places", "aliases.yaml"): "place_aliases"}
_MODALITY_KEYS = set(ModalityFile.model_fields)


def detect_kind(path: Path | str) -> tuple[str, str]:
    """(kind, why) for a data file, from its folder and name, else from its content."""
    p = Path(path)
    folder, name = p.parent.name, p.name
    if (folder, name) in _BY_NAME:
        return _BY_NAME[(folder, name)], f"its name, {folder}/{name}"
    if folder == "words" and p.suffix in (".yaml", ".yml"):
        return "words", "it is in a folder named words"
    if folder == "lexicon" and p.stem.upper() in CATEGORIES:
        return "lexicon", f"its name, lexicon/{name}"
    if p.suffix not in (".yaml", ".yml", ".csv"):
        raise DataFileError([f"{show_path(p)}: not a data file eventwire reads: data files are .yaml or .csv "
                             "(dictionaries from Wikidata or PETRARCH are brought in with `eventwire kb import-...`)"])
    if p.suffix == ".csv":
        header = parse_csv(p).header or []
        if "cameo" in header and "goldstein" in header:
            return "cameo", "its cameo and goldstein columns"
        return "kb_overlay", "its .csv suffix" + (" and kb_id column" if "kb_id" in header else "")
    data = parse_yaml(p).data
    keys = set(data) if isinstance(data, dict) else set()
    if "category" in keys or "entries" in keys:
        return "lexicon", "its 'category' and 'entries' keys"
    if "categories" in keys:
        return "ontology", "its 'categories' key"
    if keys & _MODALITY_KEYS and len(keys & _MODALITY_KEYS) >= len(keys) / 2:
        return "modality", "its modality lists (future_auxiliaries, ...)"
    if keys == {"contexts"}:
        return "contexts", "its 'contexts' key"
    if "places" in keys:
        return "place_aliases", "its 'places' key"
    if "head_of_state_leads" in keys:
        return "leaders", "its 'head_of_state_leads' key"
    if keys & {"countries", "igos", "groups", "sectors"}:
        return "kb_yaml", "its " + ", ".join(repr(k) for k in sorted(keys & {"countries", "igos", "groups",
                                                                              "sectors"})) + " key(s)"
    if keys and all(isinstance(v, dict) and ({"doc", "words", "map"} & set(v)) for v in data.values()):
        return "words", "its lists of {doc, words or map}"
    raise DataFileError([f"{show_path(p)}: cannot tell what kind of data file this is (a lexicon file has "
                         "'category' and 'entries'; a KB file 'countries', 'igos', 'groups' or 'sectors'; a "
                         "place file 'places'; a word-list file lists of doc and words or map; a KB overlay is a .csv)"])


def bundled_files() -> list[tuple[Path, str]]:
    """Every bundled data file, with its kind, in the order a check should read them."""
    # the files the others' codes come from go first, so a mistake in one is reported as its own
    files = [(DATA_DIR / "ontology" / "plover.yaml", "ontology"), (DATA_DIR / "ontology" / "cameo.csv", "cameo")]
    files += [(DATA_DIR / "kb" / "sectors.yaml", "sectors"), (DATA_DIR / "kb" / "igos.yaml", "igos")]
    for p in sorted((DATA_DIR / "lexicon").glob("*.yaml")):
        files.append((p, {"modality.yaml": "modality", "contexts.yaml": "contexts"}.get(p.name, "lexicon")))
    for name, kind in (("countries.yaml", "countries"), ("groups.yaml", "groups"), ("leaders.yaml", "leaders"),
                       ("office_holders.csv", "office_holders")):
        files.append((DATA_DIR / "kb" / name, kind))
    files.append((DATA_DIR / "places" / "aliases.yaml", "place_aliases"))
    files += [(p, "words") for p in sorted((DATA_DIR / "words").glob("*.y*ml"))]
    return files
