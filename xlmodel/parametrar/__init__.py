"""Parametrar som data: årsversionerade värden med källa, i stil med OpenFisca/PolicyEngine.

Varje YAML-fil under ``lag/`` beskriver ett träd. En nod med nyckeln ``values`` är en parameter::

    garantiniva:
      description: Procentsats för skatteutjämningsunderlaget
      metadata: {unit: andel, giltig_tom: 2026}
      kommun:
        values:
          2005: {value: 1.15, reference: "Lag (2004:773) 4 § (SFS 2004:773)"}

Ett värde gäller från sitt utjämningsår till nästa angivna år, dock längst till ``giltig_tom`` (ärvs
från föräldernoder). Ett år före första värdet eller efter ``giltig_tom`` ger ett ``ParameterFel`` som
namnger parametern och året. Ett värde kan vara ``null`` för att säga att regeln inte gäller det året.

En reform är en fil under ``reformer/`` med samma trädstruktur; dess värden läggs ovanpå lagens
(``Parametrar(reform="sou_2024_50")``). En reform ändrar bara data, aldrig formler.

``reform=`` kan också vara en tabell parameternamn → värde, utan fil:
``{"inkomstutjamning.garantiniva.kommun": 1.16}``. Värdet gäller för varje år parametern har ett värde i lagen
(en tabell ``{2026: 1.16}`` anger i stället enstaka år); en tabellparameter (länsvisa satser) får en tabell med de
nycklar som ändras. ``{"reform": "sou_2024_50", ...}`` lägger värdena ovanpå en reform. Okända namn och fel typ ger
``ParameterFel`` som i ett överlägg.

YAML tolkas med PyYAML:s C-läsare när den finns; lagens filer läses en gång per process (och sparas tolkade per
dator, ``kallor.tolkat``: en ny process läser dem utan PyYAML), och parameteruppsättningarna cachas efter innehåll
(reformens namn, överläggsfilens text, tabellens värden) i en begränsad LRU-cache (``CACHESTORLEK``), så tusentals
olika scenarier inte får minnet att växa.
"""
from __future__ import annotations

import copy
import difflib
import hashlib
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..fel import IndataFel, ParameterFel
from ..kallor.tolkat import tolkad
from ..minne import Lru, fryst

_META_KEYS = {"description", "metadata", "values", "reference", "note"}
CACHESTORLEK = 64  # antal parameteruppsättningar (lag, reformer, egna tabeller) som hålls i minnet
EGEN_KALLA = "egen parameter (reform=)"


@dataclass
class Parameter:
    """Ett årsversionerat värde med källa per år."""

    namn: str
    beskrivning: str
    varden: dict[int, tuple[Any, str]]
    metadata: dict = field(default_factory=dict)

    @cached_property
    def _aren(self) -> list[int]:
        return sorted(self.varden)

    def _ar(self, ar: int) -> int:
        if isinstance(ar, float) and ar.is_integer():
            ar = int(ar)
        elif isinstance(ar, float):  # 2026,5 är inget år (int() skulle tyst ge 2026)
            raise IndataFel(f"Ogiltigt utjämningsår {ar:g}".replace(".", ",") + ": ett år är ett helt tal (t.ex. 2026).")
        try:
            ar = int(ar)
        except (TypeError, ValueError):
            raise ParameterFel(f"Ogiltigt utjämningsår {ar!r} för parametern {self.namn}.") from None
        ar_med_varde = self._aren
        tom = self.metadata.get("giltig_tom")
        if not ar_med_varde or ar < ar_med_varde[0] or (tom is not None and ar > int(tom)):
            spann = f"{ar_med_varde[0]}–{tom if tom is not None else '…'}" if ar_med_varde else "inga år"
            raise ParameterFel(
                f"Parametern {self.namn} saknar värde för utjämningsår {ar} (värden finns för {spann})."
            )
        for a in reversed(ar_med_varde):
            if a <= ar:
                return a

    def __call__(self, ar: int) -> Any:
        """Värdet år ``ar``. Tal och text delas; en lista eller tabell är en egen kopia (en tabell av tal
        kopieras grunt, bara nästlade tabeller djupt) så att anroparen inte kan ändra parametern."""
        v = self.varden[self._ar(ar)][0]
        if isinstance(v, dict):
            return dict(v) if not any(isinstance(x, (dict, list)) for x in v.values()) else copy.deepcopy(v)
        if isinstance(v, list):
            return list(v) if not any(isinstance(x, (dict, list)) for x in v) else copy.deepcopy(v)
        return v

    def delad(self, ar: int) -> Any:
        """Värdet år ``ar`` utan kopia, för läsning i snabba vägar: får inte ändras."""
        return self.varden[self._ar(ar)][0]

    def referens(self, ar: int) -> str:
        """Källan (SFS-nummer och paragraf, eller 'härledd ur SCB-utfall') för värdet år ``ar``."""
        return self.varden[self._ar(ar)][1]

    def har(self, ar: int) -> bool:
        try:
            self._ar(ar)
        except ParameterFel:
            return False
        return True


def _mapp(namn: str):
    return resources.files(__name__) / namn


def _tolka(text: str) -> Any:
    import yaml  # först här: en medföljande fil som redan är tolkad läses utan PyYAML (``_las_tolkad``)

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _las_yaml(mapp: str, namn: str) -> dict:
    return _las_tolkad(mapp, namn) or {}


@tolkad("parametrar/{0}/{1}", kod=("parametrar/__init__.py",), paket=("yaml",))
def _las_tolkad(mapp: str, namn: str) -> Any:
    """En medföljande YAML-fil tolkad; sparad tolkad per dator (``kallor.tolkat``), så att varje process inte
    läser in PyYAML och tolkar lagens filer igen (issue 15)."""
    return _tolka(_mapp(mapp).joinpath(namn).read_text(encoding="utf-8"))


def _slå_ihop(bas: dict, ovanpå: dict, sökväg: str = "") -> dict:
    """Lägg ``ovanpå`` (en reform) över ``bas``: värden per år ersätts/läggs till, metadata uppdateras."""
    ut = dict(bas)
    for nyckel, varde in ovanpå.items():
        if nyckel == "values":
            if "values" not in bas:
                raise ParameterFel(f"Reformen anger värden för {sökväg}, som inte är en parameter i lagen.")
            ut["values"] = {**bas["values"], **varde}
        elif nyckel == "metadata":
            ut["metadata"] = {**bas.get("metadata", {}), **varde}
        elif nyckel in _META_KEYS:
            ut[nyckel] = varde
        else:
            if nyckel not in bas:
                raise ParameterFel(f"Reformen nämner {sökväg + nyckel}, som inte finns bland lagens parametrar.")
            ut[nyckel] = _slå_ihop(bas[nyckel], varde, sökväg + nyckel + ".")
    return ut


def _bygg(träd: dict, prefix: str, metadata: dict, ut: dict[str, Parameter]) -> None:
    metadata = {**metadata, **(träd.get("metadata") or {})}
    if "values" in träd:
        varden = {}
        for ar, post in träd["values"].items():
            if isinstance(post, dict) and "value" in post:
                varden[int(ar)] = (post["value"], str(post.get("reference", "")))
            else:
                raise ParameterFel(f"Parametern {prefix} år {ar}: värdet måste anges som {{value: ..., reference: ...}}.")
            if not varden[int(ar)][1]:
                raise ParameterFel(f"Parametern {prefix} år {ar} saknar källa (reference).")
        ut[prefix] = Parameter(prefix, str(träd.get("description", "")), varden, metadata)
        return
    for nyckel, barn in träd.items():
        if nyckel in _META_KEYS or not isinstance(barn, dict):
            continue
        _bygg(barn, f"{prefix}.{nyckel}" if prefix else nyckel, metadata, ut)


@lru_cache(maxsize=1)
def _lagtrad() -> dict:
    """Lagens parameterträd, läst en gång per process (får inte ändras: ``_slå_ihop`` kopierar)."""
    träd: dict = {}
    for fil in _lagfiler():
        for nyckel, varde in _las_yaml("lag", fil).items():
            if nyckel in träd:
                raise ParameterFel(f"Parametern {nyckel} definieras i flera filer.")
            träd[nyckel] = varde
    return träd


def _overlagg_text(reform: str) -> str | None:
    """Texten i ett överlägg: en fil under ``reformer/`` (None: läses via namnet) eller en egen YAML-fil."""
    if reform in reformer():
        return None
    fil = Path(reform)
    if fil.suffix in (".yaml", ".yml"):
        if not fil.is_file():
            raise ParameterFel(f"Överläggsfilen {reform} finns inte.")
        return fil.read_text(encoding="utf-8")
    raise ParameterFel(f"Okänd reform {reform!r}. Tillgängliga: {', '.join(reformer())}, eller sökvägen till en egen .yaml-fil.")


def _las_overlagg(reform: str, text: str | None = None, _kedja: tuple = ()) -> dict:
    """Ett reformöverlägg: namnet på en fil under ``reformer/`` eller sökvägen till en egen YAML-fil i samma
    format (t.ex. ett utjämningsårs bilaga som ännu inte finns i paketet: ``reform="egna/bilaga_2026.yaml"``).

    ``om_reformen.grund: <annat överlägg>`` gör överlägget till en variant: grundens värden läses först och
    variantens läggs ovanpå (t.ex. ett annat antagande om en enda parameter, utan att kopiera resten)."""
    if reform in _kedja:
        raise ParameterFel(f"Reformen {reform}: grund pekar i en cirkel ({' → '.join((*_kedja, reform))}).")
    if text is None:
        text = _overlagg_text(reform)
    if text is None:
        innehall = _las_yaml("reformer", reform + ".yaml")
    else:
        import yaml

        try:
            innehall = _tolka(text) or {}
        except yaml.YAMLError as e:
            raise ParameterFel(f"Överläggsfilen {reform}: ogiltig YAML ({str(e).splitlines()[0]}).") from None
        if not isinstance(innehall, dict):
            raise ParameterFel(f"Överläggsfilen {reform}: ska vara en YAML-tabell med parametrar.")
    grund = (innehall.get("om_reformen") or {}).get("grund")
    if not grund:
        return innehall
    return _overlagg_pa_overlagg(_las_overlagg(str(grund), None, (*_kedja, reform)), innehall)


def _overlagg_pa_overlagg(bas: dict, ovanpå: dict) -> dict:
    """Två överlägg ihop: per år i ``values``; ``om_reformen`` nyckel för nyckel och övrig metadata från ``ovanpå``."""
    ut = copy.deepcopy(bas)
    for nyckel, varde in ovanpå.items():
        if nyckel == "values" and isinstance(bas.get("values"), dict):
            ut["values"] = {**bas["values"], **varde}
        elif nyckel == "om_reformen":
            ut[nyckel] = {**(bas.get(nyckel) or {}), **(varde or {})}
        elif isinstance(varde, dict) and isinstance(bas.get(nyckel), dict):
            ut[nyckel] = _overlagg_pa_overlagg(bas[nyckel], varde)
        else:
            ut[nyckel] = varde
    return ut


def om_reform(reform) -> dict:
    """Överläggets beskrivning (``om_reformen``: namn, status, antagande, vad som ändrats) och ``forsta_ar``, det
    första utjämningsår då överlägget har något värde (``None`` om det inte har några). En tabell egna värden
    (``reform={namn: värde}``) gäller varje år: ``forsta_ar`` är då ``None`` och ``alla_ar`` sant."""
    if isinstance(reform, Mapping):
        return {"namn": "egna parametervärden", "antagande": "egna värden (reform={...})", "forsta_ar": None, "alla_ar": True}
    return copy.deepcopy(_om_paketreform(reform)) if reform in reformer() else _om_reform(reform)


@lru_cache(maxsize=None)
def _om_paketreform(reform: str) -> dict:
    return _om_reform(reform)  # paketets överlägg ändras inte under körningen


def _om_reform(reform: str) -> dict:
    innehall = _las_overlagg(reform)
    ar = []

    def samla(nod):
        if isinstance(nod, dict):
            ar.extend(int(a) for a in (nod.get("values") or {}))
            for nyckel, barn in nod.items():
                if nyckel not in _META_KEYS:
                    samla(barn)

    samla({k: v for k, v in innehall.items() if k != "om_reformen"})
    return {**(innehall.get("om_reformen") or {}), "forsta_ar": min(ar) if ar else None}


def reform_antagande(reform) -> str:
    """En rad som namnger överlägget och dess antagande, för utdata: "<namn> (<reform>): <antagande>"."""
    om = om_reform(reform)
    text = " ".join(str(om.get("antagande") or "inget namngivet antagande").split())
    return f"{om.get('namn', reform)} ({reform if isinstance(reform, str) else 'reform={...}'}): {text}"


def kontrollera_reformar(reform, ar: int, sista_ar: int | None = None) -> dict:
    """Fel om ``reform`` inte har något värde som gäller något år i ``ar``–``sista_ar`` (standard bara ``ar``): en
    jämförelse skulle då bara kopiera lagen. Ger ``om_reform(reform)``."""
    om = om_reform(reform)
    if om.get("alla_ar"):
        return om
    sista = int(ar if sista_ar is None else sista_ar)
    if om["forsta_ar"] is None:
        raise ParameterFel(f"Reformen {reform} innehåller inga parametervärden.")
    if sista < om["forsta_ar"]:
        ar_text = f"år {int(ar)}" if sista == int(ar) else f"åren {int(ar)}–{sista}"
        raise ParameterFel(f"Reformen {reform} gäller från utjämningsår {om['forsta_ar']}: {ar_text} har inga "
                           f"reformvärden, så reformen vore bara en kopia av lagen. Välj år {om['forsta_ar']} eller senare.")
    return om


def reformer() -> list[str]:
    """Namnen på tillgängliga reformöverlägg (filer under ``reformer/``)."""
    return _reformer()


@lru_cache(maxsize=1)
def _reformer() -> list[str]:
    return sorted(p.name[:-5] for p in _mapp("reformer").iterdir() if p.name.endswith(".yaml"))


class Parametrar:
    """Alla parametrar, enligt lag, med ett reformöverlägg eller med en tabell egna värden (se modulen).

    >>> p = Parametrar()
    >>> p["inkomstutjamning.garantiniva.kommun"](2026)
    1.15
    >>> Parametrar({"inkomstutjamning.garantiniva.kommun": 1.16})["inkomstutjamning.garantiniva.kommun"](2026)
    1.16
    """

    def __init__(self, reform: str | Mapping | None = None, _text: str | None = None):
        self.reform = reform
        if isinstance(reform, Mapping):
            bas = parametrar(reform.get("reform"))
            self._parametrar = dict(bas._parametrar)
            for namn, varde in reform.items():
                if namn != "reform":
                    self._parametrar[namn] = _egen_parameter(bas, namn, varde)
            return
        if reform is not None and not isinstance(reform, str):
            raise ParameterFel(f"reform: ange namnet på en reform, en .yaml-fil eller en tabell parameternamn → värde "
                               f"(fick {type(reform).__name__}).")
        träd = _lagtrad()
        if reform:
            overlagg = _las_overlagg(reform, _text)
            overlagg.pop("om_reformen", None)
            träd = _slå_ihop(träd, overlagg)
        self._parametrar: dict[str, Parameter] = {}
        _bygg(träd, "", {}, self._parametrar)

    def __getitem__(self, namn: str) -> Parameter:
        try:
            return self._parametrar[namn]
        except KeyError:
            raise ParameterFel(f"Okänd parameter {namn!r}.") from None

    def __contains__(self, namn: str) -> bool:
        return namn in self._parametrar

    def namn(self) -> list[str]:
        return sorted(self._parametrar)

    def varde(self, namn: str, ar: int) -> Any:
        return self[namn](ar)


def _lagfiler() -> list[str]:
    return sorted(p.name for p in _mapp("lag").iterdir() if p.name.endswith(".yaml"))


# ------------------------------------------------------------------------- egna värden: reform={namn: värde}

def _ar_nyckel(k) -> bool:
    return isinstance(k, numbers.Integral) and not isinstance(k, bool) and 1990 <= int(k) <= 2100


def _som(bas: Any, ny: Any, plats: str) -> Any:
    """``ny`` i samma form som lagens värde ``bas`` (tal, lista av tal, tabell av tal); annars ParameterFel."""
    if isinstance(bas, bool) or isinstance(bas, str) or bas is None:
        if type(ny) is not type(bas) and not (bas is None and isinstance(ny, numbers.Real)):
            raise ParameterFel(f"{plats}: väntade {type(bas).__name__}, fick {ny!r}.")
        return ny
    if isinstance(bas, numbers.Real):
        if isinstance(ny, bool) or not isinstance(ny, numbers.Real) or ny != ny or ny in (float("inf"), float("-inf")):
            raise ParameterFel(f"{plats}: {ny!r} är inget ändligt tal.")
        return int(ny) if isinstance(bas, int) and float(ny).is_integer() and isinstance(ny, numbers.Integral) else float(ny)
    if isinstance(bas, list):
        if isinstance(ny, (str, bytes, Mapping)) or not hasattr(ny, "__iter__"):
            raise ParameterFel(f"{plats}: väntade en lista med tal, fick {ny!r}.")
        mall = bas[0] if bas else 0.0
        return [_som(mall, x, f"{plats}[{i}]") for i, x in enumerate(ny)]
    raise ParameterFel(f"{plats}: parametern kan inte ändras med reform= (värdet är {type(bas).__name__}).")


def _egen_parameter(bas: Parametrar, namn, varde) -> Parameter:
    """Parametern ``namn`` med värdet ``varde`` för varje år den har ett värde i ``bas`` (eller per år ur en
    tabell år → värde när lagens värde inte självt är en tabell)."""
    if namn not in bas:
        nara = difflib.get_close_matches(str(namn), bas.namn(), n=3)
        tips = f" Menade du {' eller '.join(nara)}?" if nara else ""
        raise ParameterFel(f"reform: okänd parameter {namn!r}.{tips}")
    gammal = bas[namn]
    plats = f"reform, parametern {namn}"
    senaste = gammal.varden[gammal._aren[-1]][0]
    if isinstance(senaste, dict):
        return Parameter(gammal.namn, gammal.beskrivning, _tabellvarden(gammal, varde, plats), gammal.metadata)
    if isinstance(varde, Mapping) and varde and all(_ar_nyckel(k) for k in varde):
        varden = dict(gammal.varden)
        for ar, x in varde.items():
            mall = gammal.varden[gammal._ar(ar)][0] if gammal.har(ar) else senaste
            varden[int(ar)] = (_som(mall, x, f"{plats} år {ar}"), EGEN_KALLA)
    else:
        varden = {ar: (_som(v, varde, plats) if v is not None else _som(senaste, varde, plats), EGEN_KALLA)
                  for ar, (v, _) in gammal.varden.items()}
    return Parameter(gammal.namn, gammal.beskrivning, varden, gammal.metadata)


def _tabellvarden(gammal: Parameter, ny, plats: str) -> dict:
    """En tabellparameter (t.ex. länskod → sats): nycklarna i ``ny`` ersätts varje år; en nyckel ska finnas
    i lagens tabell något år."""
    if not isinstance(ny, Mapping):
        raise ParameterFel(f"{plats}: väntade en tabell (t.ex. länskod → värde), fick {ny!r}.")
    kanda = {k: v for _, (tabell, _) in sorted(gammal.varden.items()) if isinstance(tabell, dict) for k, v in tabell.items()}
    andrat = {}
    for k, x in ny.items():
        nyckel = k if k in kanda else str(k)
        if nyckel not in kanda:
            raise ParameterFel(f"{plats}: okänd nyckel {k!r} (finns: {', '.join(map(str, kanda))}).")
        andrat[nyckel] = _som(kanda[nyckel], x, f"{plats}[{nyckel}]")
    return {ar: ({**(v or {}), **andrat}, EGEN_KALLA) for ar, (v, _) in gammal.varden.items()}


def parametrar(reform: str | Mapping | None = None) -> Parametrar:
    """Cachad parameteruppsättning (lag, lag + reform, eller lag + egna värden ur en tabell).

    Cachen är en LRU med ``CACHESTORLEK`` platser och nyckeln är innehållet: en egen överläggsfil läses om vid
    varje anrop och cachas efter sin text (en rättad fil ger aldrig gamla tal i en process som lever kvar, som
    Excels UDF-server), en tabell efter sina namn och värden.
    """
    if reform is None or (isinstance(reform, str) and reform in _reformer()):
        return _parametrar(reform, None)
    if isinstance(reform, Mapping):
        return _parametrar_tabell(fryst(reform), reform)
    if isinstance(reform, str):
        text = _overlagg_text(reform)
        return _parametrar_fil(reform, hashlib.sha256(text.encode()).hexdigest(), text)
    return Parametrar(reform)  # ger felet


@lru_cache(maxsize=None)
def _parametrar(reform: str | None, _nyckel) -> Parametrar:
    return Parametrar(reform)  # lagen och de medföljande reformerna: få, läses en gång


_CACHE = Lru(CACHESTORLEK)


def _parametrar_fil(reform: str, digest: str, text: str) -> Parametrar:
    return _CACHE.hamta(("fil", str(Path(reform).resolve()), digest), lambda: Parametrar(reform, _text=text))


def _parametrar_tabell(nyckel, reform: Mapping) -> Parametrar:
    return _CACHE.hamta(("tabell", nyckel), lambda: Parametrar(dict(reform)))
