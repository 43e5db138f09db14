"""Time and place: event dates from the text, event locations from GeoNames."""
