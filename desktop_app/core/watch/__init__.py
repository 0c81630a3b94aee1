"""Watched folders: new images captioned automatically, on a queue that survives anything.

Kept free of imports so that settings can use the small pieces (the watch mode) without
loading watchdog; the service lives in :mod:`desktop_app.core.watch.service`.
"""
