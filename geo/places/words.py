"""Word lists of English news that :mod:`geo.places.mentions` uses to judge a capitalised span.

Cues before a place, words that are never places alone, the generic words of street and
building names, titles before a person's name, verbs of speech, the words of a town's
institutions, and the abbreviations of US states (AP style) and regions.
"""

from __future__ import annotations

__all__ = [
    "ADMIN_WORDS",
    "CUES",
    "GENERIC",
    "INSTITUTIONS",
    "NEVER",
    "REGION_ACRONYMS",
    "SPEECH",
    "STATE_ABBREVIATIONS",
    "STREETS",
    "TITLES",
]

CUES = {
    "in", "at", "near", "around", "outside", "inside", "from", "to", "into", "across",
    "toward", "towards", "through", "throughout", "within", "via", "nearby", "between",
    "outskirts", "village", "villages", "town", "towns", "city", "cities", "region",
    "settlement", "settlements", "hamlet", "suburb", "district", "port", "capital",
}  # fmt: skip
# Single capitalised words that are never places on their own in news text.
NEVER = {
    "minister", "president", "general", "chief", "staff", "foreign", "prime", "secretary",
    "governor", "mayor", "king", "queen", "prince", "pope", "senator", "officials", "official",
    "sources", "source", "reports", "report", "war", "army", "navy", "police", "government",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "god", "christmas", "easter", "west", "east", "north",
    "south", "western", "eastern", "northern", "southern", "central", "new", "old", "great",
    "republic", "union", "federation", "state", "states", "kingdom", "city", "county",
    "the", "this", "that", "its", "their", "our", "his", "her", "a", "an", "part",
}  # fmt: skip
# Generic words of longer names ("Main Street", "City Hall", "Lincoln Center"): never a
# place on their own, and never the place a longer name was cut down to.
GENERIC = {
    "street", "st", "road", "rd", "avenue", "ave", "boulevard", "blvd", "lane", "drive",
    "highway", "hall", "center", "centre", "park", "square", "plaza", "bridge", "station",
    "airport", "church", "school", "college", "university", "hospital", "building", "tower",
    "court", "office", "house", "club", "market", "mall", "stadium", "arena", "field",
    "river", "lake", "creek", "mount", "mountain", "valley", "beach", "island", "bay",
    "harbor", "harbour", "port", "point", "hill", "hills", "heights", "springs", "falls",
    "township", "parish", "borough", "village", "town", "district", "department",
}  # fmt: skip
# The last word of an area's name: "Laurel County", "Rapides Parish".
ADMIN_WORDS = {"county", "parish", "borough", "province", "region", "state", "oblast"}
# Words after a name that make it a street's or a building's: "Main Street", "Lincoln Center".
STREETS = {
    "street", "st", "road", "rd", "avenue", "ave", "boulevard", "blvd", "lane", "ln",
    "drive", "dr", "highway", "hwy", "pike", "parkway", "way", "place", "court", "circle",
    "terrace", "trail", "hall", "center", "centre", "square", "plaza", "bridge", "tower",
    "building", "mall", "stadium", "arena",
}  # fmt: skip
SPEECH = {
    "say", "tell", "add", "explain", "note", "ask", "write", "announce", "argue", "insist",
    "recall", "answer", "reply", "comment", "think", "believe", "want", "hope",
}  # fmt: skip
# Words of the names of a town's own institutions: "Dublin City Council".
INSTITUTIONS = {
    "city", "county", "council", "school", "schools", "high", "police", "fire", "department",
    "public", "board", "library", "hospital", "college", "university", "museum", "chamber",
    "commission", "housing", "authority", "utilities", "district", "township", "church",
    "community", "memorial", "municipal", "regional", "area", "state", "sheriff",
    "sheriff's", "commissioners", "court", "jail", "health", "office", "emergency", "fair",
    "clerk", "coroner", "prosecutor", "circuit", "superior", "jury", "airport", "park",
    "parks", "water", "transit", "zoo", "historical", "farm", "bureau", "democratic",
    "republican", "party", "elections", "humane", "society", "landfill", "detention",
}  # fmt: skip
# Titles written before a person's name: "Gov. Perry", "Sen. Lincoln", "Mr. Jordan".
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "gov", "governor", "gen",
    "president", "judge", "coach", "officer", "sgt", "lt", "capt", "col", "rev", "father",
    "sister", "brother", "sheriff", "deputy", "mayor", "chief", "prof", "professor",
    "councilman", "councilwoman", "commissioner", "detective", "attorney", "dean",
}  # fmt: skip
#: AP-style abbreviations of US states and Canadian provinces, and the names they stand for.
STATE_ABBREVIATIONS = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida",
    "Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas",
    "Kans.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland",
    "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota",
    "Miss.": "Mississippi", "Mo.": "Missouri", "Mont.": "Montana", "Neb.": "Nebraska",
    "Nebr.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire", "N.J.": "New Jersey",
    "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina",
    "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia",
    "Wash.": "Washington", "W.Va.": "West Virginia", "W. Va.": "West Virginia",
    "Wis.": "Wisconsin", "Wisc.": "Wisconsin", "Wyo.": "Wyoming", "D.C.": "District of Columbia",
    "B.C.": "British Columbia", "Ont.": "Ontario", "Que.": "Quebec", "Alta.": "Alberta",
    "Sask.": "Saskatchewan", "N.S.": "Nova Scotia", "N.B.": "New Brunswick",
}  # fmt: skip
#: Acronyms of regions that news writes on their own ("the BC government").
REGION_ACRONYMS = {
    "BC": "British Columbia", "NSW": "New South Wales", "KZN": "KwaZulu-Natal",
    "NRW": "North Rhine-Westphalia",
}  # fmt: skip
