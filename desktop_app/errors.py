"""The one error type a user can meet, shared by every layer.

Every failure that reaches a person (a corrupt file, a rejected API key, a full disk)
is a :class:`CaptionerError` carrying *what happened* and *what to do*. Layers raise
their own subclasses; the pipeline, the CLI and the GUI only need this base to report a
failure, decide whether to retry it and whether the rest of the run can go on.

Message and hint are ``Text`` (``desktop_app.i18n.lazy_gettext``): the window and the
terminal show them in the user's language (``message``, ``hint``, ``user_message()``),
the log file and ``--json`` in English (``str(error)``, ``message_en``, ``hint_en``).
"""

from __future__ import annotations

from desktop_app.i18n import Text, as_text, join_texts


class CaptionerError(Exception):
    """A failure explained in words a user understands.

    ``transient`` says a later retry may succeed (network, busy service); ``stops_run``
    says every other image would fail the same way (a rejected key), so a batch run
    should stop instead of failing thousands of files one by one.
    """

    code: str = "error"
    transient: bool = False
    stops_run: bool = False

    def __init__(self, message: str | Text, hint: str | Text = "", *, detail: str = "") -> None:
        self.message_text = as_text(message)
        self.hint_text = as_text(hint)
        super().__init__(self.message_text.english())
        self.detail = detail

    @property
    def message(self) -> str:
        """What happened, in the user's language."""
        return self.message_text.localized()

    @property
    def hint(self) -> str:
        """What to do about it, in the user's language."""
        return self.hint_text.localized()

    @property
    def message_en(self) -> str:
        return self.message_text.english()

    @property
    def hint_en(self) -> str:
        return self.hint_text.english()

    def user_message(self) -> str:
        """The message and the advice in one sentence pair, for a status line."""
        return f"{self.message} {self.hint}".strip()

    def text(self) -> Text:
        """Message and hint as one ``Text`` (for an event that carries the error's words)."""
        return join_texts(self.message_text, self.hint_text)

    def english_message(self) -> str:
        """The same in English: for the log file."""
        return f"{self.message_en} {self.hint_en}".strip()

    def __str__(self) -> str:
        return self.english_message()


def describe_exception(error: BaseException) -> str:
    """A one-line description of any exception for a person (the user's language)."""
    if isinstance(error, CaptionerError):
        return error.user_message()
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
