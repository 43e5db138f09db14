"""eventwire: news reports -> verifiable PLOVER event records."""
from .config import Settings
from .batch import process_batch
from .pipeline import VERSION as __version__, code_text
from .records import Document, Entity, Event

__all__ = ["code_text", "process_batch", "Settings", "Document", "Entity", "Event", "__version__"]
