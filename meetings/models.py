"""Models arrive with their issue; the app is in place so the layout is fixed."""
