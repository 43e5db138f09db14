"""Where: offline geolocation of events with GeoNames data shipped by registry packages."""
