"""Actors: turn mentions into PLOVER entities (code, sector, name) as of the event date."""
