"""The Streamlit app's helpers: pure view logic (``view``), downloads, uploads, widgets (``ui``).

``streamlit_app.py`` is thin: ``main()`` calls the ``*_ui()`` functions of :mod:`app.ui`,
which draw widgets and return choices; everything that computes is a plain function here.
"""
