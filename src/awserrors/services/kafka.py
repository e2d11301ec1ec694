# Generated for awserrors by awserrors.write_stubs; do not edit.
"""A namespace module of a generated taxonomy; its type stub is the ``.pyi`` beside this file."""

from awserrors._stubs import bind_namespace

bind_namespace(__name__, "awserrors")
del bind_namespace
