"""Store: coded documents and events in an embedded DuckDB database."""
from .duck import Store

__all__ = ["Store"]
