"""argparse's own words ("usage:", "options", "the following arguments are required")
in the user's language.

argparse looks its texts up through the gettext functions it imported under the names
``_`` and ``ngettext``; pointing those at the app's catalogue translates them. The
texts a person can meet are listed below, exactly as argparse writes them, so the
extractor puts them in the catalogue (texts argparse only shows to programmers, about
a badly built parser, are left out).
"""

from __future__ import annotations

import argparse

from desktop_app import i18n
from desktop_app.i18n import N_

MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
PLURAL_MESSAGES = (i18n.N_plural("expected %s argument", "expected %s arguments"),)


def translate_argparse() -> None:
    """From now on argparse speaks the app's language (call once, before parsing)."""
    argparse._ = i18n.gettext  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
