"""``folder-captioner keywords``: the keyword vocabulary captions choose from.

``import FILE`` reads Lightroom Classic's keyword export (Metadata > Export Keywords) or
a plain list, keeps a copy in the app's data folder and turns keywords on; ``show``
prints it; ``match WORD...`` shows what a model's keyword would be written as;
``clear`` forgets it.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from rich.markup import escape

from desktop_app.cli.common import EXIT_FAILED, EXIT_OK, Context, Subcommands, UsageError
from desktop_app.core.content import load_vocabulary, vocabulary_file
from desktop_app.core.vocabulary import (
    Vocabulary,
    VocabularyError,
    format_keyword_list,
    read_keyword_file,
)
from desktop_app.i18n import _, ngettext
from desktop_app.metadata.atomic import write_new_file


def add_parser(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "keywords",
        help=_("import and inspect the keyword vocabulary"),
        description=_("Manage the keyword list captions choose their keywords from."),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    importing = actions.add_parser(
        "import",
        help=_("import Lightroom's keyword export or a plain list"),
        description=_(
            "Import a keyword list: Lightroom Classic's Metadata > Export Keywords file "
            "(tab-indented, {synonyms}, [categories]) or one keyword, or Parent|Child path, "
            "per line. A copy is kept; keywords are turned on for captioning."
        ),
    )
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.set_defaults(handler=run_import)
    show = actions.add_parser("show", help=_("print the vocabulary"))
    show.add_argument("--tree", action="store_true", help=_("the whole hierarchy"))
    show.set_defaults(handler=run_show)
    match = actions.add_parser(
        "match", help=_("show what keywords become: flat and hierarchical keywords")
    )
    match.add_argument("words", nargs="+", metavar="WORD")
    match.set_defaults(handler=run_match)
    clear = actions.add_parser("clear", help=_("forget the imported vocabulary"))
    clear.set_defaults(handler=run_clear)


def _current(ctx: Context) -> Vocabulary:
    try:
        vocabulary = load_vocabulary(ctx.settings.content.vocabulary)
    except VocabularyError as error:
        raise UsageError(error.user_message()) from error
    if vocabulary is None:
        raise UsageError(_("no vocabulary imported; use 'folder-captioner keywords import FILE'"))
    return vocabulary


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    try:
        vocabulary = read_keyword_file(args.file)
    except VocabularyError as error:
        raise UsageError(error.user_message()) from error
    target = vocabulary_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    write_new_file(target, format_keyword_list(vocabulary).encode("utf-8"))
    content = dataclasses.replace(ctx.settings.content, vocabulary=str(target), keywords=True)
    ctx.store.save(dataclasses.replace(ctx.settings, content=content))
    synonyms = sum(len(keyword.synonyms) for keyword in vocabulary.keywords)
    categories = sum(not keyword.exported for keyword in vocabulary.keywords)
    count = len(vocabulary.choices())
    details = _("{entries} entries, {categories} categories, {synonyms} synonyms").format(
        entries=len(vocabulary), categories=categories, synonyms=synonyms
    )
    imported = ngettext(
        "Imported {n} keyword ({details}) from {file}.",
        "Imported {n} keywords ({details}) from {file}.",
        count,
    ).format(n=count, details=details, file=args.file)
    ctx.out.print(escape(imported))
    ctx.out.print(
        escape(
            _(
                "Captions now get keywords from it (at most {n}); 'caption --no-keywords' "
                "turns them off for a run."
            ).format(n=content.max_keywords)
        )
    )
    return EXIT_OK


def run_show(args: argparse.Namespace, ctx: Context) -> int:
    vocabulary = _current(ctx)
    count = len(vocabulary.choices())
    keywords = ngettext("{n} keyword", "{n} keywords", count).format(n=count)
    ctx.out.print(f"[bold]{escape(vocabulary.source)}[/]: {escape(keywords)}")
    if args.tree:
        for keyword in vocabulary.keywords:
            name = keyword.name if keyword.exported else f"[dim]\\[{keyword.name}][/]"
            extra = (
                f" [dim]{{{escape(', '.join(keyword.synonyms))}}}[/]" if keyword.synonyms else ""
            )
            ctx.out.print("  " * len(keyword.parents) + escape(name) + extra)
    else:
        ctx.out.print(escape(", ".join(vocabulary.choices())))
    return EXIT_OK


def run_match(args: argparse.Namespace, ctx: Context) -> int:
    vocabulary = _current(ctx)
    content = ctx.settings.content
    found = True
    for word in args.words:
        resolved = vocabulary.resolve(
            [word],
            include_parents=content.include_parents,
            include_synonyms=content.include_synonyms,
        )
        if resolved.unmatched:
            found = False
            missing = escape(_("not in the vocabulary"))
            ctx.out.print(f"{escape(word)}: [yellow]{missing}[/]")
            continue
        ctx.out.print(
            f"{escape(word)} -> {escape(', '.join(resolved.flat))}  "
            f"[dim]({escape(', '.join(resolved.hierarchical))})[/]"
        )
    return EXIT_OK if found else EXIT_FAILED


def run_clear(_args: argparse.Namespace, ctx: Context) -> int:
    content = dataclasses.replace(ctx.settings.content, vocabulary="")
    ctx.store.save(dataclasses.replace(ctx.settings, content=content))
    vocabulary_file().unlink(missing_ok=True)
    ctx.out.print(_("The vocabulary is cleared; keywords are now chosen freely."))
    return EXIT_OK
