"""Build and check Folder Captioner's installers (README "Installers").

Run through ``packaging/build.py``. Not part of the app: nothing in ``desktop_app``
imports this package, and the app's tests only read its rules.
"""
