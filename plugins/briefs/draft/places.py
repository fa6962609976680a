"""The adjective (demonym) forms of the names of states, and the words that qualify a name without being it.

"South Korean foreign ministry" speaks for the registry's South Korea, and
"Russian" stands for Russia: a state of the registry is found by its adjective
as well as by its name. A party or a nationality before a name ("Republican
Donald Trump", "Chinese President Xi Jinping") is left out of the name.
"""

from __future__ import annotations

# country name -> the adjective its people and its bodies go by
DEMONYMS = {
    "Afghanistan": "Afghan", "Albania": "Albanian", "Algeria": "Algerian", "Argentina": "Argentine",
    "Armenia": "Armenian", "Australia": "Australian", "Austria": "Austrian", "Azerbaijan": "Azerbaijani",
    "Bangladesh": "Bangladeshi", "Belarus": "Belarusian", "Belgium": "Belgian", "Bolivia": "Bolivian",
    "Bosnia": "Bosnian", "Brazil": "Brazilian", "Britain": "British", "Bulgaria": "Bulgarian",
    "Cambodia": "Cambodian", "Canada": "Canadian", "Chile": "Chilean", "China": "Chinese",
    "Colombia": "Colombian", "Croatia": "Croatian", "Cuba": "Cuban", "Cyprus": "Cypriot",
    "Czech Republic": "Czech", "Denmark": "Danish", "Ecuador": "Ecuadorian", "Egypt": "Egyptian",
    "Estonia": "Estonian", "Ethiopia": "Ethiopian", "Finland": "Finnish", "France": "French",
    "Georgia": "Georgian", "Germany": "German", "Ghana": "Ghanaian", "Greece": "Greek",
    "Hungary": "Hungarian", "Iceland": "Icelandic", "India": "Indian", "Indonesia": "Indonesian",
    "Iran": "Iranian", "Iraq": "Iraqi", "Ireland": "Irish", "Israel": "Israeli", "Italy": "Italian",
    "Japan": "Japanese", "Jordan": "Jordanian", "Kazakhstan": "Kazakh", "Kenya": "Kenyan",
    "Kosovo": "Kosovar", "Kuwait": "Kuwaiti", "Latvia": "Latvian", "Lebanon": "Lebanese",
    "Libya": "Libyan", "Lithuania": "Lithuanian", "Malaysia": "Malaysian", "Mexico": "Mexican",
    "Moldova": "Moldovan", "Mongolia": "Mongolian", "Morocco": "Moroccan", "Myanmar": "Myanmar",
    "Nepal": "Nepali", "Netherlands": "Dutch", "New Zealand": "New Zealand", "Nigeria": "Nigerian",
    "North Korea": "North Korean", "Norway": "Norwegian", "Pakistan": "Pakistani",
    "Palestine": "Palestinian", "Peru": "Peruvian", "Philippines": "Philippine", "Poland": "Polish",
    "Portugal": "Portuguese", "Qatar": "Qatari", "Romania": "Romanian", "Russia": "Russian",
    "Saudi Arabia": "Saudi", "Serbia": "Serbian", "Singapore": "Singaporean", "Slovakia": "Slovak",
    "Slovenia": "Slovenian", "Somalia": "Somali", "South Africa": "South African",
    "South Korea": "South Korean", "Spain": "Spanish", "Sri Lanka": "Sri Lankan", "Sudan": "Sudanese",
    "Sweden": "Swedish", "Switzerland": "Swiss", "Syria": "Syrian", "Taiwan": "Taiwanese",
    "Thailand": "Thai", "Tunisia": "Tunisian", "Turkey": "Turkish", "Ukraine": "Ukrainian",
    "United Kingdom": "British", "United States": "American", "Uzbekistan": "Uzbek",
    "Venezuela": "Venezuelan", "Vietnam": "Vietnamese", "Yemen": "Yemeni", "Zimbabwe": "Zimbabwean",
}

# words before a name that say what side or country someone is on, not who they are
QUALIFIERS = {
    *(adjective for adjective in DEMONYMS.values() if " " not in adjective),
    *"Republican Democratic Democrat GOP Conservative Labour Liberal Socialist Communist Green Independent".split(),
}


def adjective_forms(names: list[str]) -> list[str]:
    """The adjective forms of a state's names ("South Korea" -> "South Korean"), those it has."""
    return [DEMONYMS[n] for n in names if n in DEMONYMS and DEMONYMS[n] != n]
