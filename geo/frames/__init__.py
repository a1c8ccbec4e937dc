"""The end of the pipeline: GeoDataFrames with the columns of :mod:`geo.frames.schema`; writers."""

from geo.frames.build import events_frame, flows_frame, places_frame

__all__ = ["events_frame", "flows_frame", "places_frame"]
