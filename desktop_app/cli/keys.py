"""``folder-captioner key set|delete|status BACKEND``: API keys in the OS keyring."""

from __future__ import annotations

import argparse
import getpass
import sys

from desktop_app.backends import openai_compat, runware
from desktop_app.cli.common import EXIT_FAILED, EXIT_OK, Context, Subcommands, UsageError
from desktop_app.core.secrets import SecretStore
from desktop_app.errors import CaptionerError
from desktop_app.i18n import _

# backend id -> (keyring name, environment variable)
KEYED_BACKENDS: dict[str, tuple[str, str]] = {
    runware.BACKEND_ID: (runware.API_KEY_SECRET, runware.API_KEY_ENV),
    openai_compat.BACKEND_ID: (openai_compat.API_KEY_SECRET, openai_compat.API_KEY_ENV),
}


def register_keyed_backend(backend_id: str, secret: str, env_var: str) -> None:
    KEYED_BACKENDS[backend_id] = (secret, env_var)


def add_parser(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "key",
        help=_("store or remove an API key in the system keyring"),
        description=_(
            "API keys live in the OS keyring, never in a file. The environment variable "
            "(e.g. RUNWARE_API_KEY) overrides the stored key."
        ),
    )
    parser.add_argument("action", choices=["set", "delete", "status"])
    parser.add_argument("backend", nargs="?", default=runware.BACKEND_ID)
    parser.add_argument(
        "--stdin", action="store_true", help=_("read the key from standard input (for scripts)")
    )
    parser.set_defaults(handler=run_key)


def run_key(args: argparse.Namespace, ctx: Context) -> int:
    if args.backend not in KEYED_BACKENDS:
        raise UsageError(
            _("backend '{backend}' takes no key; keyed: {keyed}").format(
                backend=args.backend, keyed=", ".join(KEYED_BACKENDS)
            )
        )
    secret, env_var = KEYED_BACKENDS[args.backend]
    store = SecretStore()
    try:
        if args.action == "set":
            key = sys.stdin.readline().strip() if args.stdin else getpass.getpass(_("API key: "))
            if not key:
                raise UsageError(_("no key given"))
            store.set_secret(secret, key)
            saved = _("Saved the {backend} API key in the system keyring.")
            ctx.err.print(saved.format(backend=args.backend))
        elif args.action == "delete":
            removed = store.delete_secret(secret)
            ctx.err.print(_("Removed.") if removed else _("No key was stored."))
        else:
            stored = store.get_secret(secret) is not None
            from_env = store.get_secret("", env_var) is not None
            yes, no = _("yes"), _("no")
            ctx.out.print(
                _("{backend}: key in keyring: {stored}; ${variable} set: {from_env}").format(
                    backend=args.backend,
                    stored=yes if stored else no,
                    variable=env_var,
                    from_env=yes if from_env else no,
                )
            )
    except CaptionerError as error:
        ctx.err.print(f"[red]{error.user_message()}[/]")
        return EXIT_FAILED
    return EXIT_OK
