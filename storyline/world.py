"""A generic world lexicon: states, their demonyms, capitals, other names and seats of
government (written by hand for storyline; no story's vocabulary).

Used by ``storyline.actors`` to merge "Kingdom of Saudi Arabia" / "Saudi Arabia",
"Türkiye" / "Turkey", "Iranian" -> Iran, and to read a capital or a seat of government
that holds a stance ("Moscow rejected ...", "the Élysée said") as its state. Each row of
``STATES``: canonical name | demonyms | capitals | other names (commas between several).
"""

from __future__ import annotations

import re

STATES = """
Afghanistan | afghan | Kabul |
Albania | albanian | Tirana |
Algeria | algerian | Algiers |
Andorra | andorran | Andorra la Vella |
Angola | angolan | Luanda |
Argentina | argentine,argentinian | Buenos Aires |
Armenia | armenian | Yerevan |
Australia | australian | Canberra |
Austria | austrian | Vienna |
Azerbaijan | azerbaijani,azeri | Baku |
Bahamas | bahamian | Nassau |
Bahrain | bahraini | Manama |
Bangladesh | bangladeshi | Dhaka |
Barbados | barbadian | Bridgetown |
Belarus | belarusian | Minsk |
Belgium | belgian |  |
Belize | belizean | Belmopan |
Benin | beninese | Porto-Novo |
Bhutan | bhutanese | Thimphu |
Bolivia | bolivian | La Paz,Sucre |
Bosnia and Herzegovina | bosnian | Sarajevo | Bosnia
Botswana | botswanan | Gaborone |
Brazil | brazilian | Brasilia,Brasília |
Brunei | bruneian | Bandar Seri Begawan |
Bulgaria | bulgarian |  |
Burkina Faso | burkinabe | Ouagadougou |
Burundi | burundian | Gitega |
Cambodia | cambodian | Phnom Penh |
Cameroon | cameroonian | Yaounde,Yaoundé |
Canada | canadian | Ottawa |
Cape Verde | cape verdean | Praia | Cabo Verde
Central African Republic | central african | Bangui | CAR
Chad | chadian | N'Djamena |
Chile | chilean |  |
China | chinese | Beijing | PRC,People's Republic of China
Colombia | colombian | Bogota,Bogotá |
Comoros | comoran |  |
Democratic Republic of the Congo | congolese | Kinshasa | DRC,DR Congo,Congo-Kinshasa
Republic of the Congo |  | Brazzaville | Congo-Brazzaville
Costa Rica | costa rican | San Jose,San José |
Croatia | croatian | Zagreb |
Cuba | cuban | Havana |
Cyprus | cypriot | Nicosia |
Czech Republic | czech | Prague | Czechia
Denmark | danish | Copenhagen |
Djibouti | djiboutian | Djibouti |
Dominican Republic | dominican | Santo Domingo |
Ecuador | ecuadorian | Quito |
Egypt | egyptian | Cairo |
El Salvador | salvadoran | San Salvador |
Equatorial Guinea | equatoguinean | Malabo |
Eritrea | eritrean | Asmara |
Estonia | estonian | Tallinn |
Eswatini | swazi | Mbabane | Swaziland
Ethiopia | ethiopian | Addis Ababa |
Fiji | fijian | Suva |
Finland | finnish | Helsinki |
France | french | Paris |
Gabon | gabonese | Libreville |
Gambia | gambian | Banjul |
Georgia | georgian | Tbilisi |
Germany | german | Berlin |
Ghana | ghanaian | Accra |
Greece | greek | Athens |
Guatemala | guatemalan | Guatemala City |
Guinea | guinean | Conakry |
Guinea-Bissau |  | Bissau |
Guyana | guyanese |  |
Haiti | haitian | Port-au-Prince |
Honduras | honduran | Tegucigalpa |
Hungary | hungarian | Budapest |
Iceland | icelandic | Reykjavik |
India | indian | New Delhi |
Indonesia | indonesian | Jakarta |
Iran | iranian | Tehran | Persia
Iraq | iraqi | Baghdad |
Ireland |  | Dublin | Eire
Israel | israeli | Jerusalem |
Italy | italian | Rome |
Ivory Coast | ivorian | Yamoussoukro | Cote d'Ivoire,Côte d'Ivoire
Jamaica | jamaican |  |
Japan | japanese | Tokyo |
Jordan | jordanian | Amman |
Kazakhstan | kazakh | Astana |
Kenya | kenyan | Nairobi |
Kosovo | kosovar | Pristina |
Kuwait | kuwaiti | Kuwait City |
Kyrgyzstan | kyrgyz | Bishkek |
Laos | laotian,lao | Vientiane |
Latvia | latvian | Riga |
Lebanon | lebanese | Beirut |
Lesotho |  | Maseru |
Liberia | liberian | Monrovia |
Libya | libyan | Tripoli |
Liechtenstein |  | Vaduz |
Lithuania | lithuanian | Vilnius |
Luxembourg | luxembourgish |  |
Madagascar | malagasy | Antananarivo |
Malawi | malawian | Lilongwe |
Malaysia | malaysian | Kuala Lumpur |
Maldives | maldivian |  |
Mali | malian | Bamako |
Malta | maltese | Valletta |
Mauritania | mauritanian | Nouakchott |
Mauritius | mauritian | Port Louis |
Mexico | mexican | Mexico City |
Moldova | moldovan | Chisinau |
Monaco | monegasque |  |
Mongolia | mongolian | Ulaanbaatar |
Montenegro | montenegrin | Podgorica |
Morocco | moroccan | Rabat |
Mozambique | mozambican | Maputo |
Myanmar | burmese | Naypyidaw | Burma
Namibia | namibian | Windhoek |
Nepal | nepalese,nepali | Kathmandu |
Netherlands | dutch | Amsterdam,The Hague | Holland
New Zealand | new zealand | Wellington |
Nicaragua | nicaraguan | Managua |
Niger | nigerien | Niamey |
Nigeria | nigerian | Abuja |
North Korea | north korean | Pyongyang | DPRK,Democratic People's Republic of Korea
North Macedonia | macedonian | Skopje | Macedonia
Norway | norwegian | Oslo |
Oman | omani | Muscat |
Pakistan | pakistani | Islamabad |
Panama | panamanian | Panama City |
Papua New Guinea | papua new guinean | Port Moresby |
Paraguay | paraguayan | Asuncion,Asunción |
Peru | peruvian | Lima |
Philippines | filipino,philippine | Manila |
Poland | polish | Warsaw |
Portugal | portuguese | Lisbon |
Qatar | qatari | Doha |
Romania | romanian | Bucharest |
Russia | russian | Moscow | Russian Federation
Rwanda | rwandan | Kigali |
Saudi Arabia | saudi | Riyadh | KSA
Senegal | senegalese | Dakar |
Serbia | serbian | Belgrade |
Sierra Leone | sierra leonean | Freetown |
Singapore | singaporean |  |
Slovakia | slovak | Bratislava |
Slovenia | slovenian | Ljubljana |
Somalia | somali | Mogadishu |
South Africa | south african | Pretoria |
South Korea | south korean | Seoul | Republic of Korea
South Sudan | south sudanese | Juba |
Spain | spanish | Madrid |
Sri Lanka | sri lankan | Colombo |
Sudan | sudanese | Khartoum |
Suriname | surinamese | Paramaribo |
Sweden | swedish | Stockholm |
Switzerland | swiss | Bern |
Syria | syrian | Damascus |
Taiwan | taiwanese | Taipei |
Tajikistan | tajik | Dushanbe |
Tanzania | tanzanian | Dodoma |
Thailand | thai | Bangkok |
Togo | togolese | Lome,Lomé |
Trinidad and Tobago | trinidadian | Port of Spain |
Tunisia | tunisian | Tunis |
Turkey | turkish | Ankara | Türkiye,Turkiye
Turkmenistan | turkmen | Ashgabat |
Uganda | ugandan | Kampala |
Ukraine | ukrainian | Kyiv,Kiev |
United Arab Emirates | emirati | Abu Dhabi | UAE,U.A.E.,the Emirates
United Kingdom | british | London | UK,U.K.,Britain,Great Britain
United States | american | Washington | US,U.S.,U.S,USA,U.S.A.,America,United States of America
Uruguay | uruguayan | Montevideo |
Uzbekistan | uzbek | Tashkent |
Venezuela | venezuelan | Caracas |
Vietnam | vietnamese | Hanoi | Viet Nam
Yemen | yemeni | Sanaa,Sana'a |
Zambia | zambian | Lusaka |
Zimbabwe | zimbabwean | Harare |
Palestinians | palestinian | Ramallah | Palestine,State of Palestine
"""

#: US states and their AP abbreviations: places ("Reps. X, Ariz., Y, Tenn."), never actors.
US_STATES = frozenset(
    """Alabama Ala Alaska Arizona Ariz Arkansas Ark California Calif Colorado Colo Connecticut
    Conn Delaware Del Florida Fla Hawaii Idaho Illinois Ill Indiana Ind Iowa Kansas Kan
    Kentucky Ky Louisiana La Maine Maryland Md Massachusetts Mass Michigan Mich Minnesota
    Minn Mississippi Miss Missouri Mo Montana Mont Nebraska Neb Nevada Nev Ohio Oklahoma
    Okla Oregon Ore Pennsylvania Pa Tennessee Tenn Texas Utah Vermont Vt Virginia Va
    Wisconsin Wis Wyoming Wyo""".split()
) | {
    "New Hampshire",
    "N.H",
    "New Jersey",
    "N.J",
    "New Mexico",
    "N.M",
    "New York",
    "N.Y",
    "North Carolina",
    "N.C",
    "North Dakota",
    "N.D",
    "Rhode Island",
    "R.I",
    "South Carolina",
    "S.C",
    "South Dakota",
    "S.D",
    "West Virginia",
    "W.Va",
    "Washington state",
}

#: Seats of government and institutions that speak for a state: (case-sensitive regex of
#: its names in a text, canonical name, state, type). "the Kremlin said" is Russia's side.
SEATS: tuple[tuple[str, str, str, str], ...] = (
    (r"White House", "White House", "United States", "organisation"),
    (r"State Department|Department of State", "State Department", "United States", "organisation"),
    (r"Pentagon", "Pentagon", "United States", "organisation"),
    (r"Kremlin", "Kremlin", "Russia", "organisation"),
    (r"Downing Street|No\.? 10|Number 10", "Downing Street", "United Kingdom", "organisation"),
    (r"Whitehall", "Whitehall", "United Kingdom", "organisation"),
    (r"Foreign Office", "Foreign Office", "United Kingdom", "organisation"),
    (r"[EÉ]lys[eé]e(?: Palace)?", "Élysée", "France", "organisation"),
    (r"Quai d'Orsay", "Quai d'Orsay", "France", "organisation"),
    (r"Zhongnanhai", "Zhongnanhai", "China", "organisation"),
    (r"Blue House", "Blue House", "South Korea", "organisation"),
    (r"Chigi Palace|Palazzo Chigi", "Palazzo Chigi", "Italy", "organisation"),
    (r"Bankova", "Bankova", "Ukraine", "organisation"),
)

#: Capitals that name another body when they hold a stance ("Brussels rejected ...": the
#: European Union sits there, not Belgium's government).
SEAT_CITIES = {"brussels": "European Union"}

#: Words of a state's formal name before its short one ("Kingdom of Saudi Arabia",
#: "Islamic Republic of Iran", "the Hashemite Kingdom of Jordan").
FORMAL = re.compile(
    r"^(?:the\s+)?(?:(?:Islamic|Federal|Democratic|People'?s|Socialist|Arab|United|"
    r"Plurinational|Bolivarian|Hashemite|Co-operative|Cooperative|Argentine|Italian|Hellenic|"
    r"Lebanese|Syrian|Oriental|Federative|Independent)\s+)*"
    r"(?:Kingdom|Republic|State|Federation|Commonwealth|Sultanate|Emirate|Principality|"
    r"Grand Duchy|Union)\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)


def _table() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for row in STATES.strip().splitlines():
        name, dems, caps, others = (part.strip() for part in row.split("|"))
        for form in (name, *others.split(",")):
            if form.strip():
                names[form.strip().lower()] = name
                names["the " + form.strip().lower()] = name
        for dem in dems.split(","):
            if dem.strip():
                demonyms[dem.strip()] = name
        for cap in caps.split(","):
            if cap.strip():
                capitals[cap.strip().lower()] = name
    return names, demonyms, capitals


#: Lower-cased names of each state ("türkiye", "the united states") -> canonical name.
NAMES, DEMONYMS, CAPITALS = _table()
CAPITALS.update(SEAT_CITIES)


def country(text: str) -> str | None:
    """The state a name names: a name in the table, or a formal name of one
    ("Kingdom of Saudi Arabia" -> Saudi Arabia)."""
    low = " ".join(text.replace("’", "'").split()).lower()
    if low in NAMES:
        return NAMES[low]
    short = FORMAL.sub("", low, count=1)
    if short != low:
        return NAMES.get(short)
    return None
