"""Årskalkylen bakom budgetblocket: serierna för en kommun år för år (skatteunderlag, folkmängd,
uppräkning, skattesats, delarna), med företrädesordningen användare > prognos > data > framskrivning."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from ..fel import IndataFel
from ..inkomstutjamning import inkomstutjamning_kommun, upprakningsfaktor
from ..parametrar import parametrar
from .data import (_data_kommun, _dataar, _golv, _regleringspost_data, _riket_folkmangd, _skattesatsar, hamtade,
                   skattesats_data, utfallsar)
from .data import kalla as data_kalla
from .prognos import HARLEDD, _arsvarden, _hamta, prognos, prognosnamn
from .rader import _KR, _KR_PER_INV, _NIVAER, SLUTAVR_FG
from .skatteintakter import preliminar_skatt, slutavrakning_per_invanare


@dataclass
class Antaganden:
    """Användarens antaganden. Allt är valfritt; ett värde är ett tal (gäller alla år) eller {år: tal}.

    * ``prognos``: standard ``"harledd_ur_scb"`` (härledd ur medföljande SCB-utfall, se ``prognos.harledd``);
      annars namnet på en prognosfil i ``xlmodel/budget/prognoser`` (se ``prognoser()``), en sökväg till en
      egen YAML-fil (``xlmodel prognos ny --fran-cirkular``) eller en dict med
      samma nycklar (``skatteunderlag_okning``, ``befolkning_riket_okning``, ``upprakningsfaktorer``,
      ``regleringspost``, ``pkv``; varje värde {år: tal}).
    * ``planar``: antal planår efter budgetåret, 0–8 (standard 3 i budgetblocket, 0 med ``kolumner="ar"``).
    * ``skattesats``: kommunens skattesats i procent (standard: 2025/2026 medföljer; senare år hålls). En
      skattesats angiven för ett år gäller också senare år tills ett senare år har en egen (planåren ärver
      budgetårets). En andel (0,2135) i stället för procent avvisas.
    * ``folkmangd``: kommunens invånare 1 november året före, per utjämningsår (befolkningsprognos).
    * ``skatteunderlag``: kommunens skatteunderlag (kr, ej uppräknat, SCB:s etikett = utjämningsåret).
    * ``riket_skatteunderlag``, ``riket_folkmangd``: samma för riket (standard: SCB, medföljer t.o.m. 2026).
      För dessa fyra gäller ett ensamt tal budgetåret (senare år skrivs fram).
    * ``skatteunderlag_okning``: rikets skatteunderlagsökning i procent per **inkomstår** (går före prognos och utfall).
    * ``befolkning_riket_okning``: rikets befolkningsökning i procent per utjämningsår.
    * ``upprakningsfaktorer``: {utjämningsår: [f(t−1), f(t)]} (går före förordningen).
    * ``kostnadsutjamning``, ``lss_utjamning``, ``strukturbidrag``, ``inforandebidrag``, ``regleringspost``:
      kr per invånare (+ bidrag, − avgift), t.ex. SCB:s utfall eller SKR:s preliminära beräkning.
    * ``fastighetsavgift``, ``ovriga_bidrag``: belopp i kr (utan värde: "ej angivet", aldrig tyst 0).
    * ``bokford_slutavrakning``: {inkomstår: kr} bokförd slutavräkning i förra bokslutet; ger raden
      "Slutavräkning året innan" = ny beräkning − bokfört (utan värde: noll).
    * ``inkomstutjamning_utfall``: använd SCB:s publicerade inkomstutjämning (kr/inv) där den medföljer och
      kommunens folkmängd är SCB:s (Örebro län), annars beräknad (standard ``True``; ``False`` räknar alltid).
    * ``justera_riket``: lägg kommunens avvikelse från rikets takt till rikets summor (standard ``True``).
    * ``skatteunderlag_efterslapning``: 0 (standard, SKR:s förenkling) = kommunens skatteunderlag med etikett t
      följer folkmängden för år t (skattekraften hålls när folkmängden ändras); 2 = följer folkmängden för
      t−2, eftersom underlaget är inkomstår t−2 och skatten går till kommunen där man bodde 1 nov t−3.
    """

    prognos: str | Mapping | None = None
    planar: int | None = None
    skattesats: Any = None
    folkmangd: Any = None
    skatteunderlag: Any = None
    riket_skatteunderlag: Any = None
    riket_folkmangd: Any = None
    skatteunderlag_okning: Any = None
    befolkning_riket_okning: Any = None
    upprakningsfaktorer: Any = None
    kostnadsutjamning: Any = None
    lss_utjamning: Any = None
    strukturbidrag: Any = None
    inforandebidrag: Any = None
    regleringspost: Any = None
    fastighetsavgift: Any = None
    ovriga_bidrag: Any = None
    bokford_slutavrakning: Any = None
    justera_riket: bool = True
    inkomstutjamning_utfall: bool = True
    skatteunderlag_efterslapning: int = 0

    @classmethod
    def fran(cls, antaganden) -> "Antaganden":
        """Ett ``Antaganden`` ur en dict (okänd nyckel ger ``IndataFel``), ett ``Antaganden`` eller ``None``."""
        if antaganden is None:
            return cls()
        if isinstance(antaganden, cls):
            return antaganden
        if not isinstance(antaganden, Mapping):
            raise IndataFel("antaganden: ange en dict eller ett Antaganden-objekt.")
        kanda = _FALT
        okanda = [k for k in antaganden if k not in kanda]
        if okanda:
            raise IndataFel(f"antaganden: okänd nyckel {okanda[0]!r}. Kända: {', '.join(sorted(kanda))}.")
        return cls(**antaganden)


_FALT = frozenset(f.name for f in dataclasses.fields(Antaganden))

#: Arbetsbokens rutnät (Indata, ``antaganden_omrade``) har budgetåren som kolumner. Ett antagande vars år är ett annat
#: än kolumnens: antal år att lägga till kolumnens år. Den bokförda slutavräkningen under budgetår Y är beloppet för
#: inkomstår Y − 1 (i bokslutet Y − 1), som raden "Slutavräkning året innan" för år Y använder (lag 1965:269 5 §).
RUTNATETS_AR = {"bokford_slutavrakning": -1}


def antaganden_ur_rutnat(rutnat: Mapping) -> dict:
    """Antaganden ur ett rutnät med budgetår som kolumner ({variabel: {år: värde}}): åren för ``Antaganden``."""
    return {namn: ({ar + RUTNATETS_AR[namn]: v for ar, v in varden.items()} if namn in RUTNATETS_AR
                   and isinstance(varden, Mapping) else varden) for namn, varden in rutnat.items()}


def rutnat_ur_antaganden(antaganden: Mapping) -> dict:
    """Omvändningen av ``antaganden_ur_rutnat``: åren som rutnätets kolumner."""
    return {namn: ({ar - RUTNATETS_AR[namn]: v for ar, v in varden.items()} if namn in RUTNATETS_AR
                   and isinstance(varden, Mapping) else varden) for namn, varden in antaganden.items()}


#: Antagandena som är tal per år (inte val); ``_Kalkyl.u`` har dem kontrollerade.
_ARSVARDEN = tuple(f.name for f in dataclasses.fields(Antaganden) if f.name not in (
    "prognos", "planar", "justera_riket", "skatteunderlag_efterslapning", "inkomstutjamning_utfall"))


class _Kalkyl:
    """Serierna för en kommun, år för år, med företrädesordningen användare > prognos > data > framskrivning."""

    def __init__(self, kod: str, ant: Antaganden, reform: str | None, ar: int, niva: str = "kommun"):
        self.kod, self.ant, self.reform, self.niva = kod, ant, reform, niva
        self.p = parametrar(reform)
        self.prognosnamn = prognosnamn(HARLEDD if ant.prognos is None else ant.prognos)
        self.prognos = prognos(HARLEDD if ant.prognos is None else ant.prognos)
        self.kallor: dict = {}
        self.hamtade = hamtade()  # hämtcachen läses en gång per kalkyl (``data._data_kommun``)
        self.u = {namn: _arsvarden(getattr(ant, namn), namn) for namn in _ARSVARDEN}
        if ant.skatteunderlag_efterslapning not in (0, 2):
            raise IndataFel(f"skatteunderlag_efterslapning: ange 0 (samma år som folkmängden) eller 2 (två år "
                            f"efter), fick {ant.skatteunderlag_efterslapning!r}.")
        self.L = int(ant.skatteunderlag_efterslapning)
        for namn in _NIVAER:  # ett ensamt tal för en nivå (folkmängd, underlag) gäller budgetåret
            if not isinstance(self.u[namn], dict):
                self.u[namn] = {ar: self.u[namn]}
        self.anmarkningar: list[str] = []
        self._cache: dict = {}
        sats = self.u["skattesats"]
        for a, v in (sats.items() if isinstance(sats, dict) else [(ar, sats)]):
            if v is not None and 0 < v < 1:
                procent = f"{v * 100:.2f}".replace(".", ",")
                raise IndataFel(f"skattesats {a}: {str(v).replace('.', ',')} ser ut som en andel; ange "
                                f"skattesatsen i procent (t.ex. {procent}).")
            if v is not None and not 0 < v < 100:
                raise IndataFel(f"skattesats {a}: {v} är ingen rimlig skattesats i procent (0–100).")

    def _data(self, kod: str, namn: str, ar: int):
        return _data_kommun(kod, namn, ar, self.hamtade)

    def _hamtat(self, namn: str, ar: int):
        return self.hamtade.get(namn, {}).get((self.kod, ar))

    def _minne(self, nyckel, berakna):
        if nyckel not in self._cache:
            self._cache[nyckel] = berakna()
        return self._cache[nyckel]

    # --- riket
    def okning(self, inkomstar: int):
        """Rikets skatteunderlagsökning (andel) för ett inkomstår, eller None om okänd."""
        v = _hamta(self.u["skatteunderlag_okning"], inkomstar)
        if v is not None:
            return v / 100
        a, b = self._data("00", "skatteunderlag", inkomstar + 2), self._data("00", "skatteunderlag", inkomstar + 1)
        if a is not None and b is not None:
            return a / b - 1
        v = self.prognos["skatteunderlag_okning"].get(inkomstar)
        return None if v is None else v / 100

    def _okning_krav(self, inkomstar: int, varfor: str) -> float:
        g = self.okning(inkomstar)
        if g is None:
            raise IndataFel(
                f"Rikets skatteunderlagsökning för inkomstår {inkomstar} saknas ({varfor}). Ange en prognos "
                f"(antaganden={{'prognos': ...}}, se prognoser()) eller 'skatteunderlag_okning'."
            )
        return g

    def su_riket_bas(self, ar: int) -> float:
        def berakna():
            v = _hamta(self.u["riket_skatteunderlag"], ar)
            if v is None:
                v = self._data("00", "skatteunderlag", ar)
            if v is None:
                v = self.su_riket_bas(ar - 1) * (1 + self._okning_krav(ar - 2, f"rikets skatteunderlag {ar}"))
            return v
        return self._minne(("su_r", ar), berakna)

    def n_riket_bas(self, ar: int) -> float:
        def berakna():
            v = _hamta(self.u["riket_folkmangd"], ar)
            if v is None:
                v = _riket_folkmangd().get(ar)
            if v is None:
                g = _hamta(self.u["befolkning_riket_okning"], ar)
                g = self.prognos["befolkning_riket_okning"].get(ar) if g is None else g
                if g is None:
                    raise IndataFel(
                        f"Rikets folkmängd 1 november {ar - 1} saknas. Ange 'riket_folkmangd' eller en prognos med "
                        f"'befolkning_riket_okning' för {ar}."
                    )
                v = self.n_riket_bas(ar - 1) * (1 + g / 100)
            return v
        return self._minne(("n_r", ar), berakna)

    def su_riket(self, ar: int) -> float:
        d = self.su_kommun(ar) - self.su_kommun_bas(ar) if self.ant.justera_riket else 0.0
        return self.su_riket_bas(ar) + d

    def n_riket(self, ar: int) -> float:
        d = self.n_kommun(ar) - self.n_kommun_bas(ar) if self.ant.justera_riket else 0.0
        return self.n_riket_bas(ar) + d

    def upprakning(self, ar: int) -> float:
        """F_t: användarens/prognosens faktorer, annars förordningens, annars prognosens ökningstakt."""
        def berakna():
            for kalla in (_hamta(self.u["upprakningsfaktorer"], ar), self.prognos["upprakningsfaktorer"].get(ar)):
                if kalla is not None:
                    return float(np.prod(kalla))
            if self.p["upprakningsfaktorer.faktorer"].har(ar):
                return self.upprakning_lag(ar)
            return (1 + self._okning_krav(ar - 1, f"uppräkningsfaktor {ar}")) * (1 + self._okning_krav(ar, f"uppräkningsfaktor {ar}"))
        return self._minne(("F", ar), berakna)

    def upprakning_lag(self, ar: int) -> float:
        """F_t enligt förordningen (reformens parametrar), en gång per kalkyl och år."""
        return self._minne(("F_lag", ar), lambda: upprakningsfaktor(ar, self.reform))

    # --- kommunen: bas (utan användarens egna befolknings-/underlagsvärden) och slutlig
    def _kommunserie(self, namn: str, ar: int, bas: bool) -> float:
        def berakna():
            anvandare, data = _hamta(self.u[namn], ar), self._data(self.kod, namn, ar)
            if not bas:
                self.kallor[(namn, ar)] = ("användarens värde" if anvandare is not None
                                           else data_kalla(self.kod, namn, ar, self.hamtade) if data is not None
                                           else f"framskrivet i rikets takt (prognos {self.prognosnamn})")
                if anvandare is not None or data is not None:
                    return anvandare if anvandare is not None else data
            elif data is not None:
                return data
            # föregående år bara när året saknar värde (serien söks bakåt till det första året med data)
            foreg = self._kommunserie(namn, ar - 1, bas) if ar > _golv() else None
            if bas:  # det som rikets summor redan innehåller: data, annars användarens första värde
                kand = anvandare if foreg is None else None
            else:
                kand = None
            if kand is not None or foreg is None:
                return kand
            if namn == "folkmangd":  # rikets takt
                return foreg * self.n_riket_bas(ar) / self.n_riket_bas(ar - 1)
            # skatteunderlag: kommunens skattekraft i förhållande till riket hålls; underlaget följer
            # folkmängden samma år (SKR) eller två år tidigare (``skatteunderlag_efterslapning``)
            n = self._kommunserie("folkmangd", ar - self.L, bas)
            n_foreg = self._kommunserie("folkmangd", ar - 1 - self.L, bas)
            if n is None or n_foreg is None:
                raise IndataFel(
                    f"Kommun {self.kod}: skatteunderlaget {ar} skrivs fram med folkmängden {ar - 1 - self.L} och "
                    f"{ar - self.L} (skatteunderlag_efterslapning={self.L}); ange 'folkmangd' för de åren."
                )
            sk_riket = (self.su_riket_bas(ar) / self.n_riket_bas(ar)) / (self.su_riket_bas(ar - 1) / self.n_riket_bas(ar - 1))
            return foreg / n_foreg * sk_riket * n
        return self._minne((namn, ar, bas), berakna)

    def _kommun_krav(self, namn: str, ar: int, bas: bool) -> float:
        v = self._kommunserie(namn, ar, bas)
        if v is None:
            raise IndataFel(
                f"Kommun {self.kod}: {'folkmängd 1 november ' + str(ar - 1) if namn == 'folkmangd' else 'skatteunderlag (SCB, etikett ' + str(ar) + ')'} "
                f"saknas. Medföljande data för alla kommuner täcker {_dataar()}; ange "
                f"antaganden={{'{namn}': {{{ar}: ...}}}}."
            )
        return v

    def n_kommun(self, ar): return self._kommun_krav("folkmangd", ar, False)
    def n_kommun_bas(self, ar): return self._kommun_krav("folkmangd", ar, True)
    def su_kommun(self, ar): return self._kommun_krav("skatteunderlag", ar, False)
    def su_kommun_bas(self, ar): return self._kommun_krav("skatteunderlag", ar, True)

    def skattesats(self, ar: int) -> float | None:
        """Skattesatsen (procent) år ``ar``: användarens värde för året, annars det senaste av användarens
        värde och den medföljande satsen (det senare året vinner; planåren ärver budgetårets angivna sats);
        None om ingen är känd (raden Kommunalskatt blir "ej angivet")."""
        def berakna():
            sats = self.u["skattesats"]
            egna = {a: v for a, v in sats.items() if a <= ar} if isinstance(sats, dict) else (
                {ar: sats} if sats is not None else {})
            kanda = [a for a in _skattesatsar() if a <= ar]  # senast kända år ≤ ar hålls framåt
            a_egen = max(egna) if egna else None
            a_data = kanda[-1] if kanda else None
            if a_egen is not None and (a_data is None or a_egen >= a_data):
                self.kallor[("skattesats", ar)] = "användarens skattesats" + ("" if a_egen == ar else f" {a_egen}")
                return egna[a_egen]
            if a_data is not None:
                v = skattesats_data(self.kod, a_data, self.niva)
                if v is None:
                    return None
                if ar != a_data:
                    self._anmark(f"Skattesatsen {a_data} hålls för {ar} (SKR:s antagande).")
                self.kallor[("skattesats", ar)] = f"skattesats {a_data} (medföljer)"
                return v
            return None
        return self._minne(("s", ar), berakna)

    def _anmark(self, text: str) -> None:
        if text not in self.anmarkningar:
            self.anmarkningar.append(text)

    # --- raderna (kr)
    def kommunalskatt(self, ar: int) -> float:
        s = self.skattesats(ar)
        if s is None:
            return np.nan
        return float(preliminar_skatt(self.su_kommun(ar), self.upprakning(ar), s))

    def slutavrakning(self, inkomstar: int) -> float:
        """Slutavräkningen (kr) för inkomståret enligt senaste utfall/prognos; noll om ökningen är okänd.

        Kronor per invånare räknas på rikets summor utan kommunens egen avvikelse (``su_riket_bas``,
        ``n_riket_bas``): beloppet per skattekrona är detsamma för alla kommuner (5 §), även med
        ``justera_riket``.
        """
        t = inkomstar
        g1, g2 = self.okning(t - 1), self.okning(t)
        if g1 is None or g2 is None:
            self._anmark(f"Slutavräkning {t}: rikets skatteunderlagsökning okänd, utfallet antas bli som uppräkningsfaktorerna (0).")
            return 0.0
        if self.skattesats(t) is None:
            return np.nan
        kr_inv = slutavrakning_per_invanare(self.su_riket_bas(t), self.n_riket_bas(t), self.upprakning(t), g1, g2,
                                            self.skattesats(t))
        return float(kr_inv) * self.n_kommun(t)

    def slutavrakning_aret_innan(self, ar: int, budgetar: int) -> float:
        """Ny beräkning av slutavräkningen för inkomstår ``ar`` − 1 minus det bokförda (6 §).

        Utan ``bokford_slutavrakning``: planår ger 0 (planen bokför sin egen beräkning året innan); budgetåret
        och tidigare år är "ej angivet" (NaN), eftersom förra bokslutets belopp inte är känt.
        """
        bokford = _hamta(self.u["bokford_slutavrakning"], ar - 1)
        if bokford is None:
            if ar <= budgetar:
                self.kallor[(SLUTAVR_FG, ar)] = "ej angivet (bokförd slutavräkning för inkomstår " + str(ar - 1) + ")"
                return np.nan
            self.kallor[(SLUTAVR_FG, ar)] = "0: planen bokför sin egen beräkning året innan"
            return 0.0
        self.kallor[(SLUTAVR_FG, ar)] = "ny beräkning (5 §) − användarens bokförda belopp"
        return self.slutavrakning(ar - 1) - bokford

    def inkomstutjamning(self, ar: int, extra_underlag: float = 0.0, extra_invanare: int = 0) -> tuple[float, dict]:
        """Beloppet (kr) och hela raden (dict) ur ``inkomstutjamning``; ``extra_*`` läggs till kommunen och riket
        (``extra_underlag`` i uppräknat skatteunderlag, kr), för marginalintäkten.

        Efter sista året med beslutade parametrar används det årets regler (oförändrad lag) och den
        uppräkning som prognosen ger: underlaget skalas med F_t / F_lag, vilket är exakt eftersom F
        multiplicerar både kommunens och rikets underlag.
        """
        faktorer = self.p["upprakningsfaktorer.faktorer"]
        ar_lag = ar if faktorer.har(ar) else max(a for a in faktorer.varden if a <= ar)
        skala = self.upprakning(ar) / self.upprakning_lag(ar_lag)
        extra = extra_underlag / self.upprakning(ar)
        riket = {"skatteunderlag": (self.su_riket(ar) + extra) * skala, "folkmangd": self.n_riket(ar) + extra_invanare}
        rad = inkomstutjamning_kommun(self.kod, ar_lag, (self.su_kommun(ar) + extra) * skala,  # snabb väg, samma tal
                                      self.n_kommun(ar) + extra_invanare, riket, niva=self.niva, reform=self.reform)
        if ar_lag != ar:
            self._anmark(f"Inkomstutjämning {ar}: reglerna för {ar_lag} (senast beslutade) används.")
        return float(rad["belopp"]), rad

    def kr_per_inv_del(self, namn: str, ar: int):
        """En del i kr/inv: användare > (regleringspost: prognos) > SCB-data > senast kända år hålls."""
        return self._minne(("kr/inv", namn, ar), lambda: self._kr_per_inv_del(namn, ar))

    def _kr_per_inv_del(self, namn: str, ar: int):
        rad = _KR_PER_INV[namn]
        v = _hamta(self.u[namn], ar)
        if v is not None:
            self.kallor[(rad, ar)] = "användarens värde (kr/inv)"
            return v
        if namn == "regleringspost" and self.niva == "kommun":
            v, kalla_ = self._hamtat(namn, ar) or (_regleringspost_data(ar), "SCB:s utfall (OE0115), riksgemensam kr/inv")
            if v is None:
                v = self.prognos["regleringspost"].get(ar)
                kalla_ = f"prognos {self.prognosnamn}"
        elif namn not in ("lss_utjamning", "regleringspost") and self.niva == "kommun":
            v, kalla_ = self._hamtat(namn, ar) or (self._data(self.kod, namn, ar), "SCB:s utfall (OE0115)")
        if v is not None:
            self.kallor[(rad, ar)] = kalla_
            return v
        self.kallor[(rad, ar)] = "ej angivet"
        if ar <= _golv() or not self._nagot_fore(namn, ar):
            return None
        foreg = self.kr_per_inv_del(namn, ar - 1)
        if foreg is None:
            return None
        if namn == "inforandebidrag":
            if foreg:
                self._anmark(f"Införandebidrag {ar}: inget värde angivet, antas 0 (bidraget trappas ned och upphör).")
            self.kallor[(rad, ar)] = "0 (bidraget trappas ned och upphör)"
            return 0.0
        self._anmark(f"{rad} {ar}: kr/inv från {ar - 1} hålls.")
        self.kallor[(rad, ar)] = "kr/inv från föregående år hålls"
        return foreg

    def _nagot_fore(self, namn: str, ar: int) -> bool:
        """Falskt när delen ``namn`` inte har något värde (användarens, utfall) något år från ``_golv`` till
        ``ar`` − 1: då finns inget att hålla och serien behöver inte sökas bakåt år för år (samma svar, None)."""
        u = self.u[namn]
        ar_med = set(u) if isinstance(u, dict) else None
        if ar_med is None or (namn == "regleringspost" and self.niva == "kommun"):
            return True  # ett tal för alla år, eller regleringsposten (utfall och prognos): sök som förut
        if namn in _KR_PER_INV and namn != "lss_utjamning" and self.niva == "kommun":
            ar_med |= utfallsar(self.kod, namn)
        return any(_golv() <= a < ar for a in ar_med)

    def kr_del(self, namn: str, ar: int):
        """Ett belopp i kr: användarens värde, annars senast angivna år hålls, annars None ("ej angivet")."""
        return self._minne(("kr", namn, ar), lambda: self._kr_del(namn, ar))

    def _kr_del(self, namn: str, ar: int):
        rad = _KR[namn]
        v = _hamta(self.u[namn], ar)
        if v is not None:
            self.kallor[(rad, ar)] = "användarens värde"
            return v
        self.kallor[(rad, ar)] = "ej angivet"
        if ar <= _golv() or not self._nagot_fore(namn, ar):
            return None
        foreg = self.kr_del(namn, ar - 1)
        if foreg is not None:
            self._anmark(f"{rad} {ar}: beloppet från {ar - 1} hålls.")
            self.kallor[(rad, ar)] = "beloppet från föregående år hålls"
        return foreg


def _saknade_kravdata(k: _Kalkyl, ar: int) -> list[str]:
    saknas = []
    if k._kommunserie("folkmangd", ar, False) is None:
        saknas.append(f"folkmangd (invånare 1 november {ar - 1})")
    if k._kommunserie("skatteunderlag", ar, False) is None:
        saknas.append(f"skatteunderlag (SCB, etikett {ar}, kr)")
    return saknas
