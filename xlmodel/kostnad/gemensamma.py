"""Gemensamma operatorer i kostnadsutjämningen (förordning 2004:881 5 § och bilagan).

En gång för alla delmodeller:

* ``Kontext``: året, parametrarna, rikets storheter (``Aggregat``), folkmängden 31 december t−2 som vikt.
* ``invanarbaserat_avdrag``: "Samtliga kommuner får därefter ett invånarbaserat avdrag ... så att summan av
  avdragen motsvarar summan av tilläggen": x_k − Σ x_j·N_j / Σ N_j, så att Σ N_k·Z_k = 0.
* ``index_tillagg``: "index multipliceras med A; produkten minskas sedan med A": A·(index − 1).
* ``lonekostnadstillagg``: "den del av löneindexet som överstiger 100 multipliceras med den justerade
  lönekostnaden dividerad med 100" (6 f, 7 d, 8 d, 9 a, 14 f, 25 §§).
* ``forandring_antal``: förändringar av antalet barn/ungdomar (6 g, 7 e, 8 e §§) och befolkningsförändringar
  (17, 25 c §§): den del av förändringen som överstiger landets med två procentenheter.
* ``korrigeringsfaktor``: Ḡ / (Σ M_k·N_k / Σ N_k) (bilagan, IFO, äldreomsorg, hälso- och sjukvård,
  kollektivtrafik).
* ``kpif_faktor``: uppräkning med KPIF enligt bilagans lista för utjämningsåret.
* ``efterslapning``: tillägg för eftersläpning av intäkter (18 §, 25 b § och bilagan).

Delmodellerna räknar på ``Rader`` (kontrollerade kolumner som numpy-fält, en eller alla rader): samma kod för
hela riket och för en kommuns rad med rikets storheter givna. Parametrarnas årsvärden och tabeller härledda ur
dem (bilagetabellernas belopp per kommun) räknas en gång per parameteruppsättning och år.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Callable, Mapping

import numpy as np

from ..fel import IndataFel, ParameterFel
from ..inkomstutjamning import inkomstutjamning_falt, inkomstutjamning_tal
from ..kallor.referensdata import kommuner, lanskoder
from ..operatorer import absolut, om, storst
from ..validering import rimlig, tal

#: Läsningar där lagtexten går att läsa på flera sätt (se modulernas docstrings). Standard = vår läsning.
LASNINGAR = {
    # 17 § och 25 c §: "den del av befolkningsminskningen, räknat i antal personer, som överstiger två
    # procentenheter multipliceras med ... kronor per invånare/person". "antal_personer": överskjutande antal
    # personer × belopp / invånare (ordagrann läsning). "procentenheter": belopp × överskjutande procentenheter.
    "befolkningsforandring": "antal_personer",
    # 18 § "befolkningsökning med i genomsnitt minst 1,2 procent per år" under fyra år: "aritmetisk"
    # (ökningen / 4 / folkmängden vid periodens början) eller "geometrisk" ((slut/början)^(1/4) − 1).
    "efterslapning_genomsnitt": "aritmetisk",
    # Lag 9–10 §§: vikt för den genomsnittliga strukturkostnaden. "1nov": folkbokförda 1 november t−1 (samma
    # som bidraget multipliceras med, så att Σ bidrag = Σ avgift). "31dec": befolkningen 31 december t−2 (5 §).
    "strukturkostnad_vikt": "1nov",
    # 6 f, 7 d, 8 d, 14 f, 25 §§: "Den justerade lönekostnaden beräknas som summan av 6 § 1-5 [osv.]". Punkterna
    # är "tillägg eller avdrag" enligt 6 b–6 e §§ osv., som slutar med det invånarbaserade avdraget:
    # "efter_avdrag" (ordagrant) tar punkterna efter avdraget, "fore_avdrag" före (law_cost_a.md §2.4 c).
    "justerad_lonekostnad": "efter_avdrag",
    # Bilagan, socioekonomiskt index (6 d §): kommunens andel "dividerad med medelvärdet för motsvarande grupp i
    # landet". "riket": andelen i riket (vägd med barn 1–5 år); "kommunmedel": ovägt medel av kommunernas andelar.
    "socioekonomi_medelvarde": "riket",
    # 14 c §: "fem procent av genomsnittskostnaden per person i åldern 65 år eller äldre för andelen personer i
    # åldersgruppen i kommunen som är födda utanför Norden". "per_invanare": 5 % × kostnad per person 65– × antal
    # födda utanför Norden 65– / invånare (tillägget i kr/inv); "andel_65": 5 % × kostnad × andelen av kommunens
    # 65– (antal / N65), utan omräkning till invånare. I båda fallen följer det invånarbaserade avdraget.
    "fodda_utanfor_norden": "per_invanare",
}
#: Giltiga val per läsning.
LASNINGAR_VAL = {
    "befolkningsforandring": {"antal_personer", "procentenheter"},
    "efterslapning_genomsnitt": {"aritmetisk", "geometrisk"},
    "strukturkostnad_vikt": {"1nov", "31dec"},
    "justerad_lonekostnad": {"efter_avdrag", "fore_avdrag"},
    "socioekonomi_medelvarde": {"riket", "kommunmedel"},
    "fodda_utanfor_norden": {"per_invanare", "andel_65"},
}


@lru_cache(maxsize=None)
def _referens(niva: str) -> tuple[dict[str, int], np.ndarray, tuple[str, ...]]:
    """Rikets rader i kodordning en gång per process: (kod → plats, länets nummer per plats, länskoderna)."""
    lan = tuple(sorted(lanskoder()))
    if niva == "kommun":
        k = kommuner()
        koder, lan_per_rad = k["kommunkod"].tolist(), k["lanskod"].tolist()
    else:
        koder = lan_per_rad = list(lan)
    nummer = {l: i for i, l in enumerate(lan)}
    return {kod: i for i, kod in enumerate(koder)}, np.array([nummer[l] for l in lan_per_rad]), lan


@lru_cache(maxsize=None)
def _lanskoder_falt(niva: str) -> np.ndarray:
    return np.array(_referens(niva)[2], dtype=object)


def lan_i_ordning() -> tuple[str, ...]:
    """Länskoderna i kodordning (21, Gotland 09 ingår); ``Rader.lannummer`` är platsen här."""
    return _referens("region")[2]


@lru_cache(maxsize=None)
def kommuner_per_lan() -> np.ndarray:
    """Antalet kommuner i varje län (``lan_i_ordning``)."""
    return np.bincount(_referens("kommun")[1], minlength=len(lan_i_ordning()))


class Rader(dict):
    """Kontrollerade indata: kolumnerna som numpy-fält (float), en rad per kommun (``niva="kommun"``) eller
    län/region; ``index`` har koderna (kända, unika). ``rader["kolumn"]`` ger fältet (en dict: kolumn → fält;
    ``len`` är antalet rader).

    ``som_tal=True`` (en rad): kolumnerna som Python-tal (float), den snabba vägen för en kommun med rikets
    storheter givna. Formlerna är desamma (de räknar med ``xlmodel.operatorer``, samma IEEE-tal som fälten); där
    ett fält behövs (index, masker) ger ``falt(namn)`` kolumnen som fält.
    """

    def __init__(self, koder, namnen, varden: np.ndarray, niva: str = "kommun", som_tal: bool = False):
        """``namnen`` och ``varden`` (kolumn × rad) som ``validering.kontrollerade_kolumner`` ger dem."""
        self.index = np.array(koder, dtype=object)
        #: En rad med kolumnerna som tal (``som_tal``).
        self.som_tal = som_tal and len(koder) == 1
        super().__init__(zip(namnen, varden[:, 0].tolist() if self.som_tal else varden))
        self.niva = niva
        plats, lannummer, _ = _referens(niva)
        #: Radernas platser i rikets kodordning (för referenstabeller per kommun).
        self.plats = np.array([plats[kod] for kod in self.index], dtype=np.intp)
        #: Länets nummer per rad (plats i ``lan_i_ordning()``) och länskoden (regioner: raden själv).
        self.lannummer = lannummer[self.plats]
        self.lanskoder = _lanskoder_falt(niva)[self.lannummer]

    def falt(self, namn: str) -> np.ndarray:
        """Kolumnen som fält (också när raden hålls som tal)."""
        v = self[namn]
        return np.array([v]) if type(v) is float else v

    def __len__(self) -> int:
        return len(self.index)

    __hash__ = object.__hash__  # en tabell i taget (identitet), som förut
    __eq__ = object.__eq__


_SAKNAS = object()


class Aggregat:
    """Rikets storheter i en beräkning: medelvärden, korrigeringsfaktorer, kostnader per barn m.m.

    Varje storhet har ett namn (t.ex. ``"individ_och_familjeomsorg.korrigeringsfaktor"``). Den beräknas ur
    raderna om inte anroparen har angett den i ``fasta`` (t.ex. SCB:s publicerade värde, eller när raderna
    inte är hela landet). ``strikt=True`` (vad-om-läget, eller en delmängd med rikets storheter): en storhet
    som inte är angiven är ett fel, eftersom den inte kan beräknas ur raderna (``kontrollera`` räknar upp alla
    som saknas). ``noll_om_saknas(namn)``: i strikt läge sätts en sådan saknad storhet till 0 i stället och
    noteras i ``antagna`` (vad-om-läget: invånarbaserade avdrag som tar ut varandra före och efter).
    ``anvanda`` samlar alla storheter som använts, också rikets indata (``Kontext.riket_tal``).
    """

    def __init__(self, fasta: Mapping | None = None, strikt: bool = False,
                 noll_om_saknas: Callable[[str], bool] | None = None):
        self.fasta = fasta if fasta is not None else {}  # läses bara
        self.strikt = strikt
        self.noll_om_saknas = noll_om_saknas or (lambda namn: False)
        self.anvanda: dict[str, float] = {}
        self.saknas: list[str] = []
        self.antagna: list[str] = []

    def kontrollera(self) -> None:
        """Strikt läge: fel som räknar upp alla rikets storheter som saknades."""
        if self.saknas:
            raise IndataFel(
                f"Rikets värden saknas: {', '.join(dict.fromkeys(self.saknas))}. Ange dem i riket (t.ex. ur SCB:s "
                "beräkningsunderlag eller attrs['riket'] från en fullständig beräkning)."
            )

    def __call__(self, namn: str, berakna: Callable[[], float]) -> float:
        varde = self.fasta.get(namn, _SAKNAS)
        if varde is not _SAKNAS:
            if type(varde) is not float or not math.isfinite(varde):  # ett vanligt tal direkt; annars förklarar tal()
                varde = tal(varde, f"riket, {namn}")
        elif self.strikt and self.noll_om_saknas(namn):
            self.antagna.append(namn)
            varde = 0.0
        elif self.strikt:
            self.saknas.append(namn)
            return float("nan")
        else:
            varde = float(berakna())
            if not math.isfinite(varde):
                raise IndataFel(f"Rikets värde {namn!r} kan inte beräknas ur indata (division med noll?).")
        self.anvanda[namn] = varde
        return varde


@dataclass
class Kontext:
    """Det som alla delmodeller behöver: år, parametrar, rikets storheter, vikter och rikets indata."""

    ar: int
    p: object
    agg: Aggregat
    N: np.ndarray  # folkmängd 31 december t−2 per rad (kommun eller region)
    riket: Mapping = field(default_factory=dict)
    lasningar: Mapping = field(default_factory=lambda: dict(LASNINGAR))
    niva: str = "kommun"
    lan: object = None  # länstabellen (kollektivtrafik), Rader med ett län per rad
    radata: object = None  # kolumn → okontrollerade värden per rad (kolumner som bara vissa rader behöver)

    def harlett(self, nyckel, berakna: Callable[[], object]):
        """Ett värde härlett ur parametrarna för utjämningsåret, beräknat en gång per parameteruppsättning och år
        (parametrarna ändras aldrig; uppsättningarna hålls i en begränsad cache). Fel cachas inte. Delas: ändra inte."""
        memo = self._memo
        try:
            return memo[nyckel]
        except KeyError:
            varde = memo[nyckel] = berakna()
            return varde

    def __post_init__(self):
        self._memo = self.p.__dict__.setdefault("_kostnad_memo", {}).setdefault(self.ar, {})

    def param(self, namn: str):
        """Parametern ``kostnadsutjamning.<namn>`` för utjämningsåret (delas: ändra inte); ``null`` i YAML ger
        ParameterFel."""
        try:
            return self._memo[namn]
        except KeyError:
            return self.harlett(namn, lambda: self._param(namn))

    def _param(self, namn: str):
        param = self.p[f"kostnadsutjamning.{namn}"]
        varde = param.delad(self.ar)
        if varde is None:
            raise ParameterFel(
                f"Parametern kostnadsutjamning.{namn} saknar värde för utjämningsår {self.ar} "
                f"({param.referens(self.ar)})."
            )
        return varde

    def genomsnitt(self, verksamhet: str) -> float:
        """Bilagans genomsnittliga standardkostnad (kr/inv, år t−2, före uppräkning)."""
        tabell = self.param("genomsnittlig_standardkostnad")
        if verksamhet not in tabell:
            raise ParameterFel(
                f"Parametern kostnadsutjamning.genomsnittlig_standardkostnad år {self.ar} saknar verksamheten "
                f"{verksamhet!r} (bilagan har en rad per verksamhet; ange alla)."
            )
        return float(tabell[verksamhet])

    def riket_tal(self, namn: str) -> float:
        """Ett tal för hela riket ur indata ``riket`` (t.ex. lärarlön); saknas det: IndataFel.

        Talet noteras i ``agg.anvanda`` (och därmed i resultatets ``attrs["riket"]``), så att vad-om-läget kan
        ta ``riket=attrs["riket"]`` också för delar som behöver rikets indata (eftersläpningen, 18 §).
        """
        if namn not in self.riket:
            raise IndataFel(f"riket: uppgiften {namn!r} saknas.")
        varde = rimlig(tal(self.riket[namn], f"riket, {namn}"), "riket", f"riket, {namn}")
        self.agg.anvanda[namn] = varde
        return varde

    def kpif_faktor(self, fran: int, till: int) -> float:
        """Π (1 + KPIF_år/100) för år fran..till enligt bilagans lista för utjämningsåret."""
        return self.harlett(("kpif", fran, till), lambda: self._kpif_faktor(fran, till))

    def _kpif_faktor(self, fran: int, till: int) -> float:
        lista = {int(a): v for a, v in self.param("kpif").items()}
        faktor = 1.0
        for ar in range(fran, till + 1):
            if ar not in lista:
                raise ParameterFel(f"KPIF för år {ar} saknas i bilagans lista för utjämningsår {self.ar}.")
            faktor *= 1 + float(lista[ar]) / 100
        return faktor

    @cached_property
    def upprakning(self) -> float:
        """Bilagan: "konsumentprisindex med fast ränta året före utjämningsåret samt utjämningsåret"."""
        return self.kpif_faktor(self.ar - 1, self.ar)

    @cached_property
    def upprakning_2016(self) -> float:
        """Bilagan: uppräkning "från år 2016 till och med utjämningsåret" (infrastruktur, verksamhetsövergripande)."""
        return self.kpif_faktor(int(self.param("kpif_basar")) + 1, self.ar)

    def ersattningsbelopp(self, namn: str) -> float:
        """Belopp i 2016 års prisnivå uppräknat med KPIF "till två år före utjämningsåret" (6 g, 7 e, 8 e §§)."""
        return float(self.param(namn)) * self.kpif_faktor(int(self.param("kpif_basar")) + 1, self.ar - 2)


def _flyt(x):
    """Talen som float-fält. (Operatorerna nedan räknar direkt på det de får: fält eller tal ur ``Rader`` och
    tal ur parametrarna.)"""
    return np.asarray(x, dtype=float)


def medel(x, N) -> float:
    """Befolkningsvägt medelvärde Σ x·N / Σ N."""
    N = _flyt(N)
    return float((_flyt(x) * N).sum() / N.sum())  # .sum(): samma summering som np.sum, utan omvägen


def invanarbaserat_avdrag(x, k: Kontext, namn: str) -> np.ndarray:
    """Tillägget efter det invånarbaserade avdraget: x_k − Σ x_j·N_j / Σ N_j (vikt 31 december t−2)."""
    return x - k.agg(f"{namn}.avdrag", lambda: medel(x, k.N))


def index_tillagg(bas, index) -> np.ndarray:
    """"Index multipliceras med [bas]. Produkten minskas sedan med [bas]": bas·(index − 1)."""
    return bas * (index - 1.0)


def justerad_lonekostnad(k: Kontext, andel: float, bas, *tillagg) -> np.ndarray:
    """Justerad lönekostnad (6 f, 7 d, 8 d, 14 f, 25 §§): (bas + Σ tillägg) × lönekostnadsandel.

    ``tillagg``: par (före avdrag, efter avdrag) för varje punkt med invånarbaserat avdrag; läsningen
    ``justerad_lonekostnad`` väljer vilket som används.
    """
    i = 1 if k.lasningar["justerad_lonekostnad"] == "efter_avdrag" else 0
    return (bas + sum(t[i] for t in tillagg)) * andel


def med_avdrag(x, k: Kontext, namn: str) -> tuple[np.ndarray, np.ndarray]:
    """(x, x efter invånarbaserat avdrag): för punkter som också ingår i den justerade lönekostnaden."""
    return x, invanarbaserat_avdrag(x, k, namn)


def lonekostnadstillagg(loneindex, justerad_lonekostnad) -> np.ndarray:
    """Tillägg före avdrag: max(löneindex − 100, 0) / 100 × justerad lönekostnad."""
    return storst(loneindex - 100.0, 0.0) / 100.0 * justerad_lonekostnad


def overskjutande_andel(forandring, forandring_riket, troskel: float) -> np.ndarray:
    """Den del av den relativa förändringen som överstiger tröskeln (6 g, 7 e, 8 e, 25 c §§).

    Samma riktning som i landet: |Δ_k| − |Δ_R| − tröskel. Motsatt riktning (eller ingen förändring i landet):
    |Δ_k| − tröskel. Aldrig negativ: både ökning och minskning ger tillägg.
    """
    d = forandring
    samma = d * forandring_riket > 0
    over = om(samma, absolut(d) - abs(forandring_riket) - troskel, absolut(d) - troskel)
    return storst(over, 0.0)


def forandring_antal(ny, gammal, belopp: float, troskel: float, k: Kontext, namn: str) -> np.ndarray:
    """Tillägg för förändringar av antalet barn/ungdomar (6 g, 7 e, 8 e §§), kr/inv, efter avdraget.

    Δ_k = (antal 31 dec t−2 − antal 31 dec t−7) / antal t−7, Δ_R likaså för riket. Överskjutande andel
    gånger antalet vid periodens början ger antalet barn som ersätts med ``belopp``; delat med folkmängden.
    """
    d_riket = k.agg(f"{namn}.forandring_riket", lambda: (ny.sum() - gammal.sum()) / gammal.sum())
    e = overskjutande_andel((ny - gammal) / gammal, d_riket, troskel)
    return invanarbaserat_avdrag(e * gammal * belopp / k.N, k, namn)


def korrigeringsfaktor(modellvarde, genomsnitt: float, k: Kontext, namn: str, vikt=None) -> float:
    """Ḡ / (Σ M·N / Σ N): det vägda medelvärdet av M·K blir Ḡ (bilagan, Beräkning av korrigeringsfaktorn)."""
    vikt = k.N if vikt is None else vikt
    return k.agg(f"{namn}.korrigeringsfaktor", lambda: genomsnitt / medel(modellvarde, vikt))


def belopp_enligt_tabell(k: Kontext, parameter: str, d: Rader, namn: str) -> np.ndarray:
    """Belopp per kommun ur bilagetabellen ``parameter`` (``{lan: {lanskod: kr}, kommuner: {namn: kr}, ovriga: kr}``).

    Kommunens eget belopp går före länets, som går före ``ovriga``. Ett kommunnamn som inte finns är ett
    ParameterFel (stavfel i parameterfilen; ``namn`` i felet). Tabellen för alla kommuner räknas en gång per
    parameteruppsättning och år.
    """
    alla = k.harlett(("belopp", parameter), lambda: _belopp_alla(k.param(parameter), namn))
    return alla.item(d.plats[0]) if d.som_tal else alla[d.plats]


def _belopp_alla(tabell: Mapping, namn: str) -> np.ndarray:
    """Beloppet för varje kommun i kodordning (``kommuner()``)."""
    alla = kommuner()
    namn_till_kod = dict(zip(alla["namn"], alla["kommunkod"]))
    per_kommun = {}
    for kommunnamn, belopp in (tabell.get("kommuner") or {}).items():
        if kommunnamn not in namn_till_kod:
            raise ParameterFel(f"{namn}: okänt kommunnamn {kommunnamn!r} i bilagetabellen.")
        per_kommun[namn_till_kod[kommunnamn]] = float(belopp)
    per_lan = {str(kod).zfill(2): float(b) for kod, b in (tabell.get("lan") or {}).items()}
    ovriga = float(tabell.get("ovriga", 0))
    return np.array([per_kommun.get(kod, per_lan.get(lan, ovriga)) for kod, lan in zip(alla["kommunkod"], alla["lanskod"])],
                    dtype=float)


def efterslapning(d: Rader, k: Kontext, namn: str) -> np.ndarray:
    """Tillägg för eftersläpning av intäkter, kr/inv (18 § för kommuner, 25 b § för regioner, och bilagan).

    Villkor: genomsnittlig ökning minst 1,2 procent per år från 1 nov t−6 till 1 nov t−2 (läsning
    ``efterslapning_genomsnitt``) och minst 1,2 procent från 1 nov t−2 till 1 nov t−1.
    Uppräknad folkmängd U = P(t−2) + (ökningen t−2→t−1 som överskrider 1,2 procent av P(t−2)).
    Inkomstutjämningen för t−1 räknas om med U, med landets och kommunens skatteunderlag från t−1 (rikets
    medelskattekraft oförändrad; lag 2004:773 3–7 §§ via ``xlmodel.inkomstutjamning``).
    B' = (omräknad inkomstutjämning + övriga delar t−1, kr/inv) × U; B = (inkomstutjämning + övriga) × P(t−2).
    Tillägget = (B' − B) / folkmängden 31 december t−2. Tecknet är valt så att en växande kommun som får
    bidrag får ett tillägg (bilagan säger "differensen"). Ej uppräknat (5 §); inget invånarbaserat avdrag:
    tillägget finansieras genom att den genomsnittliga strukturkostnaden stiger.
    """
    # noteras i attrs["riket"] även om ingen rad får tillägg (vad-om-läget); saknas de räknas ingen rad om
    givna = {namn: k.riket_tal(namn) for namn in EFTERSLAPNING_RIKET if namn in k.riket}
    troskel = float(k.param("verksamhetsovergripande.efterslapning_troskel"))
    period = int(k.param("verksamhetsovergripande.efterslapning_period"))
    p6, p2, p1 = (d[c] for c in ("folkmangd_1nov_t6", "folkmangd_1nov_t2", "folkmangd_1nov"))
    if k.lasningar["efterslapning_genomsnitt"] == "geometrisk":  # potensen med fältens ufunc också för en rad
        arlig = (np.asarray(p2) / p6) ** (1 / period) - 1
    else:
        arlig = (p2 - p6) / p6 / period
    okning = p1 - p2
    berattigad = (arlig >= troskel) & (okning >= troskel * p2)
    U = p2 + storst(okning - troskel * p2, 0.0)
    nagon = berattigad if type(berattigad) is bool else berattigad.any()
    riket = None
    if nagon:  # en uppgift som saknas ger riket_tal:s fel
        su, n = (givna[namn] if namn in givna else k.riket_tal(namn) for namn in EFTERSLAPNING_RIKET)
        riket = {"skatteunderlag": su, "folkmangd": n}
    if d.som_tal:  # en rad som tal
        if riket is None:
            return 0.0
        omraknad = inkomstutjamning_tal(d.index[0], d["skatteunderlag_fg"], U, k.ar - 1, riket, niva=k.niva)
        return _efterslapningstillagg(omraknad, U, p2, d["inkomstutjamning_fg"], d["ovrig_utjamning_fg"], k.N)
    ut = np.zeros(len(d))
    if riket is None:
        return ut
    valda = slice(None) if berattigad.all() else berattigad  # alla (t.ex. en kommuns rad): utan urvalets kopior
    U = U[valda]
    omraknad = inkomstutjamning_falt(d.index[valda], d["skatteunderlag_fg"][valda], U, k.ar - 1, riket, niva=k.niva)
    ut[valda] = _efterslapningstillagg(omraknad, U, p2[valda], d["inkomstutjamning_fg"][valda],
                                       d["ovrig_utjamning_fg"][valda], np.atleast_1d(k.N)[valda])
    return ut


def _efterslapningstillagg(omraknad, U, P, inkomstutjamning_fg, ovrig_utjamning_fg, N):
    """(B' − B) / N med B' = (omräknad inkomstutjämning + övriga delar) × U, B = (inkomstutjämning + övriga) × P(t−2)."""
    return ((omraknad + ovrig_utjamning_fg) * U - (inkomstutjamning_fg + ovrig_utjamning_fg) * P) / N


#: Kolumner som eftersläpningen behöver (kommun- eller regiontabellen).
EFTERSLAPNING_KOLUMNER = (
    "folkmangd_1nov_t6", "folkmangd_1nov_t2", "folkmangd_1nov",
    "skatteunderlag_fg", "inkomstutjamning_fg", "ovrig_utjamning_fg",
)
EFTERSLAPNING_RIKET = ("skatteunderlag_fg", "folkmangd_1nov_fg")
