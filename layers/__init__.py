"""Newsmap's layers package: folium layers, popups, offline assets and HTML export.

Every builder takes the frames of ``geo/frames/schema.py`` read-only and returns folium objects;
nothing is loaded at import time. The entry points are :func:`layers.mapview.build_map`
and :func:`layers.export.export_html`.
"""
