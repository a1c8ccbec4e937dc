"""GeoParquet files of the frames: declared Arrow types, WKB geometry and ``geo`` metadata.

:func:`to_arrow` turns a frame into an Arrow table with the column types of
:mod:`geo.frames.schema` (floats, ints, booleans, ISO date strings) and GeoParquet 1.1 metadata
(WKB ``geometry``, EPSG:4326); :func:`read_files` reads such files back into a
GeoDataFrame, with an optional pyarrow row filter (predicate pushdown). The dataset
layout that uses them is described in :mod:`geo.store`.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

from geo.frames.schema import CRS

_FLOATS = {"uncertainty_km", "score", "lat", "lon", "quantity", "confidence"}
_INTS = {"geonameid", "mention_count", "sentence_start", "sentence_end", "place_start", "place_end",
         "fatalities", "injured"}  # fmt: skip
#: Integer columns that may be missing (pandas Int64).
_NULLABLE_INTS = ("geonameid", "fatalities", "injured")
_BOOLS = {"reference_inferred"}
_GEOM_TYPES = ("Point", "LineString", "LineString", "Polygon", "MultiPoint", "MultiLineString",
               "MultiPolygon", "GeometryCollection")  # fmt: skip


def _schema(columns):
    import pyarrow as pa

    def kind(name):
        if name in _FLOATS:
            return pa.float64()
        if name in _INTS:
            return pa.int64()
        if name in _BOOLS:
            return pa.bool_()
        return pa.binary() if name == "geometry" else pa.string()

    return pa.schema([pa.field(name, kind(name)) for name in columns])


@lru_cache(maxsize=1)
def _crs_json() -> dict:
    from pyproj import CRS as ProjCRS

    return ProjCRS.from_user_input(CRS).to_json_dict()


def to_arrow(frame, columns):
    """Return ``frame`` as an Arrow table with the declared types and GeoParquet metadata."""
    import pandas as pd
    import pyarrow as pa
    import shapely

    schema = _schema(columns)
    plain = pd.DataFrame(frame.drop(columns="geometry"))
    arrays = [pa.array(plain[f.name], type=f.type, from_pandas=True) for f in list(schema)[:-1]]
    geoms = frame.geometry.values
    arrays.append(pa.array(shapely.to_wkb(geoms), type=pa.binary()))
    present = geoms[~shapely.is_missing(geoms)]
    type_ids = shapely.get_type_id(present)
    geo = {
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": sorted({_GEOM_TYPES[t] for t in set(type_ids.tolist())}),
                "crs": _crs_json(),
                **({"bbox": list(shapely.total_bounds(present))} if len(present) else {}),
            }
        },
    }  # fmt: skip
    return pa.Table.from_arrays(arrays, schema=schema.with_metadata({"geo": json.dumps(geo)}))


def read_files(files, columns, row_filter=None):
    """Read ``files`` with declared types into a GeoDataFrame with ``columns``."""
    import geopandas
    import pyarrow as pa
    import pyarrow.dataset as ds

    schema = _schema(columns)
    if files:
        source = ds.dataset([os.fspath(f) for f in files], schema=schema, format="parquet")
        table = source.to_table(filter=row_filter)
    else:
        table = schema.empty_table()
    frame = table.drop_columns(["geometry"]).to_pandas(types_mapper={pa.int64(): None}.get)
    for column in _NULLABLE_INTS:
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    geometry = geopandas.GeoSeries.from_wkb(table["geometry"].to_numpy(zero_copy_only=False),
                                            crs=CRS)  # fmt: skip
    return geopandas.GeoDataFrame(frame, geometry=geometry, crs=CRS)[list(columns)]
