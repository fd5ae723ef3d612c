"""Usage errors (exit code 2), in a module of their own: the command line imports it
before anything heavy."""


class UsageError(Exception):
    """A PATH that does not exist: exit code 2, not a content problem."""
