"""Tools shared by the tests and the benchmarks (not part of Newsmap itself).

:mod:`testkit.browser` starts a real ``streamlit run`` and drives Debian's chromium;
:mod:`testkit.synthetic` writes deterministic synthetic corpora.
"""
