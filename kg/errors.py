"""One hierarchy for every error a user can cause.

Each message says what happened, where (file, stage, document) and how to fix
it; the CLI prints ``str(error)`` and exits with ``error.exit_code`` instead of
a traceback.
"""

from __future__ import annotations


class KgError(Exception):
    """Base of all parkkg errors that are the user's to fix."""

    exit_code = 1

    def __init__(self, what: str, *, where: str = "", fix: str = "") -> None:
        self.what, self.where, self.fix = what, where, fix
        super().__init__(self.__str__())

    def __reduce__(self):
        # Rebuild from the instance state: subclasses take other __init__ arguments, and an
        # error raised in a worker process must cross back to the parent intact.
        return (_rebuild, (type(self), self.__dict__.copy()))

    def __str__(self) -> str:
        parts = [f"{self.where}: {self.what}" if self.where else self.what]
        if self.fix:
            parts.append(f"Fix: {self.fix}")
        return " ".join(parts)


def _rebuild(cls: type, state: dict) -> KgError:
    err = cls.__new__(cls)
    err.__dict__.update(state)
    Exception.__init__(err, str(err))
    return err


class InputError(KgError):
    """A path or file cannot be used as input."""

    exit_code = 2


class SkippedInputs(KgError):
    """Some inputs were skipped and --strict asked for a failure."""

    exit_code = 3


class StageError(KgError):
    """A pipeline stage failed on one document."""

    exit_code = 4

    def __init__(self, stage: str, document: str, cause: BaseException) -> None:
        self.stage, self.document, self.cause = stage, document, cause
        super().__init__(
            f"stage '{stage}' failed: {type(cause).__name__}: {cause}",
            where=document,
            fix="run `kg normalize FILE` to inspect the document, and report the file if it looks valid",
        )


class OutputError(KgError):
    """The output directory cannot be written."""

    exit_code = 5


class ValidationFailed(KgError):
    """SHACL validation found violations and --strict asked for a failure."""

    exit_code = 6


class QueryError(KgError):
    """A SPARQL query is unknown, malformed or not allowed."""

    exit_code = 7


class EmptyBuild(KgError):
    """The inputs gave no page at all; the previous outputs are kept (``--allow-empty`` writes an empty graph)."""

    exit_code = 8

    @classmethod
    def of(cls, files: int, skipped: list, where: str) -> "EmptyBuild":
        """Why a build found no page: how many files it saw and the first reasons it skipped them."""
        what = f"the inputs gave no page ({files} file(s) read, {len(skipped)} skipped)"
        if skipped:
            what += ": " + "; ".join(str(s) for s in skipped[:5]) + ("; …" if len(skipped) > 5 else "")
        return cls(what, where=where, fix="pass files or folders of news pages (.txt, .md, .html), or "
                                          "--allow-empty to write an empty graph; the previous outputs were kept")
