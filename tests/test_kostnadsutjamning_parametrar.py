"""Kostnadsutjämningens parametrar mot lagtexten, siffra för siffra (förordning 2004:881 i lydelse SFS 2023:683
= utjämningsår 2024, lag 2004:773 t.o.m. SFS 2019:916).

De förväntade talen är avskrivna ur författningstexten här i testet (paragraf och bilagans rubrik anges), inte
lästa ur parameterfilen. Kommunlistorna i bilagan (ortstillägg, räddningstjänst, administration, byggnation)
jämförs dessutom direkt med den konsoliderade texten (tests/fixtures/lag).
"""
import re
from pathlib import Path

import pytest

from xlmodel.parametrar import parametrar

AR = 2024
LAGTEXT = Path(__file__).parent / "fixtures" / "lag" / "forordning_2004_881_tom_SFS_2023_683.txt"


def p(namn, ar=AR):
    return parametrar()[f"kostnadsutjamning.{namn}"](ar)


def test_genomsnittlig_standardkostnad_och_kpif_2024():
    """Bilagan, "Genomsnittlig standardkostnad" (beloppen avser år 2022) och "Uppräkning med prisindex"."""
    assert p("genomsnittlig_standardkostnad") == {
        "forskola": 7146, "pedagogisk_omsorg": 86, "fritidshem": 1623, "forskoleklass": 765, "grundskola": 12251,
        "gymnasieskola": 4377, "individ_och_familjeomsorg": 4890, "vuxenutbildning_grundlaggande": 136,
        "vuxenutbildning_gymnasial": 259, "svenska_for_invandrare": 272, "aldreomsorg": 11692,
        "halso_och_sjukvard": 26406, "kollektivtrafik": 2947}
    kpif = {int(a): v for a, v in p("kpif").items()}
    assert kpif == {2017: 2.0, 2018: 2.1, 2019: 1.7, 2020: 0.5, 2021: 2.4, 2022: 7.7, 2023: 6.0, 2024: 2.7}
    assert p("kpif_basar") == 2016  # "från år 2016 till och med utjämningsåret"


def test_genomsnittlig_standardkostnad_och_kpif_2021():
    """Bilagan i lydelse SFS 2020:983 (beloppen avser år 2019), avskriven i law_cost_a.md §2.2–2.3."""
    assert p("genomsnittlig_standardkostnad", 2021) == {
        "forskola": 6892, "pedagogisk_omsorg": 111, "fritidshem": 1499, "forskoleklass": 706, "grundskola": 11186,
        "gymnasieskola": 4057, "individ_och_familjeomsorg": 4492, "vuxenutbildning_grundlaggande": 134,
        "vuxenutbildning_gymnasial": 287, "svenska_for_invandrare": 263, "aldreomsorg": 10977,
        "halso_och_sjukvard": 24365, "kollektivtrafik": 2595}
    assert {int(a): v for a, v in p("kpif", 2021).items()} == {2017: 2.0, 2018: 2.1, 2019: 1.7, 2020: 0.3, 2021: 1.2}


def test_belopp_och_trosklar_i_paragraferna():
    """6 d, 6 g, 7 e, 8 e, 14 c, 14 d, 17, 18, 19, 25 c §§."""
    assert p("forskola.socioekonomisk_andel") == 0.05  # 6 d §: "fem procent"
    assert p("forskola.ersattningsbelopp_2016") == 13000  # 6 g §: "13 000 kronor per barn i 2016 års prisnivå"
    assert p("grundskola.ersattningsbelopp_2016") == 15600  # 7 e §: "15 600 kronor per barn"
    assert p("gymnasieskola.ersattningsbelopp_2016") == 15600  # 8 e §: "15 600 kronor per ungdom"
    for delmodell in ("forskola", "grundskola", "gymnasieskola", "befolkningsforandringar"):
        assert p(f"{delmodell}.troskel") == 0.02  # 6 g, 7 e, 8 e, 25 c §§: "två procentenheter"
    assert p("aldreomsorg.utanfor_norden_andel") == 0.05  # 14 c §: "fem procent"
    assert p("aldreomsorg.glesbygdsfaktor_grans") == 0.8  # 14 d §: "lägre än 0,8"
    assert p("aldreomsorg.institutionsboende") == {"konstant": 0.08, "delare": 10}  # bilagan: "divideras med tio",
    assert p("aldreomsorg.dodlighet_farre_andel") == 0.5  # "minskas 0,08 med denna kvot"; "med hälften"
    assert p("verksamhetsovergripande.befolkningsminskning_belopp") == 200  # 17 §
    assert p("verksamhetsovergripande.befolkningsminskning_troskel") == 0.02  # 17 §
    assert p("verksamhetsovergripande.efterslapning_troskel") == 0.012  # 18 §: "minst 1,2 procent"
    assert p("verksamhetsovergripande.efterslapning_period") == 4  # 18 §: "fyraårsperiod"
    assert p("verksamhetsovergripande.uppvarmning_belopp") == 356  # 19 §
    assert p("befolkningsforandringar.belopp") == 100  # 25 c §: "100 kronor per person"


def test_bilagans_konstanter():
    """Bilagan: lönekostnadsandelar, modersmål, introduktionsprogram, IFO, äldreomsorg, hälso- och sjukvård,
    kollektivtrafik."""
    assert [p(f"{d}.lonekostnadsandel") for d in ("forskola", "grundskola", "gymnasieskola",
                                                   "individ_och_familjeomsorg", "aldreomsorg",
                                                   "halso_och_sjukvard")] == [0.738, 0.688, 0.678, 0.578, 0.739, 0.706]
    assert p("grundskola.lonekostnadspalagg") == 0.3925 and p("grundskola.manader") == 12  # "39,25 procent", "12"
    assert p("gymnasieskola.introduktionsprogram_2016") == 111523  # "111 523 kronor i 2016 års prisnivå"
    assert p("individ_och_familjeomsorg.koefficienter") == {  # punkt 1–7
        "konstant": 488.71, "lag_inkomststandard_0_19": 11523.54, "lagutbildade_20_40": 26610.39,
        "rot_tatortsbefolkning": 2.60, "flerfamiljshus_1965_1975": 2797.15, "ohalsotal": 17.29,
        "granspendling": -495.53}
    assert p("aldreomsorg.kostnad_per_person") == {
        "sammanboende_65_79": 6948, "sammanboende_80_89": 47954, "sammanboende_90_w": 129050,
        "ensamboende_65_79": 32678, "ensamboende_80_89": 127094, "ensamboende_90_w": 258543}
    assert p("halso_och_sjukvard.kostnadsmatris") == {
        "0_lag_inkomst": 35029, "0_hog_inkomst": 31318, "1_5_lag_inkomst": 12885, "1_5_hog_inkomst": 11144,
        "6_18_lag_inkomst": 9731, "6_18_hog_inkomst": 9424,
        # Vuxna under 80 år: låg disponibel inkomst (låg, hög utbildning), hög disponibel inkomst (låg, hög).
        "19_49_lag_inkomst_lag_utbildning": 18079, "19_49_lag_inkomst_hog_utbildning": 13155,
        "19_49_hog_inkomst_lag_utbildning": 10750, "19_49_hog_inkomst_hog_utbildning": 9697,
        "50_69_lag_inkomst_lag_utbildning": 30922, "50_69_lag_inkomst_hog_utbildning": 25095,
        "50_69_hog_inkomst_lag_utbildning": 18657, "50_69_hog_inkomst_hog_utbildning": 16700,
        "70_79_lag_inkomst_lag_utbildning": 41479, "70_79_lag_inkomst_hog_utbildning": 39951,
        "70_79_hog_inkomst_lag_utbildning": 36448, "70_79_hog_inkomst_hog_utbildning": 34058,
        "80_89_ensamboende": 53830, "80_89_sammanboende": 52209, "90_w_ensamboende": 57849,
        "90_w_sammanboende": 62064}
    assert p("kollektivtrafik.koefficienter") == {  # 26 § och bilagan, punkt 1–4
        "konstant": 23.10668, "boende_tatort_over_11000": 0.0006133, "andel_pendlare_over_kommungrans": 28.33119,
        "rot_avstand_mellan_invanare": 16.09601}
    assert p("kollektivtrafik.kommunernas_andel") == {"standard": 0.5, "lan": {"01": 0.4}}  # 26 §
    assert p("kollektivtrafik.fordelning_modell") == {  # 26 a § 1 och bilagan
        "lansvarde": {"19": 4508.60, "22": 4575.85, "24": 4574.97, "25": 4160.17},
        "ln_tatort": -1114.609, "ln_tatort_kvadrat": 65.1762, "rot_avstand": 22.12085, "pendlingsavstand": 0.016393}
    assert p("kollektivtrafik.fordelning_beslut") == ["04"]  # 26 a § 3: Södermanlands län


def test_infrastruktur_och_byggnation_per_lan():
    """Bilagan: klimattillägg 103 (Jämtland 23, Västerbotten 24, Norrbotten 25), 66 (Värmland 17, Dalarna 20,
    Gävleborg 21, Västernorrland 22 och Tierp, Älvkarleby, Östhammar), övriga 44; ortstillägg 65 i län 17,
    20–25, Göteborg 193, Stockholm 580, övriga 0; byggnation per län (Västra Götaland 12 kommuner +18, övriga
    −79)."""
    klimat = p("infrastruktur.klimattillagg")
    assert klimat["lan"] == {"17": 66, "20": 66, "21": 66, "22": 66, "23": 103, "24": 103, "25": 103}
    assert klimat["kommuner"] == {"Tierp": 66, "Älvkarleby": 66, "Östhammar": 66} and klimat["ovriga"] == 44
    orts = p("infrastruktur.ortstillagg")
    assert orts["lan"] == {lan: 65 for lan in ("17", "20", "21", "22", "23", "24", "25")} and orts["ovriga"] == 0
    assert orts["kommuner"]["Göteborg"] == 193 and orts["kommuner"]["Stockholm"] == 580
    bygg = p("verksamhetsovergripande.byggnation")
    assert bygg["lan"] == {"01": 73, "03": -7, "04": -7, "05": -37, "06": -117, "07": -117, "08": -117, "09": -117,
                           "10": -8, "12": -8, "13": -79, "14": -79, "17": -48, "18": -7, "19": -7, "20": -48,
                           "21": 13, "22": 11, "23": 11, "24": 52, "25": 52}


def _lista(text: str, fore: str, efter: str) -> list[str]:
    """Kommunnamnen i bilagan mellan ``fore`` och ``efter`` (radbrytningar och "och" som skiljetecken)."""
    s = text[text.index(fore) + len(fore):]
    s = re.sub(r"\s+", " ", s[:s.index(efter)]).strip().rstrip(".")
    namn = [x.strip() for x in re.split(r",| och ", s) if x.strip()]
    return ["Stenungsund" if n == "Stenungssund" else n for n in namn]  # kommunens namn; bilagan stavar med ss


@pytest.mark.parametrize("parameter, fall", [
    ("infrastruktur.ortstillagg", [(65, "ortstillägg på 65 kronor per invånare:", "Följande"),
                                   (80, "ortstillägg på 80 kronor per invånare:", "Följande"),
                                   (128, "ortstillägg på 128 kronor per invånare:", "Göteborgs")]),
    ("infrastruktur.raddningstjanst", [(150, "räddningstjänst på 150 kronor per invånare:", "Följande"),
                                       (300, "räddningstjänst på 300 kronor per invånare:", "Följande"),
                                       (700, "räddningstjänst på 700 kronor per invånare:", "Övriga")]),
    ("verksamhetsovergripande.administration", [(150, "administrationskostnader på 150 kronor per invånare:", "Följande"),
                                                (950, "administrationskostnader på 950 kronor per invånare:", "Följande"),
                                                (1900, "administrationskostnader på 1 900 kronor per invånare:", "Övriga")]),
    ("verksamhetsovergripande.byggnation", [(18, "I Västra Götalands län får kommunerna", "ett tillägg")]),
])
def test_kommunlistor_som_i_lagtexten(parameter, fall):
    """15 §, 20 §, 20 a § och bilagan: varje belopp har exakt bilagans kommuner, och inga andra."""
    text = re.sub(r"\s+", " ", LAGTEXT.read_text(encoding="utf-8"))
    text = text[text.index("Infrastruktur och skydd Klimattillägg"):text.index("Befolkningens indelning i grupper")]
    kommuner = p(parameter)["kommuner"]
    for belopp, fore, efter in fall:
        lag = _lista(text, fore, efter)
        assert len(lag) == len(set(lag))
        assert sorted(k for k, v in kommuner.items() if v == belopp) == sorted(lag), (parameter, belopp)
    ensam = {"Göteborg": 193, "Stockholm": 580} if parameter == "infrastruktur.ortstillagg" else {}
    assert {k: v for k, v in kommuner.items() if v not in {b for b, _, _ in fall}} == ensam
