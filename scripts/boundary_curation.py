"""Curated corrections and supplements used by ``scripts/build_boundaries.py``.

Everything here is a choice made on purpose and documented in ``geo/data/README.md``:
which sovereign holds a disputed or code-less Natural Earth feature, the few code fixes,
how English display names of admin-1 regions are built, and the country names and
demonyms that English news uses but the packages lack.
"""

from __future__ import annotations

#: Latitude of the Morocco / Western Sahara boundary (27°40' N).
WESTERN_SAHARA_NORTH = 27.0 + 40.0 / 60.0

#: Natural Earth ``adm1_code`` -> (ISO 3166-1 alpha-2 it belongs to in Newsmap, why).
SOVEREIGNTY = {
    # Internationally recognised borders (UN General Assembly resolution 68/262).
    "RUS-283": ("UA", "Crimea: part of Ukraine under international law (UNGA 68/262)"),
    "RUS-5482": ("UA", "Sevastopol: part of Ukraine under international law (UNGA 68/262)"),
    # Features Natural Earth leaves without a country (iso_a2 "-1").
    "ESB-5132": ("GB", "Dhekelia: UK Sovereign Base Area"),
    "WSB-5133": ("GB", "Akrotiri: UK Sovereign Base Area"),
    "SOL+00?": ("SO", "Somaliland: internationally recognised as part of Somalia"),
    "CYN+00?": ("CY", "Northern Cyprus: internationally recognised as part of Cyprus"),
    "USG+00?": ("CU", "Guantanamo Bay naval base: Cuban territory leased to the US"),
    "KAS+00?": ("IN", "Siachen Glacier: Indian-administered part of Kashmir (de facto)"),
    "KAB+00?": ("KZ", "Baikonur: Kazakh territory leased to Russia"),
    "IOA-1928": ("CC", "Cocos (Keeling) Islands: own ISO 3166-1 code"),
    "IOA-2652": ("CX", "Christmas Island: own ISO 3166-1 code"),
    "CSI+00?": ("AU", "Coral Sea Islands: Australian territory"),
    "CLP+00?": ("FR", "Clipperton Island: French territory"),
    "PGA+00?": ("", "Spratly Islands: claimed by several states; no sovereign assigned"),
    # Territories with their own ISO 3166-1 code (as in GeoNames) that Natural Earth
    # files under their sovereign.
    "FRA-2000": ("GF", "French Guiana: own ISO 3166-1 code"),
    "FRA-1442": ("MQ", "Martinique: own ISO 3166-1 code"),
    "FRA-4603": ("GP", "Guadeloupe: own ISO 3166-1 code"),
    "FRA-4601": ("RE", "Réunion: own ISO 3166-1 code"),
    "FRA-4602": ("YT", "Mayotte: own ISO 3166-1 code"),
    "NLD-5149": ("BQ", "Bonaire: part of BQ"),
    "NLD-5148": ("BQ", "Sint Eustatius: part of BQ"),
    "NLD-5147": ("BQ", "Saba: part of BQ"),
    "BVT+00?": ("BV", "Bouvet Island: own ISO 3166-1 code"),
    "NOR-901": ("SJ", "Svalbard: part of SJ"),
}

#: Moroccan admin-1 regions that extend south of 27°40' N into Western Sahara. Each is
#: split at that parallel; ``main`` says which part keeps the Natural Earth identity
#: (names, gn_id, adm1_code); the other part becomes a new row with the curated name.
WESTERN_SAHARA_SPLITS = {
    "MAR-3457": {"main": "north", "other_name": "Es-Semara Province"},
    "MAR-3456": {"main": "south", "other_name": "Tarfaya Province"},
    "MAR-3469": {"main": "south", "other_name": ""},
}

#: Fixes of swapped or wrong codes, by GeoNames id: column -> value.
CODE_FIXES = {
    524894: {"iso_3166_2": "RU-MOW"},  # Moscow (city); Natural Earth swaps it with the oblast
    524925: {"iso_3166_2": "RU-MOS"},  # Moscow Oblast
}

#: Display names that the suffix rules below cannot produce, by GeoNames id.
DISPLAY_NAMES = {
    703883: "Crimea",
    694422: "Sevastopol",
    524894: "Moscow",
    524925: "Moscow Oblast",
    536203: "Saint Petersburg",
    536199: "Leningrad Oblast",
    703446: "Kyiv Oblast",
    703447: "Kyiv",
}

#: Extra English names of admin-1 regions that news uses, by GeoNames id.
EXTRA_NAMES = {
    703883: ["Crimea", "Crimean Peninsula", "Republic of Crimea", "Autonomous Republic of Crimea"],
    524925: ["Moscow Oblast", "Moscow region", "Podmoskovye"],
    524894: ["Moscow", "Moscow city"],
}

#: (ISO country, Natural Earth ``type``) -> English suffix news puts after the name.
TYPE_SUFFIX = {
    ("RU", "Oblast"): "Oblast",
    ("RU", "Kray"): "Krai",
    ("RU", "Avtonomnyy Okrug"): "Autonomous Okrug",
    ("RU", "Avtonomnaya Oblast"): "Autonomous Oblast",
    ("UA", "Oblast'"): "Oblast",
    ("BY", "Voblasts'"): "Region",
    ("KZ", "Oblasy"): "Region",
    ("KG", "Oblast"): "Region",
    ("KP", "Do"): "Province",
    ("KR", "Do"): "Province",
}

#: Countries whose admin-1 units of ``type_en`` "Province" news names "X Province".
_PROVINCE = (
    "AF AO AR BE BG BI CD CN CR CU DO EC FJ GQ ID IQ IR KH KP KR LA LK MN MZ NP PA PE PG PH PK"
)
PROVINCE_COUNTRIES = frozenset(
    _PROVINCE.split(" ") + ["RW", "SA", "SB", "TH", "TR", "VN", "ZM", "ZW"]
)

#: Countries whose admin-1 units of ``type_en`` "State" news names "X State".
STATE_COUNTRIES = frozenset({"NG", "SD", "SS", "MM"})

#: Generic ``type_en`` -> suffix, in every country.
GENERIC_SUFFIX = {"Governorate": "Governorate", "Prefecture": "Prefecture"}

#: Common English names where GeoNames' short name is not what news uses.
COUNTRY_DISPLAY = {
    "PS": "Palestine",
    "NL": "Netherlands",
    "AX": "Åland Islands",
    "RE": "Réunion",
    "CW": "Curaçao",
    "BL": "Saint Barthélemy",
    "BQ": "Bonaire, Sint Eustatius and Saba",
    "TL": "East Timor",
    "MO": "Macau",
    "VA": "Vatican City",
}

#: Extra names and aliases English news uses for countries.
COUNTRY_NAMES = {
    "US": ["United States", "United States of America", "U.S.", "US", "USA", "U.S.A.", "America"],
    "GB": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "RU": ["Russian Federation"],
    "KP": ["DPRK", "Democratic People's Republic of Korea", "N. Korea", "Pyongyang regime"],
    "KR": ["ROK", "Republic of Korea", "S. Korea"],
    "CN": ["PRC", "People's Republic of China", "mainland China"],
    "TW": ["Republic of China", "ROC"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville", "Congo Republic"],
    "CZ": ["Czech Republic"],
    "TR": ["Türkiye", "Turkiye"],
    "MM": ["Burma"],
    "SZ": ["Swaziland"],
    "MK": ["Macedonia", "Republic of North Macedonia"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CV": ["Cape Verde"],
    "VA": ["Holy See", "the Vatican"],
    "PS": ["Palestinian territories", "Palestinian Territories", "State of Palestine"],
    "NL": ["Holland"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "IR": ["Persia"],
    "LA": ["Lao PDR"],
    "SY": ["Syrian Arab Republic"],
    "VN": ["Viet Nam"],
    "XK": ["Republic of Kosovo"],
    "SA": ["KSA"],
}

#: Demonyms and adjectives English news uses, beyond the package's one demonym.
DEMONYMS = {
    "US": ["American", "U.S."],
    "GB": ["British", "Briton", "UK"],
    "KP": ["North Korean"],
    "KR": ["South Korean"],
    "RU": ["Russian"],
    "UA": ["Ukrainian"],
    "AR": ["Argentine", "Argentinian"],
    "TJ": ["Tajik", "Tajikistani"],
    "KG": ["Kyrgyz", "Kyrgyzstani"],
    "KZ": ["Kazakh"],
    "UZ": ["Uzbek"],
    "MV": ["Maldivian"],
    "CV": ["Cape Verdean"],
    "EC": ["Ecuadorian"],
    "BW": ["Botswanan"],
    "SI": ["Slovenian"],
    "SR": ["Surinamese"],
    "SA": ["Saudi"],
    "PH": ["Philippine"],
    "NP": ["Nepali"],
    "NL": ["Netherlands"],
    "CZ": ["Czech"],
    "CD": ["Congolese"],
    "MM": ["Myanmar"],
    "XK": ["Kosovar", "Kosovan"],
    "PS": ["Palestinian"],
    "TW": ["Taiwanese"],
    "HK": ["Hong Konger"],
    "NZ": ["Kiwi"],
    "BA": ["Bosnian"],
    "MK": ["North Macedonian"],
    "TL": ["Timorese"],
    "CI": ["Ivorian"],
    "BY": ["Belarusian", "Belarussian"],
}

#: Aliases from the packages that are ordinary English words or codes, never names.
NAME_STOPLIST = frozenset(
    {"Island", "Thai", "Prathet", "Mann", "Guiana", "Togolese", "Montenegrin"}
)

#: Label points where the GeoNames country point differs from the package's ``latlng``
#: by 100 km or more (GeoNames' country records: United States 6252001, Canada 6251999,
#: Libya 2215636, India 1269750, Australia 2077456, Japan 1861060).
LABEL_POINTS = {
    "US": (39.76, -98.5),
    "CA": (60.10867, -113.64258),
    "LY": (28.0, 17.0),
    "IN": (22.0, 79.0),
    "AU": (-25.0, 135.0),
    "JP": (35.68536, 139.75309),
}

#: Admin-1 label points, by GeoNames id, where Natural Earth's label point is 100 km or
#: more from GeoNames' point of the region (Hawaii 5855797: NE labels the Big Island;
#: Alaska 5879092).
ADMIN1_LABEL_POINTS = {
    5855797: (20.75028, -156.50028),
    5879092: (64.00028, -150.00028),
}

#: GeoNames countries that no longer exist in ISO 3166-1: left out.
OBSOLETE_COUNTRIES = frozenset({"AN", "CS"})

#: Countries whose top-level ISO 3166-2 subdivisions sit above Natural Earth's admin-1:
#: the United Kingdom's four nations (GB-ENG, GB-SCT, GB-WLS, GB-NIR) over its councils
#: and counties. ``subnational.parquet`` has one row per such subdivision, the union of
#: the admin-1 polygons whose ISO 3166-2 code lies under it.
SUBNATIONAL_COUNTRIES = ("GB",)

#: ISO 3166-2 codes that Natural Earth still carries but ISO has withdrawn -> a current
#: code that took over the area. Used only to find the nation an admin-1 feature lies
#: in. Northern Ireland's 26 districts merged into 11 in 2015; Bournemouth and Poole
#: became Bournemouth, Christchurch and Poole in 2019; Northamptonshire was split into
#: North and West Northamptonshire in 2021.
WITHDRAWN_CODES = {
    "GB-ANT": "GB-ANN",  # Antrim -> Antrim and Newtownabbey
    "GB-NTA": "GB-ANN",  # Newtownabbey
    "GB-ARD": "GB-AND",  # Ards -> Ards and North Down
    "GB-NDN": "GB-AND",  # North Down
    "GB-ARM": "GB-ABC",  # Armagh -> Armagh City, Banbridge and Craigavon
    "GB-BNB": "GB-ABC",  # Banbridge
    "GB-CGV": "GB-ABC",  # Craigavon
    "GB-BLY": "GB-CCG",  # Ballymoney -> Causeway Coast and Glens
    "GB-CLR": "GB-CCG",  # Coleraine
    "GB-LMV": "GB-CCG",  # Limavady
    "GB-MYL": "GB-CCG",  # Moyle
    "GB-DRY": "GB-DRS",  # Derry -> Derry and Strabane
    "GB-STB": "GB-DRS",  # Strabane
    "GB-FER": "GB-FMO",  # Fermanagh -> Fermanagh and Omagh
    "GB-OMH": "GB-FMO",  # Omagh
    "GB-LSB": "GB-LBC",  # Lisburn -> Lisburn and Castlereagh
    "GB-CSR": "GB-LBC",  # Castlereagh
    "GB-BLA": "GB-MEA",  # Ballymena -> Mid and East Antrim
    "GB-CKF": "GB-MEA",  # Carrickfergus
    "GB-LRN": "GB-MEA",  # Larne
    "GB-CKT": "GB-MUL",  # Cookstown (Natural Earth's "Mid Ulster") -> Mid-Ulster
    "GB-DGN": "GB-MUL",  # Dungannon and South Tyrone
    "GB-MFT": "GB-MUL",  # Magherafelt
    "GB-NYM": "GB-NMD",  # Newry and Mourne -> Newry, Mourne and Down
    "GB-DOW": "GB-NMD",  # Down
    "GB-BMH": "GB-BCP",  # Bournemouth -> Bournemouth, Christchurch and Poole
    "GB-POL": "GB-BCP",  # Poole
    "GB-NTH": "GB-NNH",  # Northamptonshire -> North Northamptonshire (and West)
}
