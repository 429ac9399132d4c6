"""The one thing every error a user can cause has in common: it can be said in the user's language.

Unreadable workbooks (:class:`~protocheck.problems.InputError`), data files with errors
(:class:`~protocheck.yamlfile.DataFileError`) and references that name nothing
(:class:`~protocheck.catalog.CatalogNotFound`) all derive from :class:`UserError`, so the command line and the
network summary catch one type and print its lines, never a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """An error in what the user gave protocheck, with the sentence(s) that say what to do."""

    def lines(self, lang: str) -> list[str]:
        """The error in ``lang``: one line per place at fault."""
        raise NotImplementedError
