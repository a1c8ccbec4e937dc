"""A tiny gazetteer: named sample places in the sources' real formats.

Ambiguous names (two Korenevos, four Moscows, two Londons), non-ASCII names (Zürich,
São Paulo, Cyrillic alternates), transliteration variants and a bad curated row.
Coordinates are the real ones; polygons are boxes around the label points, enough for
lookup tests (the real polygons are checked by the data contract test).
"""

from __future__ import annotations

import json
from pathlib import Path

# geonameid, name, lat, lon, country, admin1, population, alternates
CITIES = [
    (544906, "Korenevo", 51.41065, 34.90008, "RU", "41", 6236, ["Korenjovo", "Коренево"]),
    (544904, "Korenëvo", 55.67194, 38.00778, "RU", "47", 5555, ["Korenevo", "Коренёво"]),
    (538560, "Kursk", 51.72689, 36.18457, "RU", "41", 448733, ["Kurs'k", "Курск", "URS"]),
    (524901, "Moscow", 55.75204, 37.61781, "RU", "48", 10381222, ["Moskva", "Москва", "MOW"]),
    (5601538, "Moscow", 46.73239, -117.00017, "US", "ID", 25435, []),
    (4941935, "Moscow", 41.33675, -75.51852, "US", "PA", 2026, []),
    (1871859, "Pyongyang", 39.03385, 125.75432, "KP", "12", 3222000, ["P'yŏngyang", "평양"]),
    (1835848, "Seoul", 37.566, 126.9784, "KR", "11", 10349312, ["Sŏul", "서울"]),
    (2643743, "London", 51.50853, -0.12574, "GB", "ENG", 8961989, ["Londres"]),
    (6058560, "London", 42.98339, -81.23304, "CA", "08", 346765, []),
    (2657896, "Zürich", 47.36667, 8.55, "CH", "ZH", 341730, ["Zurich", "Zuerich"]),
    (3448439, "São Paulo", -23.5475, -46.63611, "BR", "27", 10021295, ["Sao Paulo"]),
    (706483, "Kharkiv", 49.98081, 36.25272, "UA", "07", 1430885, ["Kharkov", "Харків"]),
    (703448, "Kyiv", 50.45466, 30.5238, "UA", "12", 2797553, ["Kiev", "Київ"]),
    (702550, "Lviv", 49.83826, 24.02324, "UA", "15", 717803, ["Lvov", "Lemberg"]),
    (3060972, "Stará Ľubovňa", 49.29859, 20.68620, "SK", "08", 16000, ["Stara Lubovna"]),
    # Towns named after countries and regions, and their neighbours.
    (4681976, "China", 30.05188, -94.33574, "US", "TX", 1160, []),
    (4699066, "Houston", 29.76328, -95.36327, "US", "TX", 2296224, []),
    (4672989, "Beaumont", 30.08605, -94.10185, "US", "TX", 118296, []),
    (4896012, "Kansas", 39.55282, -87.93641, "US", "IL", 768, []),
    (5379439, "Ontario", 34.06334, -117.65089, "US", "CA", 175265, []),
    (5128581, "New York City", 40.71427, -74.00597, "US", "NY", 8804190, ["New York", "NYC"]),
    (4544349, "Oklahoma City", 35.46756, -97.51643, "US", "OK", 681054, ["Oklahoma"]),
    # Towns whose GeoNames alternates are other words (a prank, a translation, a near
    # transliteration), and a town named like a surname.
    (4280539, "Topeka", 39.04833, -95.67804, "US", "KS", 125963, ["Google"]),
    (2911271, "Hamm", 51.68033, 7.82089, "DE", "07", 178967, ["Hamas"]),
    (2636503, "Sutton", 51.36045, -0.19113, "GB", "ENG", 41483, []),
    (4215110, "Pearson", 31.29770, -82.85237, "US", "GA", 2112, []),
]

ADMIN1 = [
    # gn_id, name, iso_a2, gn_a1_code, type_en, lat, lon, names
    (
        538555,
        "Kursk Oblast",
        "RU",
        "RU.41",
        "Region",
        51.7358,
        36.2921,
        ["Kursk", "Курская область"],
    ),
    (524925, "Moscow Oblast", "RU", "RU.47", "Region", 55.1508, 38.671, ["Moscow", "Moskovskaya"]),
    (524894, "Moscow", "RU", "RU.48", "Federal City", 55.7177, 37.6188, ["Moskva", "Москва"]),
    (5596512, "Idaho", "US", "US.ID", "State", 44.35, -114.6, ["ID"]),
    (706482, "Kharkiv Oblast", "UA", "UA.07", "Region", 49.6, 36.6, ["Kharkiv", "Kharkov"]),
    (4273857, "Kansas", "US", "US.KS", "State", 38.50029, -98.50063, []),
    (4736286, "Texas", "US", "US.TX", "State", 31.25044, -99.25061, []),
    (6093943, "Ontario", "CA", "CA.08", "Province", 49.25014, -84.49983, []),
    (5909050, "British Columbia", "CA", "CA.02", "Province", 53.99983, -125.0032, []),
    (5128638, "New York", "US", "US.NY", "State", 43.00035, -75.4999, []),
    (4544379, "Oklahoma", "US", "US.OK", "State", 35.49209, -97.50328, []),
]

COUNTRIES = [
    # iso_a2, iso_a3, name, names, demonyms, geonameid, lat, lon, population, capital
    ("RU", "RUS", "Russia", ["Russian Federation"], ["Russian"], 2017370, 60.0, 100.0, 144478050),
    ("KP", "PRK", "North Korea", ["DPRK"], ["North Korean"], 1873107, 40.0, 127.0, 25549819),
    ("KR", "KOR", "South Korea", ["Republic of Korea", "ROK"], ["South Korean"], 1835841,
     36.5, 127.75, 51635256),
    ("UA", "UKR", "Ukraine", ["Ukraina"], ["Ukrainian"], 690791, 49.0, 32.0, 44622516),
    ("US", "USA", "United States", ["U.S.", "USA", "America"], ["American"], 6252001,
     39.76, -98.5, 327167434),
    ("GB", "GBR", "United Kingdom", ["UK", "Britain"], ["British"], 2635167, 54.75844, -2.69531,
     66488991),
    ("CA", "CAN", "Canada", [], ["Canadian"], 6251999, 60.10867, -113.64258, 37058856),
    ("CH", "CHE", "Switzerland", [], ["Swiss"], 2658434, 47.00016, 8.01427, 8516543),
    ("BR", "BRA", "Brazil", [], ["Brazilian"], 3469034, -10.0, -55.0, 209469333),
    ("SK", "SVK", "Slovakia", [], ["Slovak"], 3057568, 48.66667, 19.5, 5447011),
    ("GE", "GEO", "Georgia", [], ["Georgian"], 614540, 42.0, 43.5, 3731000),
    ("CN", "CHN", "China", [], ["Chinese"], 1814991, 35.0, 105.0, 1411778724),
]  # fmt: skip

MACRO_REGIONS = """key,name,aliases,members
eastern-europe,Eastern Europe,East Europe,RU|UA|SK
korean-peninsula,Korean Peninsula,the Korean Peninsula,KP|KR
europe,Europe,,RU|UA|SK|GB|CH
"""

CURATED = """name,alternate_names,lat,lon,feature_type,country,admin1,uncertainty_km,source
Staraya Sorochina,Старая Сорочина|Stara Sorochina,51.34278,35.22111,village,RU,Kursk Oblast,,test
Novaya Sorochina,Новая Сорочина,51.36,35.23,village,RU,Kursk Oblast,5,test
Broken Row,,not-a-number,35.0,village,RU,,,test
Far Away,,95.0,35.0,village,RU,,,test
Latah County,Latah Co.,46.81574,-116.74993,county,US,Idaho,23.0,test (a county)
"""


def _box(lat: float, lon: float, half: float = 0.5):
    from shapely.geometry import box

    return box(lon - half, lat - half, lon + half, lat + half)


def write_sources(folder: Path):
    """Write the sample sources to ``folder`` and return them as :class:`Sources`."""
    import geopandas

    from geo.gazetteer.build import Sources

    folder.mkdir(parents=True, exist_ok=True)
    cities = [
        {
            "geonameid": gid, "name": name, "latitude": lat, "longitude": lon,
            "countrycode": cc, "population": pop, "timezone": "", "admin1code": a1,
            "alternatenames": alts,
        }
        for gid, name, lat, lon, cc, a1, pop, alts in CITIES
    ]  # fmt: skip
    (folder / "cities.json").write_text(json.dumps(cities), encoding="utf-8")
    admin1 = geopandas.GeoDataFrame(
        [
            {
                "gn_id": gid, "name": name, "name_en": name, "names": json.dumps(names),
                "type_en": kind, "iso_a2": cc, "iso_3166_2": "", "adm1_code": f"X-{gid}",
                "gn_a1_code": a1, "label_lat": lat, "label_lon": lon,
                "geometry": _box(lat, lon, 0.3),
            }
            for gid, name, cc, a1, kind, lat, lon, names in ADMIN1
        ],
        crs="EPSG:4326",
    )  # fmt: skip
    admin1.to_parquet(folder / "admin1.parquet")
    countries = geopandas.GeoDataFrame(
        [
            {
                "iso_a2": a2, "iso_a3": a3, "name": name, "names": json.dumps(names),
                "demonyms": json.dumps(dems), "geonameid": gid, "label_lat": lat,
                "label_lon": lon, "population": pop, "geometry": _box(lat, lon, 3),
            }
            for a2, a3, name, names, dems, gid, lat, lon, pop in COUNTRIES
        ],
        crs="EPSG:4326",
    )  # fmt: skip
    countries.to_parquet(folder / "countries.parquet")
    (folder / "macro_regions.csv").write_text(MACRO_REGIONS, encoding="utf-8")
    (folder / "places.csv").write_text(CURATED, encoding="utf-8")
    return Sources(
        cities=folder / "cities.json",
        admin1=folder / "admin1.parquet",
        countries=folder / "countries.parquet",
        macro_regions=folder / "macro_regions.csv",
        curated=(folder / "places.csv",),
    )
