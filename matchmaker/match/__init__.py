"""配对 Match: the engine (Flask-free: records in, proposals out) and the web layer around it."""
