"""Kostnadsutjämning: lag (2004:773) 8–10, 17 §§ och förordning (2004:881) 5–27 §§ med bilaga.

Utjämningsår 2020–2026 (paragraftexterna i lydelse SFS 2019:797; bilagans årsvärden finns för 2021 och
2024, övriga år ger ``ParameterFel`` som namnger den bilaga som saknas). En modul per delmodell i
``xlmodel.kostnad``; gemensamma operatorer i ``xlmodel.kostnad.gemensamma``.

För kommun (region) k: standardkostnaden per delmodell avrundas till hela kronor (5 §); strukturkostnaden
SK_k är summan (lag 3 §); kostnadsutjämningsbidrag (SK_k > SK̄) eller -avgift (SK_k < SK̄) = (SK_k − SK̄) ×
invånare 1 november t−1 (lag 9, 10, 17 §§). SK̄ vägs med invånarna 1 november t−1 (läsning
``strukturkostnad_vikt``, så att Σ bidrag = Σ avgift). ``belopp`` = (SK_k − SK̄) × invånare 1 november t−1
avrundat till hela kronor (lagen avrundar inte mellanskillnaden); ``kr_per_inv`` är SK_k − SK̄ avrundat till
hela kronor för redovisning.

Indata (``indata``): en dict med tabeller. Alla antal avser 31 december t−2 om inget annat anges; andelar är
bråktal (0–1). Kod som 4-teckenssträng (kommun) eller 2-teckenssträng (län/region).

``"kommun"`` (niva="kommun"), en rad per kommun, ``kommunkod`` och:
  folkmangd (31 dec t−2), folkmangd_1nov (1 nov t−1; bidraget).
  Förskola (6–6 g §§): barn_1_5, barn_6_12, barn_1_5_t7 (31 dec t−7), andel_1_5_foraldrar_ej_eftergymnasial
    (t−2), andel_1_5_lag_disponibel_inkomst (t−3), andel_1_5_foralder_kort_uppehallstillstand (t−2);
    Fasta index: index_behov_forskola, index_behov_fritidshem, glesbygdsindex_forskola (kring 1),
    loneindex_forskola (kring 100).
  Grundskola (7–7 e §§): barn_6, barn_7_15, barn_6_15_t7, barn_7_15_utlandsk_bakgrund;
    glesbygdsindex_grundskola, loneindex_grundskola.
  Gymnasieskola (8–8 e §§): ungdomar_16_18, ungdomar_16_18_t3 (31 dec t−3), ungdomar_16_18_t7;
    glesbygdsindex_gymnasieskola, loneindex_gymnasieskola; för j = t2, t3: gy_programkostnad_j (Σ elever
    per program × rikets kostnad per program, kr; se ``xlmodel.kostnad.gymnasieskola.programkostnad``),
    gy_elever_j (elever i gymnasieskolan), gy_ej_inskrivna_j (16–18 år ej inskrivna).
  IFO (9–9 a §§): ifo_lag_inkomststandard_0_19, ifo_lagutbildade_20_40, tatortsbefolkning (antal),
    ifo_flerfamiljshus_1965_1975, ohalsotal (dagar), ifo_granspendling; loneindex_ifo.
  Vuxenutbildning (10–13 a §§): vux_utan_grundlaggande_20_56, vux_utan_gymnasial_20_56,
    sfi_malgrupp_20_64 (antal), andel_sysselsatta_20_64, befolkning_20_64.
  Äldreomsorg (14–14 f §§): sammanboende_65_79, sammanboende_80_89, sammanboende_90_w, ensamboende_65_79,
    ensamboende_80_89, ensamboende_90_w, avlidna_faktiska, avlidna_forvantade (perioden t−6..t−2),
    fodda_utanfor_norden_65_w, tatortsgrad (bråktal), invanare_per_km2; glesbygdsindex_aldreomsorg,
    loneindex_aldreomsorg.
  Verksamhetsövergripande (16–20 a §§): folkmangd_t12 (31 dec t−12), uppvarmningsindex (Fasta index);
    eftersläpning: folkmangd_1nov_t6, folkmangd_1nov_t2, skatteunderlag_fg (skatteunderlaget i
    inkomstutjämningen år t−1, kr), inkomstutjamning_fg (kr/inv år t−1), ovrig_utjamning_fg (kr/inv år
    t−1: kostnadsutjämning + strukturbidrag + införandebidrag + regleringspost).
  Kollektivtrafik (26 a §), bara för vissa län: boende_tatort_over_11000, avstand_mellan_invanare,
    pendlingsavstand (kommuner i län 19, 22, 24, 25); kollektivtrafik_andel (län 04, regeringens beslut).
``"region"`` (niva="region"), en rad per län (``lanskod``, Gotland 09 ingår): folkmangd, folkmangd_1nov,
  folkmangd_t3, hos_<grupp> (antal 31 dec t−3 i bilagans 22 grupper, se ``halso_och_sjukvard.GRUPPER``),
  index_vard_glesbygd, index_bemanning_glesbygd, loneindex_hos (Fasta index för regioner), folkmangd_t12
  och eftersläpningens kolumner (regionens värden).
``"lan"`` (båda nivåerna), en rad per län: ``lanskod``, boende_tatort_over_11000, andel_pendlare_over_kommungrans,
  avstand_mellan_invanare (26 §).
``"riket"``: dict med lararlon_manad (grundskollärare, kr/mån utan pålägg, t−2), modersmal_sva_larare
  (heltid), modersmal_sva_elever (läsåret HT t−2/VT t−1), skatteunderlag_fg och folkmangd_1nov_fg (rikets
  värden i inkomstutjämningen år t−1). Dessutom kan varje storhet i ``attrs["riket"]`` anges för att hållas
  fast (t.ex. ``strukturkostnad_medel`` eller en korrigeringsfaktor). Tabellen ska omfatta hela riket (290
  kommuner, 21 regioner); en delmängd kräver ``delmangd=True`` eller rikets storheter (se ``kostnadsutjamning``).

"Fasta index" (SFS 2019:797 bilaga) medföljer inte: de är kolumner i indata (``FASTA_INDEX_KOLUMNER``).
Hämta dem ur SFS 2019:797 eller SCB:s beräkningsunderlag för kostnadsutjämningen.

Resultat: en rad per kommun (region) med en kolumn per delmodell (standardkostnad, kr/inv, hela kronor),
``strukturkostnad``, ``strukturkostnad_riket``, ``kr_per_inv`` (+ bidrag, − avgift), ``typ`` och ``belopp``
(kr). ``detaljer=True`` ger också delarna (``<delmodell>.<del>``, oavrundade). ``attrs["riket"]``: alla
rikets storheter som användes (indata till ``kostnadsutjamning_vad_om``).

Snabbt (issue 15): delmodellerna räknar på numpy-fält (``kostnad.gemensamma.Rader``) med samma formelkod för
alla rader och för en; en kommuns rad med rikets storheter ur ``attrs["riket"]`` räknas på Python-tal
(``Rader`` med ``som_tal``, operatorerna i ``xlmodel.operatorer``) och ger bit för bit tabellens tal. En delmodell
som inte går att räkna (0/0) är ett fel, inte 0.
``kostnadsutjamning_resultat`` ger resultatet utan DataFrame (``Resultat.varde``/``rad``/``tabell``) för skalära
Excel-funktioner; ``lanstabell`` kontrollerar länstabellen en gång.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .fel import IndataFel, ParameterFel
from .kostnad import (aldreomsorg, befolkningsforandringar, forskola, grundskola, gymnasieskola, halso_och_sjukvard,
                      individ_och_familjeomsorg, infrastruktur, kollektivtrafik, verksamhetsovergripande,
                      vuxenutbildning)
from .operatorer import om
from .kostnad.gemensamma import LASNINGAR, LASNINGAR_VAL, Aggregat, Kontext, Rader, medel
from .parametrar import parametrar
from .kallor.referensdata import kommuner, kommunkoder, lanskoder
from .validering import andliga, avrunda_krontal, kontrollera_ar, kontrollerade_kolumner, valda_lasningar

DELMODELLER = {
    "kommun": {
        "forskola": forskola, "grundskola": grundskola, "gymnasieskola": gymnasieskola,
        "individ_och_familjeomsorg": individ_och_familjeomsorg, "vuxenutbildning": vuxenutbildning,
        "aldreomsorg": aldreomsorg, "infrastruktur": infrastruktur,
        "verksamhetsovergripande": verksamhetsovergripande, "kollektivtrafik": kollektivtrafik,
    },
    "region": {
        "halso_och_sjukvard": halso_och_sjukvard, "befolkningsforandringar": befolkningsforandringar,
        "kollektivtrafik": kollektivtrafik,
    },
}
#: Bilagans "Fasta index för kommuner" och "Fasta index för regioner" (SFS 2019:797): kolumner i indata,
#: kolumn → (enhet, paragraf). Index "kring 1" är kvoter (1 = riket); löneindex och uppvärmningsindex enligt
#: bilagan (löneindex kring 100, uppvärmningsindex kring 1).
FASTA_INDEX_KOLUMNER = {
    "kommun": {
        "index_behov_forskola": ("index, kring 1", "6 b §"),
        "index_behov_fritidshem": ("index, kring 1", "6 c §"),
        "glesbygdsindex_forskola": ("index, kring 1", "6 e §"),
        "loneindex_forskola": ("index, kring 100", "6 f §"),
        "glesbygdsindex_grundskola": ("index, kring 1", "7 c §"),
        "loneindex_grundskola": ("index, kring 100", "7 d §"),
        "glesbygdsindex_gymnasieskola": ("index, kring 1", "8 b §"),
        "loneindex_gymnasieskola": ("index, kring 100", "8 d §"),
        "loneindex_ifo": ("index, kring 100", "9 a §"),
        "glesbygdsindex_aldreomsorg": ("index, kring 1", "14 e §"),
        "loneindex_aldreomsorg": ("index, kring 100", "14 f §"),
        "uppvarmningsindex": ("index, kring 1", "19 §"),
    },
    "region": {
        "index_vard_glesbygd": ("index, kring 1", "23 §"),
        "index_bemanning_glesbygd": ("index, kring 1", "24 §"),
        "loneindex_hos": ("index, kring 100", "25 §"),
    },
}
GRUND = ("folkmangd", "folkmangd_1nov")
FAR_VARA_NEGATIVA = {"inkomstutjamning_fg", "ovrig_utjamning_fg"}
POSITIVA = {"folkmangd", "folkmangd_1nov", "folkmangd_t3", "folkmangd_t12", "folkmangd_1nov_t6", "folkmangd_1nov_t2",
            "barn_1_5_t7", "barn_6_15_t7", "ungdomar_16_18_t7", "andel_sysselsatta_20_64"}
FORSTA_AR = 2020


def _nyckel(niva: str) -> tuple[str, int, frozenset[str]]:
    if niva == "kommun":
        return "kommunkod", 4, kommunkoder()
    return "lanskod", 2, lanskoder()


@lru_cache(maxsize=64)
def _kolumner(moduler: tuple) -> tuple[str, ...]:
    kol = list(GRUND)
    for m in moduler:
        kol += [c for c in m.KOLUMNER if c not in kol]
    return tuple(kol)


@lru_cache(maxsize=None)
def _kommunnamn() -> np.ndarray:
    """Kommunernas namn i kodordning (``Rader.plats``)."""
    return kommuner()["namn"].to_numpy()


def _kontrollera_niva_ar(niva: str, ar, reform) -> int:
    if niva not in DELMODELLER:
        raise IndataFel(f"Okänd nivå {niva!r}: ange 'kommun' eller 'region'.")
    ar = kontrollera_ar(ar)
    tom = parametrar(reform)["kostnadsutjamning.kpif"].metadata.get("giltig_tom")
    if not FORSTA_AR <= ar <= int(tom):
        raise ParameterFel(
            f"Kostnadsutjämningen är modellerad för utjämningsår {FORSTA_AR}–{tom} (förordning 2004:881 i lydelse "
            f"SFS 2019:797); {ar} ligger utanför."
        )
    return ar


def _tabell(tabell, kolumner, niva: str, namn: str) -> tuple[tuple, dict]:
    """Kontrollerade rader (koder, kolumnnamnen och värdena kolumn × rad: ``Rader``:s argument) och rådata (kolumn → okontrollerade värden i radernas ordning) för de kolumner som
    bara vissa rader behöver (kollektivtrafik, 26 a §)."""
    nyckel, kodlangd, kanda = _nyckel(niva)
    koder, namnen, varden = kontrollerade_kolumner(
        tabell, kolumner, nyckel=nyckel, kodlangd=kodlangd, kanda_koder=kanda,
        **_teckenkrav(kolumner), namn=namn,
    )
    if isinstance(tabell, pd.DataFrame):
        radata = {c: tabell[c].to_numpy() for c in kollektivtrafik.VALFRIA_KOLUMNER if c in tabell.columns}
    else:
        radata = {c: tabell[c] if isinstance(tabell[c], (list, np.ndarray)) else list(tabell[c])
                  for c in kollektivtrafik.VALFRIA_KOLUMNER if c in tabell}
    return (koder, namnen, varden), radata


@lru_cache(maxsize=64)
def _teckenkrav(kolumner: tuple) -> dict[str, frozenset]:
    """Kolumnerna som inte får vara negativa och de som ska vara positiva (en gång per kolumnuppsättning)."""
    return {"icke_negativa": frozenset(c for c in kolumner if c not in FAR_VARA_NEGATIVA),
            "positiva": frozenset(c for c in kolumner if c in POSITIVA)}


def lanstabell(tabell) -> Rader:
    """Länstabellen för kollektivtrafiken (26 §), kontrollerad (``Rader``; en redan kontrollerad tabell som den
    är). Som ``indata["lan"]`` slipper en kontrollerad tabell kontrolleras igen vid varje beräkning."""
    if isinstance(tabell, Rader):
        return tabell
    koder, namnen, varden = kontrollerade_kolumner(
        tabell, kollektivtrafik.LAN_KOLUMNER, nyckel="lanskod", kodlangd=2, kanda_koder=lanskoder(),
        icke_negativa=kollektivtrafik.LAN_KOLUMNER, namn="lan")
    return Rader(koder, namnen, varden, "region")


def _lasningar(lasningar: Mapping | None) -> dict:
    return valda_lasningar(lasningar, LASNINGAR, LASNINGAR_VAL)


def _berakna(d: Rader, k: Kontext, moduler: Mapping) -> dict[str, dict[str, np.ndarray]]:
    return {namn: modul.berakna(d, k) for namn, modul in moduler.items()}


def _delmodeller(kontrollerat: tuple, niva: str, strikt: bool, kontext, moduler: Mapping) -> tuple[dict, Kontext, Rader]:
    """Delmodellernas delar, kontexten (``kontext(rader)`` ger en ny) och raderna (``_tabell``:s ``kontrollerat``).
    En rad med rikets storheter givna (``strikt``) räknas på Python-tal (``Rader`` med ``som_tal``; issue 15),
    samma formler och tal; en division med noll där räknas om på fält, som ger NaN/oändligt och tabellens fel."""
    if strikt and len(kontrollerat[0]) == 1:
        rad = Rader(*kontrollerat, niva, som_tal=True)
        k = kontext(rad)
        try:
            return _berakna(rad, k, moduler), k, rad
        except ZeroDivisionError:
            pass
    d = Rader(*kontrollerat, niva)
    k = kontext(d)
    return _berakna(d, k, moduler), k, d


def _syntetisk(indata: Mapping) -> str | None:
    texter = [str(indata.get("kalla", ""))] + [str(getattr(v, "attrs", {}).get("kalla", "")) for v in indata.values()]
    return next((t for t in texter if "SYNTETISK" in t), None)


#: Namnen i ``riket`` som är rikets indata (lärarlön m.m., båda nivåerna), inte beräknade storheter.
_RIKETS_INDATA = frozenset({"kalla"}.union(*(m.RIKET for moduler in DELMODELLER.values() for m in moduler.values())))
#: Alla namn som rikets uppgifter kan börja med (delmodellerna på båda nivåerna).
_KANDA_DELMODELLER = frozenset(n for moduler in DELMODELLER.values() for n in moduler)
_KANDA_INDATA = _RIKETS_INDATA | {"strukturkostnad_medel"}


def _okanda_i_riket(riket: Mapping, anvanda: Mapping) -> list[str]:
    """Namn i ``riket`` som ingen del av beräkningen känner igen (ett felstavat namn skulle annars inte verka)."""
    kandidater = _okanda_kandidater(frozenset(riket))
    return sorted(kandidater - anvanda.keys()) if kandidater else []


@lru_cache(maxsize=64)
def _okanda_kandidater(namn: frozenset) -> frozenset:
    """Namnen som varken är rikets indata eller börjar med en delmodells namn (en gång per uppsättning namn)."""
    return frozenset(n for n in namn - _KANDA_INDATA if not (type(n) is str and n.partition(".")[0] in _KANDA_DELMODELLER))


def _delmangd(koder: list, niva: str, riket: Mapping, delmangd: bool) -> bool:
    """Kontrollera att tabellen är hela riket. Returnerar True om rikets storheter måste komma ur ``riket``.

    En ofullständig tabell (färre än 290 kommuner eller 21 regioner) är ett fel, eftersom rikets storheter
    (medelvärden, korrigeringsfaktorer, avdrag) annars tyst räknas ur raderna, utom när ``delmangd=True``
    (raderna behandlas då uttryckligen som hela riket) eller när ``riket`` har rikets storheter (de används
    då, och varje storhet som saknas räknas upp i ett fel).
    """
    _, _, kanda = _nyckel(niva)
    if len(koder) == len(kanda) or delmangd:  # koderna är kända och unika: alla finns
        return False
    if not _RIKETS_INDATA.issuperset(riket):
        return True
    saknas = sorted(set(kanda) - set(koder))
    enhet = "kommuner" if niva == "kommun" else "regioner"
    raise IndataFel(
        f"{niva}: tabellen har {len(koder)} av {len(kanda)} {enhet} (saknas bl.a. {', '.join(saknas[:3])}). "
        "Kostnadsutjämningen jämför med hela riket: ange alla, eller delmangd=True (raderna räknas då som hela "
        "riket), eller rikets storheter i riket (t.ex. attrs['riket'] från en fullständig beräkning)."
    )


def kostnadsutjamning(
    indata: Mapping,
    ar: int,
    niva: str = "kommun",
    reform: str | None = None,
    lasningar: Mapping | None = None,
    detaljer: bool = False,
    delmangd: bool = False,
) -> pd.DataFrame:
    """Standardkostnad per delmodell, strukturkostnad och kostnadsutjämningsbidrag/-avgift per kommun/region.

    ``indata``: se modulens docstring (``xlmodel.exempeldata.kostnadsutjamning(ar)`` ger ett syntetiskt
    exempel); en tabell kan också vara kolumner som dict (namn → lika långa listor). ``lasningar``: byt läsning
    där lagtexten är oklar (``xlmodel.kostnad.gemensamma.LASNINGAR``).
    Tabellen ska ha alla 290 kommuner (21 regioner). ``delmangd=True``: färre rader räknas som hela riket
    (t.ex. handräknade exempel). Med färre rader och rikets storheter i ``riket`` (namnen i ``attrs["riket"]``)
    används de, och varje storhet som saknas ger ett fel.
    Fel: saknad kolumn eller uppgift, okänd kod, ofullständig tabell, år utanför 2020–2026 eller utan
    bilagevärden.
    """
    return kostnadsutjamning_resultat(indata, ar, niva, reform, lasningar, detaljer, delmangd).tabell()


@dataclass
class Resultat:
    """Kostnadsutjämningens resultat utan tabell: kolumnerna som fält (en rad per kommun/region), koderna och
    tabellens ``attrs``. ``tabell()`` ger DataFrame:n som ``kostnadsutjamning``; ``rad(kod)`` en rad som dict."""

    kolumner: dict[str, np.ndarray]
    index: np.ndarray
    nyckel: str
    attrs: dict
    _plats: dict | None = None

    def tabell(self) -> pd.DataFrame:
        ut = pd.DataFrame(self.kolumner, index=pd.Index(self.index, name=self.nyckel))
        ut.attrs.update(self.attrs)
        return ut

    @property
    def _platser(self) -> dict[str, int]:
        if self._plats is None:
            self._plats = {kod: i for i, kod in enumerate(self.index)}
        return self._plats

    def rad(self, kod: str) -> dict:
        """Radens värden (tal som float) för en normaliserad kod; en kod som inte finns ger IndataFel."""
        return {namn: self.varde(kod, namn) for namn in self.kolumner}

    def varde(self, kod: str, kolumn: str):
        """Ett värde (tal som float) för en normaliserad kod; en kod som inte finns ger IndataFel."""
        i = self._platser.get(kod)
        if i is None:
            raise IndataFel(f"{self.nyckel} {kod} finns inte bland indatas rader.")
        v = self.kolumner[kolumn][i]
        return v.item() if isinstance(v, np.generic) else v


def kostnadsutjamning_resultat(indata: Mapping, ar: int, niva: str = "kommun", reform: str | None = None,
                               lasningar: Mapping | None = None, detaljer: bool = False, delmangd: bool = False) -> Resultat:
    """Som ``kostnadsutjamning`` men utan tabell (``Resultat``): samma beräkning, för skalära Excel-funktioner
    och andra som bara behöver några rader."""
    ar = _kontrollera_niva_ar(niva, ar, reform)
    if isinstance(indata, pd.DataFrame):
        indata = {niva: indata}
    if not isinstance(indata, Mapping):
        raise IndataFel("indata: ange en dict med tabellerna 'kommun' eller 'region', 'lan' och 'riket'.")
    if niva not in indata:
        raise IndataFel(f"indata: tabellen {niva!r} saknas.")
    moduler = DELMODELLER[niva]
    kontrollerat, radata = _tabell(indata[niva], _kolumner(tuple(moduler.values())), niva, niva)
    lan_tabell = lanstabell(indata["lan"]) if "lan" in indata else None
    riket = indata.get("riket") or {}
    if not isinstance(riket, Mapping):
        raise IndataFel("riket: ange rikets uppgifter som en dict.")
    las = _lasningar(lasningar)
    strikt = _delmangd(kontrollerat[0], niva, riket, delmangd)
    p = parametrar(reform)

    def kontext(rader: Rader) -> Kontext:
        return Kontext(ar=ar, p=p, agg=Aggregat(riket, strikt=strikt), N=rader["folkmangd"], riket=riket,
                       lasningar=las, niva=niva, lan=lan_tabell, radata=radata)

    delar, k, d = _delmodeller(kontrollerat, niva, strikt, kontext, moduler)
    k.agg.kontrollera()
    kolumner = _resultat(d, k, delar, detaljer)
    okanda = _okanda_i_riket(riket, k.agg.anvanda)
    if okanda:
        raise IndataFel(f"riket: okänd uppgift {okanda[0]!r} (ett felstavat namn får ingen verkan); kända är rikets "
                        f"indata ({', '.join(sorted(_RIKETS_INDATA - {'kalla'}))}) och namnen i attrs['riket'].")
    attrs = {"ar": ar, "niva": niva, "reform": reform, "lasningar": las, "riket": dict(k.agg.anvanda),
             "delmangd": len(d) < len(_nyckel(niva)[2])}
    kalla = _syntetisk(indata)
    if kalla:
        attrs.update({"syntetisk": True, "kalla": kalla})
    ut = Resultat(kolumner, d.index, _nyckel(niva)[0], attrs)
    if _oandliga(kolumner, d.som_tal):
        andliga(ut.tabell(), "kostnadsutjämning")  # felet namnger kolumn och rad
    return ut


def _resultat(d: Rader, k: Kontext, delar: Mapping, detaljer: bool) -> dict[str, np.ndarray | list]:
    """Resultatets kolumner: standardkostnad per delmodell (5 §), strukturkostnad (lag 3 §), bidrag/avgift
    (lag 9–10 §§); med ``detaljer`` också delarna. En rad räknad som tal ger listor med ett tal (samma tal)."""
    n = len(d)
    ut = {"namn": _kommunnamn()[d.plats]} if k.niva == "kommun" else {}
    ut["folkmangd"], ut["folkmangd_1nov"] = d["folkmangd"], d["folkmangd_1nov"]
    som_tal = d.som_tal
    if som_tal:  # en rad som tal: samma avrundning och summa utan fältens fasta kostnad
        exakta = [_ett_tal(sum(del_.values())) for del_ in delar.values()]
        avrundade = list(map(avrunda_krontal, exakta))
        if any(a != a for a in avrundade):
            _ej_tal(d, delar, np.array([[a != a] for a in avrundade]))
        ut["strukturkostnad"] = sum(avrundade)  # hela kronor: summan är exakt i vilken ordning som helst
    else:
        exakta = np.empty((len(delar), n))  # delmodell × rad (ett tal eller en skalär fyller raden)
        for i, del_ in enumerate(delar.values()):
            exakta[i] = sum(del_.values())
        avrundade = avrunda_krontal(exakta)
        if np.isnan(avrundade).any():
            _ej_tal(d, delar, np.isnan(avrundade))
        ut["strukturkostnad"] = avrundade.sum(axis=0)
    ut.update(zip(delar, avrundade))
    vikt = d["folkmangd_1nov"] if k.lasningar["strukturkostnad_vikt"] == "1nov" else d["folkmangd"]
    sk_medel = k.agg("strukturkostnad_medel", lambda: medel(ut["strukturkostnad"], vikt))
    k.agg.kontrollera()
    ut["strukturkostnad_riket"] = sk_medel
    ut.update(_bidrag(ut["strukturkostnad"], sk_medel, d["folkmangd_1nov"]))
    if detaljer:
        for (namn, del_), exakt_del in zip(delar.items(), exakta):
            ut[f"{namn}_exakt"] = exakt_del
            ut.update((f"{namn}.{delnamn}", v) for delnamn, v in del_.items())
    if som_tal:  # listor med ett tal (delarna i ``detaljer`` kan vara fält med ett element)
        return {namn: v if type(v) is np.ndarray else [v] for namn, v in ut.items()}
    return {namn: _falt(v, n) for namn, v in ut.items()}


def _ej_tal(d: Rader, delar: Mapping, nan: np.ndarray) -> None:
    """Lag 3 §: strukturkostnaden är summan av delmodellerna. En delmodell som inte går att räkna (NaN, t.ex. 0/0
    när en grupp som delar saknas) är ett fel, inte 0 (``nan``: delmodell × rad)."""
    j, i = (int(x[0]) for x in np.nonzero(nan))
    raise IndataFel(f"kostnadsutjämning: standardkostnaden i delmodellen {list(delar)[j]} (rad {i + 1}, {d.index[i]}) "
                    "går inte att räkna (noll delat med noll: t.ex. inga personer i en grupp som delar). Kontrollera "
                    "radens indata.")


def _ett_tal(x):
    """Ett tal ur ett tal eller ett fält med ett element (kollektivtrafiken och eftersläpningen ger fält)."""
    return x.item() if type(x) is np.ndarray else x


def _oandliga(kolumner: Mapping, som_tal: bool) -> bool:
    """Finns ±inf i någon talkolumn (fält, eller för en rad räknad som tal listor och fält med ett element)?"""
    if som_tal:
        return not _OANDLIGT.isdisjoint(itertools.chain.from_iterable(kolumner.values()))
    return bool(np.isinf(np.concatenate([v for v in kolumner.values() if v.dtype.kind == "f"])).any())


_OANDLIGT = frozenset({math.inf, -math.inf})


def _bidrag(strukturkostnad, sk_medel: float, folkmangd_1nov) -> dict[str, np.ndarray]:
    """Kostnadsutjämningsbidrag (+) eller -avgift (−), lag 9–10 §§: (SK_k − SK̄) exakt och avrundat i kr/inv,
    typen och beloppet (SK_k − SK̄) × invånare 1 november t−1, avrundat till hela kronor (fält eller tal)."""
    exakt = strukturkostnad - sk_medel
    return {"kr_per_inv_exakt": exakt, "kr_per_inv": avrunda_krontal(exakt),
            "typ": om(exakt > 0, "bidrag", om(exakt < 0, "avgift", "ingen")),
            "belopp": avrunda_krontal(exakt * folkmangd_1nov)}


def _falt(x, n: int) -> np.ndarray:
    """En kolumn med n rader (ett tal upprepas)."""
    return x if isinstance(x, np.ndarray) and x.shape == (n,) else np.full(n, x)


def __getattr__(namn: str):
    """``kostnadsutjamning_vad_om`` bor i ``xlmodel.kostnadsutjamning_vad_om`` (nås också härifrån, som förut)."""
    if namn == "kostnadsutjamning_vad_om":
        from .kostnadsutjamning_vad_om import kostnadsutjamning_vad_om
        return kostnadsutjamning_vad_om
    raise AttributeError(f"modulen {__name__!r} har inget attribut {namn!r}")
