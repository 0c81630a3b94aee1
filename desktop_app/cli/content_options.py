"""Command-line options for what a caption holds besides its text (``caption``, ``watch``
and ``prompt`` share them): keywords, vocabulary, languages, title, alt text, prompt
context and provenance."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.backends.languages import BadLanguage, parse_languages
from desktop_app.core.captioning import KEYWORDS_AS_SET
from desktop_app.i18n import _


def add_content_options(parser: argparse.ArgumentParser) -> None:
    """Keywords, languages, title, alt text, prompt context and provenance."""
    content = parser.add_argument_group(_("keywords, languages and context"))
    keywords = content.add_mutually_exclusive_group()
    keywords.add_argument(
        "--keywords",
        nargs="?",
        type=positive,
        const=KEYWORDS_AS_SET,
        metavar="N",
        help=_(
            "also choose keywords (at most N; default: settings, else 15), from the "
            "imported vocabulary when there is one"
        ),
    )
    keywords.add_argument(
        "--no-keywords", dest="keywords", action="store_const", const=0, help=_("no keywords")
    )
    content.add_argument(
        "--vocabulary",
        metavar="FILE",
        help=_(
            "keyword list for this run: Lightroom's Export Keywords file or one keyword "
            "(or Parent|Child path) per line (default: the one 'keywords import' keeps)"
        ),
    )
    content.add_argument(
        "--languages",
        type=_languages,
        metavar="LANG[,LANG]",
        help=_(
            "caption languages, e.g. en,de,fr: the first is the default (x-default, EXIF, "
            "IIM), each gets an XMP lang-alt entry (default: settings, else the prompt's)"
        ),
    )
    content.add_argument(
        "--title", action="store_true", default=None, help=_("also write a short title")
    )
    content.add_argument(
        "--alt-text", action="store_true", default=None, help=_("also write alt text")
    )
    content.add_argument(
        "--no-context",
        dest="use_context",
        action="store_false",
        default=None,
        # {place}, {date}, {camera}: the prompt templates' own variables, kept as written.
        help=_("leave the prompt's {place}, {date}, {camera}... variables unfilled"),
    )
    content.add_argument(
        "--no-provenance",
        dest="mark_provenance",
        action="store_false",
        default=None,
        help=_("do not mark captions as machine-written in XMP (IPTC AI properties)"),
    )


def _languages(text: str) -> tuple[str, ...]:
    try:
        codes = parse_languages(text)
    except BadLanguage as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    if not codes:
        raise argparse.ArgumentTypeError(_("name at least one language, e.g. en"))
    return codes


def content_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The ``Overrides`` fields these options set (None where an option was not given)."""
    vocabulary = getattr(args, "vocabulary", None)
    return {
        "languages": getattr(args, "languages", None),
        "keywords": getattr(args, "keywords", None),
        "vocabulary": str(Path(vocabulary).expanduser().absolute()) if vocabulary else None,
        "title": getattr(args, "title", None),
        "alt_text": getattr(args, "alt_text", None),
        "use_context": getattr(args, "use_context", None),
        "mark_provenance": getattr(args, "mark_provenance", None),
    }


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return value
