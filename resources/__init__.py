"""Data files shipped with the app (installed as the package ``desktop_app.resources``).

This folder is mapped into the package by pyproject.toml, so code reads these files
with ``importlib.resources.files("desktop_app.resources")`` from a source checkout, an
installed wheel and a PyInstaller bundle alike.
"""
