"""Events: triggers in the parse -> PLOVER event records."""
