"""Hämta färska data från SCB (PxWebApi v2) och Kolada (API v3) till cachen (``kallor.cache``).

Tabellerna (``SCB_TABELLER``, ``KOLADA_NYCKELTAL``) är data, inte kod: en tabell beskrivs av sitt id, de
dimensioner den ska ha och hur innehållskoderna blir kolumner; en och samma JSON-stat2-läsare
(``kallor.jsonstat``) läser alla svar.

* SCB: ``GET {bas}/tables/{id}/metadata?lang=sv`` ger tabellens dimensioner; ``POST {bas}/tables/{id}/data?
  lang=sv&outputFormat=json-stat2`` med ``{"selection": [{"variableCode", "valueCodes"}, …]}`` ger datat. Högst
  150 000 celler per anrop (urvalet delas: den största variabeln halveras tills varje del ryms) och högst 30 anrop
  per 10 s (klienten väntar själv). Källa: SCB:s ``/config`` och användarguide, se
  ``../shared/reference/scb_api/README.md``.
* Kolada: ``GET {bas}/data/kpi/{kpi}/year/{år,…}`` (eller ``/municipality/{kod}/year/…``), svar
  ``{"values": [{"kpi", "municipality", "period", "values": [{"gender": "T", "value"}]}], "next_page"|"next_url"}``.
  v3-sökvägarna är inte bekräftade i Koladas egen dokumentation (den beskriver v2 med samma form); de följer
  offentliga klienter som använder ``https://api.kolada.se/v3/data/kpi/<kpi>/year/<år>``. Bas-adressen går att
  byta (``XLMODEL_KOLADA_URL``, t.ex. till ``…/v2``).

HTTP via ``requests``: tidsgräns per anrop, nya försök med växande väntan vid 429 och 5xx (``Retry-After``
respekteras), och ett fel på svenska (``HamtningsFel``) när försöken är slut, när svaret inte är giltig JSON
eller när en tabell har ändrat form. Nås servern inte alls blir felet ``Oatkomlig`` (då används cachen).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections import deque
from dataclasses import dataclass, field

import pandas as pd

from ..fel import HamtningsFel, XlmodelFel
from . import cache, jsonstat

SCB_URL = "https://statistikdatabasen.scb.se/api/v2"
KOLADA_URL = "https://api.kolada.se/v3"
MAX_CELLER = 150_000
ANROP_PER_FONSTER, FONSTER_S = 30, 10.0


class Oatkomlig(HamtningsFel):
    """Servern gick inte att nå (ingen nätanslutning, fel adress, servern nere)."""


# ------------------------------------------------------------------------------------------------ HTTP-klienten


class Klient:
    """En HTTP-klient med tidsgräns, nya försök vid 429/5xx och SCB:s anropskvot (30 anrop per 10 s)."""

    def __init__(self, scb_url: str | None = None, kolada_url: str | None = None, *, tidsgrans: float = 30.0,
                 forsok: int = 4, vila: float = 1.0, max_celler: int = MAX_CELLER):
        import requests

        self.scb_url = (scb_url or os.environ.get("XLMODEL_SCB_URL") or SCB_URL).rstrip("/")
        self.kolada_url = (kolada_url or os.environ.get("XLMODEL_KOLADA_URL") or KOLADA_URL).rstrip("/")
        self.tidsgrans, self.forsok, self.vila, self.max_celler = tidsgrans, forsok, vila, max_celler
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "xlmodel (kommunalekonomisk utjämning)"
        self._anrop: deque[float] = deque()
        self.antal_anrop = 0

    def _kvot(self) -> None:
        """Vänta tills ett anrop till ryms i SCB:s fönster (30 anrop per 10 s per IP-adress)."""
        nu = time.monotonic()
        while self._anrop and nu - self._anrop[0] >= FONSTER_S:
            self._anrop.popleft()
        if len(self._anrop) >= ANROP_PER_FONSTER:
            time.sleep(FONSTER_S - (nu - self._anrop[0]))
        self._anrop.append(time.monotonic())

    def json(self, metod: str, url: str, **kw):
        """Anropa ``url`` och returnera svaret som JSON; fel blir ``HamtningsFel`` på svenska."""
        import requests

        vad = "SCB" if url.startswith(self.scb_url) else "Kolada"
        senast = ""
        for i in range(self.forsok):
            if i:
                time.sleep(self._vantan)
            self._kvot()
            self.antal_anrop += 1
            self._vantan = self.vila * 2 ** i
            try:
                svar = self.session.request(metod, url, timeout=self.tidsgrans, **kw)
                svar.content  # hela kroppen nu: ett avbrott mitt i svaret blir ett fel här
            except requests.ConnectionError as e:  # även ConnectTimeout
                if not _avbruten(e):
                    raise Oatkomlig(f"{vad} gick inte att nå ({url}): ingen nätanslutning eller servern är nere.") from None
                senast = "avbröt anslutningen mitt i svaret"
                continue
            except requests.Timeout:
                senast = f"svarade inte inom {self.tidsgrans:g} s"
                continue
            except requests.RequestException as e:
                senast = f"gav ett fel i överföringen ({type(e).__name__})"
                continue
            if svar.status_code == 429 or svar.status_code >= 500:
                senast = ("svarade 429 (för många anrop)" if svar.status_code == 429
                          else f"svarade med serverfel {svar.status_code}")
                vanta = svar.headers.get("Retry-After", "")
                if vanta.isdigit():
                    self._vantan = max(self._vantan, min(float(vanta), 60.0))
                continue
            if svar.status_code >= 400:
                raise HamtningsFel(f"{vad} avvisade frågan ({svar.status_code}) för {url}: {svar.text[:200].strip()}")
            try:
                return svar.json()
            except ValueError:
                raise HamtningsFel(f"{vad} skickade ett trasigt svar (inte giltig JSON, {len(svar.content)} byte) för {url}.") from None
        raise HamtningsFel(f"{vad} {senast} för {url} efter {self.forsok} försök; försök igen senare.")

    # ---------------------------------------------------------------------------------------------- SCB

    def scb_metadata(self, tabell: str) -> list[jsonstat.Dimension]:
        ds = self.json("GET", f"{self.scb_url}/tables/{tabell}/metadata", params={"lang": "sv"})
        try:
            return jsonstat.dimensioner(ds)
        except XlmodelFel as e:
            raise HamtningsFel(f"SCB:s metadata för {tabell}: {e}") from None

    def scb_data(self, tabell: str, urval: dict[str, list[str]]) -> pd.DataFrame:
        """Datat för ``urval`` ({variabel: [koder]}) i en lång tabell (se ``jsonstat.las``), delat i anrop om
        högst ``max_celler`` celler."""
        delar, uppdaterad = [], None
        for del_ in dela_urval(urval, self.max_celler):
            body = {"selection": [{"variableCode": k, "valueCodes": v} for k, v in sorted(del_.items())]}
            ds = self.json("POST", f"{self.scb_url}/tables/{tabell}/data",
                           params={"lang": "sv", "outputFormat": "json-stat2"}, json=body)
            try:
                df = jsonstat.las(ds)
            except XlmodelFel as e:
                raise HamtningsFel(f"SCB:s svar för {tabell}: {e}") from None
            uppdaterad = max(filter(None, [uppdaterad, df.attrs.get("uppdaterad")]), default=None)
            delar.append(df)
        ut = pd.concat(delar, ignore_index=True)
        ut.attrs["uppdaterad"] = uppdaterad
        return ut

    def scb_sok(self, fraga: str) -> list[dict]:
        svar = self.json("GET", f"{self.scb_url}/tables", params={"query": fraga, "lang": "sv"})
        return list(svar.get("tables", [])) if isinstance(svar, dict) else []

    # ---------------------------------------------------------------------------------------------- Kolada

    def kolada_data(self, kpi: str, ar: list[int], kommun: str | None = None) -> list[dict]:
        """Alla dataobjekt för ``kpi`` och åren ``ar`` (sidorna följs via ``next_page``/``next_url``)."""
        url = f"{self.kolada_url}/data/kpi/{kpi}" + (f"/municipality/{kommun}" if kommun else "") + \
              f"/year/{','.join(str(a) for a in ar)}"
        ut = []
        while url:
            svar = self.json("GET", url)
            if not isinstance(svar, dict) or not isinstance(svar.get("values"), list):
                raise HamtningsFel(f"Koladas svar för {kpi} saknar 'values' ({url}).")
            ut += svar["values"]
            url = svar.get("next_page") or svar.get("next_url")
        return ut


def _avbruten(e) -> bool:
    """Sant om anslutningen kom till stånd men bröts under svaret (urllib3 ProtocolError), inte om servern inte nåddes."""
    from urllib3.exceptions import ProtocolError

    return any(isinstance(a, ProtocolError) for a in getattr(e, "args", ()))


def dela_urval(urval: dict[str, list[str]], max_celler: int) -> list[dict[str, list[str]]]:
    """Dela ``urval`` så att varje del har högst ``max_celler`` celler: halvera den största variabeln."""
    celler = 1
    for v in urval.values():
        celler *= len(v)
    if celler <= max_celler or all(len(v) <= 1 for v in urval.values()):
        return [urval]
    storst = max(urval, key=lambda k: len(urval[k]))
    mitt = len(urval[storst]) // 2
    return [d for halva in (urval[storst][:mitt], urval[storst][mitt:])
            for d in dela_urval({**urval, storst: halva}, max_celler)]


# ------------------------------------------------------------------------------------------------ tabellerna


@dataclass(frozen=True)
class ScbTabell:
    """En SCB-tabell: id (eller en sökfråga när id:t inte är känt), väntade dimensioner och innehåll → kolumn.

    ``innehall`` mappar en innehållskod, eller början av dess svenska etikett (gemener), till en kolumn.
    ``manad``: för månadstabeller vilken månad som väljs (``M10``: folkmängden vid oktobers utgång = 1 november);
    året i ``ar`` blir då månadens år + 1 (utjämningsåret). ``summera``: dimensioner som summeras om de saknar
    en totalkod."""

    namn: str
    tabell: str
    dimensioner: tuple[str, ...]
    innehall: dict[str, str]
    beskrivning: str
    sok: str = ""
    manad: str = ""
    summera: tuple[str, ...] = ()


SCB_TABELLER = (
    ScbTabell("scb_skatteunderlag", "TAB3600", ("Region", "ContentsCode", "Tid"),
              {"OE0101A5": "skatteunderlag", "OE0101A0": "skattekraft"},
              "skatteunderlag (kr) och skattekraft (kr/inv) per kommun och utjämningsår"),
    ScbTabell("scb_skattesats", "TAB2017", ("Region", "ContentsCode", "Tid"),
              {"OE0101D1": "skattesats_total", "OE0101D2": "skattesats_kommun", "OE0101D3": "skattesats_region"},
              "kommunal skattesats (procent) per kommun och år, beslutad i december året före"),
    # Folkmängd per månad: TAB5444 (2000M01–2024M12, per ålder och kön) och TAB6471 (2025M01–, CKM-tabell).
    ScbTabell("scb_folkmangd_1nov", "TAB5444", ("Region", "Alder", "Kon", "ContentsCode", "Tid"),
              {"000003O5": "folkmangd_1nov"}, "folkmängd 1 november året före utjämningsåret (månadstabell)",
              manad="M10", summera=("Alder", "Kon")),
    ScbTabell("scb_folkmangd_1nov", "TAB6471", ("Region", "Alder", "Kon", "ContentsCode", "Tid"),
              {"000007SF": "folkmangd_1nov"}, "folkmängd 1 november året före utjämningsåret (månadstabell från 2025)",
              manad="M10", summera=("Alder", "Kon")),
    # OE0115 KomEkUtj: v2-id:t är inte känt här; det slås upp med SCB:s tabellsökning.
    ScbTabell("scb_utjamning", "", ("Region", "ContentsCode", "Tid"),
              {"inkomstutjämning": "inkomstutjamning", "kostnadsutjämning": "kostnadsutjamning",
               "strukturbidrag": "strukturbidrag", "införandebidrag": "inforandebidrag",
               "regleringsbidrag": "regleringspost", "kommunalekonomisk utjämning, utfall kr": "summa_kr_per_inv",
               "kommunalekonomisk utjämning, utfall, tkr": "summa_tkr"},
              "SCB:s utfall av kommunalekonomisk utjämning per kommun och del (kr/inv, tkr)",
              sok="Kommunalekonomisk utjämning"),
)

# Kolada-nyckeltalen ur ``../shared/reference/notes/data.md`` §2.2 (kommun, kr/inv 1 nov året före).
KOLADA_NYCKELTAL = {
    "N00011": "inkomstutjamning", "N00012": "kostnadsutjamning", "N00014": "regleringspost",
    "N00016": "utjamningssystemet", "N00018": "inforandebidrag", "N00019": "strukturbidrag",
    "N03064": "lss_utjamning_resultatrakning", "N03065": "lss_utjamning",
}
EJ_I_KOLADA = ("kommunal fastighetsavgift: inget nyckeltal i Koladas katalog (2026); ange den med "
               "--fastighetsavgift eller i Indata")


def _tabellid(klient: Klient, spec: ScbTabell) -> tuple[str, str]:
    """(id, titel) för ``spec``; ett okänt id slås upp med SCB:s tabellsökning (första titel som börjar med frågan)."""
    if spec.tabell:
        return spec.tabell, ""
    traffar = [t for t in klient.scb_sok(spec.sok) if str(t.get("label", "")).lower().startswith(spec.sok.lower())]
    # helst tabellen för kommuner (inte bara regioner), och den senast uppdaterade
    traffar.sort(key=lambda t: ("kommuner" in str(t.get("label", "")).lower(), str(t.get("updated", ""))), reverse=True)
    if traffar:
        return str(traffar[0]["id"]), str(traffar[0].get("label", ""))
    raise HamtningsFel(f"SCB:s tabellsökning hittade ingen tabell som heter \"{spec.sok} …\".")


def _kod_for(dim: jsonstat.Dimension, nyckel: str) -> str | None:
    """Innehållskoden som ``nyckel`` avser: koden själv eller den första vars etikett börjar med ``nyckel``."""
    if nyckel in dim.koder:
        return nyckel
    return next((k for k, e in zip(dim.koder, dim.etiketter) if e.lower().startswith(nyckel)), None)


def _total_eller_delar(dim: jsonstat.Dimension) -> list[str]:
    """Totalkoden om dimensionen har en ("tot", "TotSA", etikett "totalt …"), annars delarna att summera: bara
    ettårsklasser/enkla koder ("0", "1", …, "100+") när sådana finns, så att åldersgrupper inte räknas två gånger."""
    tot = next((k for k, e in zip(dim.koder, dim.etiketter)
                if k.lower() in ("tot", "totsa", "tot1") or e.lower().startswith(("totalt", "total"))), None)
    if tot:
        return [tot]
    enkla = [k for k in dim.koder if re.fullmatch(r"\d+\+?", k)]
    return enkla or list(dim.koder)


def hamta_scb(klient: Klient, spec: ScbTabell, ar: list[int] | None, kommuner: list[str]) -> tuple[pd.DataFrame, dict]:
    """Hämta en SCB-tabell: (lång tabell ``kommunkod``, ``ar`` + spec:ens kolumner, proveniens)."""
    tabell, titel = _tabellid(klient, spec)
    dims = {d.id: d for d in klient.scb_metadata(tabell)}
    if set(dims) != set(spec.dimensioner):
        raise HamtningsFel(f"SCB-tabellen {tabell} har ändrat form: väntade dimensionerna {', '.join(spec.dimensioner)}, "
                           f"fick {', '.join(dims)}. xlmodel behöver uppdateras; cachen är orörd.")
    innehall = {k: kol for n, kol in spec.innehall.items() if (k := _kod_for(dims["ContentsCode"], n))}
    if not innehall:
        raise HamtningsFel(f"SCB-tabellen {tabell} har ändrat form: inget av innehållen {', '.join(spec.innehall)} finns.")
    urval = {"ContentsCode": list(innehall), "Region": [k for k in dims["Region"].koder if k in set(kommuner) | {"00"}]}
    tid = dims["Tid"].koder
    if spec.manad:
        tid = [t for t in tid if t.endswith(spec.manad) and (ar is None or int(t[:4]) + 1 in ar)]
    elif ar is not None:
        tid = [t for t in tid if t.isdigit() and int(t) in ar]
    if not tid:
        return pd.DataFrame(), {}
    urval["Tid"] = tid
    for d in spec.summera:
        urval[d] = _total_eller_delar(dims[d])
    df = klient.scb_data(tabell, urval)
    df["ar"] = df["Tid"].str[:4].astype(int) + (1 if spec.manad else 0)
    df["kolumn"] = df["ContentsCode"].map(innehall)
    bred = df.pivot_table(index=["Region", "ar"], columns="kolumn", values="varde", aggfunc="sum", min_count=1, dropna=False)
    bred = bred.reset_index().rename(columns={"Region": "kommunkod"})
    bred.columns.name = None
    kalla = {"utgivare": "SCB", "tabell": tabell, "titel": titel or df.attrs.get("titel") or spec.beskrivning,
             "kalla": f"{klient.scb_url}/tables/{tabell}/data?lang=sv&outputFormat=json-stat2",
             "uppdaterad": df.attrs.get("uppdaterad"), "hamtad": _nu(), "beskrivning": spec.beskrivning}
    return bred, kalla


def hamta_kolada(klient: Klient, ar: list[int], kommun: str | None) -> tuple[pd.DataFrame, dict]:
    """Koladas utjämningsnyckeltal (totalen, gender "T") som en tabell ``kommunkod``, ``ar`` + ett nyckeltal per
    kolumn; bara kommunerna (Koladas regioner 0001–0025 och riket 0000 tas bort)."""
    from .referensdata import kommunkoder

    rader = []
    for kpi, kol in KOLADA_NYCKELTAL.items():
        for obj in klient.kolada_data(kpi, ar, kommun):
            v = next((x.get("value") for x in obj.get("values", []) if x.get("gender") == "T"), None)
            try:
                rad = {"kommunkod": str(obj["municipality"]), "ar": int(obj["period"]), "kolumn": kol,
                       "varde": None if v is None else float(v)}
            except (KeyError, TypeError, ValueError):
                raise HamtningsFel(f"Koladas svar för {kpi} har ett dataobjekt utan municipality/period eller med ett icke-tal.") from None
            if rad["kommunkod"] in kommunkoder():
                rader.append(rad)
    if not rader:
        return pd.DataFrame(), {}
    df = pd.DataFrame(rader)
    bred = df.pivot_table(index=["kommunkod", "ar"], columns="kolumn", values="varde", aggfunc="first", dropna=False).reset_index()
    bred.columns.name = None
    kalla = {"utgivare": "Kolada", "tabell": ",".join(KOLADA_NYCKELTAL), "titel": "Koladas nyckeltal för utjämning",
             "kalla": f"{klient.kolada_url}/data/kpi/{{kpi}}/year/{','.join(str(a) for a in ar)}",
             "uppdaterad": None, "hamtad": _nu(), "beskrivning": "utjämningens delar och LSS-utjämning kr/inv (Kolada)"}
    return bred, kalla


def _nu() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


# ------------------------------------------------------------------------------------------------ hela hämtningen


@dataclass
class Resultat:
    """Utfallet per cachetabell: ``sparade`` {namn: text}, ``cachen`` {namn: text} (offline), ``fel`` {namn: text};
    ``oatkomliga`` {utgivare: text} för de servrar som inte gick att nå."""

    sparade: dict[str, str] = field(default_factory=dict)
    oatkomliga: dict[str, str] = field(default_factory=dict)
    cachen: dict[str, str] = field(default_factory=dict)
    fel: dict[str, str] = field(default_factory=dict)
    anmarkningar: list[str] = field(default_factory=list)


def hamta(ar: list[int] | None = None, kommun: str | None = None, klient: Klient | None = None,
          kallor: tuple[str, ...] = ("scb", "kolada")) -> Resultat:
    """Hämta alla tabeller till cachen. Varje tabell sparas för sig (atomiskt); ett fel i en tabell lämnar dess
    cache orörd och hindrar inte de andra. Nås servern inte står det i ``cachen`` vad cachen har i stället."""
    from .referensdata import kommunkoder

    klient = klient or Klient()
    kommuner = [kommun] if kommun else sorted(kommunkoder())
    res = Resultat()
    jobb = [("SCB", s.namn, lambda s=s: hamta_scb(klient, s, ar, kommuner)) for s in SCB_TABELLER if "scb" in kallor]
    if "kolada" in kallor:
        kolada_ar = ar or list(range(dt.date.today().year - 5, dt.date.today().year + 2))
        jobb.append(("Kolada", "kolada_utjamning", lambda: hamta_kolada(klient, kolada_ar, kommun)))
        res.anmarkningar.append(EJ_I_KOLADA)
    nya: dict[str, list] = {}
    for utgivare, namn, kor in jobb:
        if namn in res.fel:
            continue
        try:
            if utgivare in res.oatkomliga:
                raise Oatkomlig(res.oatkomliga[utgivare])
            df, kalla = kor()
        except Oatkomlig as e:
            res.oatkomliga.setdefault(utgivare, str(e))
            gammal = cache.las(namn)
            res.cachen[namn] = f"cachen används: {gammal.beskriv()}" if gammal else "ingen cache: medföljande data används"
            nya.pop(namn, None)
            continue
        except HamtningsFel as e:
            res.fel[namn] = str(e)
            nya.pop(namn, None)
            continue
        if not df.empty:
            nya.setdefault(namn, []).append((df, kalla))
    for namn, delar in nya.items():
        if namn in res.fel or namn in res.cachen:
            continue
        for df, kalla in delar:  # senare tabell (t.ex. TAB6471 efter TAB5444) vinner för samma år
            h = cache.spara(namn, df, kalla)
        res.sparade[namn] = f"{', '.join(k['tabell'] for _, k in delar)}: {len(h.data)} rader, år " \
                            f"{_spann(a for df, _ in delar for a in df['ar'])} (uppdaterad {_uppd(delar)})"
    for utgivare, namn in dict.fromkeys((u, n) for u, n, _ in jobb):
        if namn not in res.sparade and namn not in res.fel and namn not in res.cachen:
            res.anmarkningar.append(f"{namn}: {utgivare} har inga data för "
                                    f"{'år ' + _spann(ar) if ar else 'de begärda åren'}; cachen är orörd")
    if res.sparade:
        glom_laddade()
    return res


def glom_laddade() -> None:
    """Töm de medföljande laddarnas minne (``kallor.scb``: lru_cache) så att nyss hämtade tabeller syns."""
    from . import scb

    for f in vars(scb).values():
        if callable(getattr(f, "cache_clear", None)):
            f.cache_clear()


def _spann(ar) -> str:
    ar = sorted(set(ar))
    return f"{ar[0]}–{ar[-1]}" if len(ar) > 1 else str(ar[0])


def _uppd(delar) -> str:
    return ", ".join(str(k.get("uppdaterad") or "okänd")[:10] for _, k in delar)
