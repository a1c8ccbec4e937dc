"""Shared test set-up.

Newsmap is installed (``pip install -e .`` in ``make setup``), so ``geo``, ``layers``,
``app`` and ``testkit`` import as packages; pytest puts ``tests/`` itself on the path for
the ``samples_*`` modules of named cases.
"""
