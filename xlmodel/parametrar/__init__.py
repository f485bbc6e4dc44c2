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
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..fel import ParameterFel

_META_KEYS = {"description", "metadata", "values", "reference", "note"}


@dataclass
class Parameter:
    """Ett årsversionerat värde med källa per år."""

    namn: str
    beskrivning: str
    varden: dict[int, tuple[Any, str]]
    metadata: dict = field(default_factory=dict)

    def _ar(self, ar: int) -> int:
        try:
            ar = int(ar)
        except (TypeError, ValueError):
            raise ParameterFel(f"Ogiltigt utjämningsår {ar!r} för parametern {self.namn}.") from None
        ar_med_varde = sorted(self.varden)
        tom = self.metadata.get("giltig_tom")
        if not ar_med_varde or ar < ar_med_varde[0] or (tom is not None and ar > int(tom)):
            spann = f"{ar_med_varde[0]}–{tom if tom is not None else '…'}" if ar_med_varde else "inga år"
            raise ParameterFel(
                f"Parametern {self.namn} saknar värde för utjämningsår {ar} (värden finns för {spann})."
            )
        return max(a for a in ar_med_varde if a <= ar)

    def __call__(self, ar: int) -> Any:
        return copy.deepcopy(self.varden[self._ar(ar)][0])

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


def _las_yaml(mapp: str, namn: str) -> dict:
    with _mapp(mapp).joinpath(namn).open(encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


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




def _las_overlagg(reform: str, _kedja: tuple = ()) -> dict:
    """Ett reformöverlägg: namnet på en fil under ``reformer/`` eller sökvägen till en egen YAML-fil i samma
    format (t.ex. ett utjämningsårs bilaga som ännu inte finns i paketet: ``reform="egna/bilaga_2026.yaml"``).

    ``om_reformen.grund: <annat överlägg>`` gör överlägget till en variant: grundens värden läses först och
    variantens läggs ovanpå (t.ex. ett annat antagande om en enda parameter, utan att kopiera resten)."""
    if reform in _kedja:
        raise ParameterFel(f"Reformen {reform}: grund pekar i en cirkel ({' → '.join((*_kedja, reform))}).")
    innehall = _las_overlaggsfil(reform)
    grund = (innehall.get("om_reformen") or {}).get("grund")
    if not grund:
        return innehall
    return _overlagg_pa_overlagg(_las_overlagg(str(grund), (*_kedja, reform)), innehall)


def _overlagg_pa_overlagg(bas: dict, ovanpå: dict) -> dict:
    """Två överlägg ihop: per år i ``values``; ``om_reformen`` nyckel för nyckel och övrig metadata från ``ovanpå``."""
    ut = dict(bas)
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


def _las_overlaggsfil(reform: str) -> dict:
    if reform in reformer():
        return _las_yaml("reformer", reform + ".yaml")
    fil = Path(reform)
    if fil.suffix in (".yaml", ".yml"):
        if not fil.is_file():
            raise ParameterFel(f"Överläggsfilen {reform} finns inte.")
        with fil.open(encoding="utf-8") as f:
            innehall = yaml.safe_load(f) or {}
        if not isinstance(innehall, dict):
            raise ParameterFel(f"Överläggsfilen {reform}: ska vara en YAML-tabell med parametrar.")
        return innehall
    raise ParameterFel(f"Okänd reform {reform!r}. Tillgängliga: {', '.join(reformer())}, eller sökvägen till en egen .yaml-fil.")


def om_reform(reform: str) -> dict:
    """Överläggets beskrivning (``om_reformen``: namn, status, antagande, vad som ändrats) och ``forsta_ar``, det
    första utjämningsår då överlägget har något värde (``None`` om det inte har några)."""
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


def reform_antagande(reform: str) -> str:
    """En rad som namnger överlägget och dess antagande, för utdata: "<namn> (<reform>): <antagande>"."""
    om = om_reform(reform)
    text = " ".join(str(om.get("antagande") or "inget namngivet antagande").split())
    return f"{om.get('namn', reform)} ({reform}): {text}"


def kontrollera_reformar(reform: str, ar: int, sista_ar: int | None = None) -> dict:
    """Fel om ``reform`` inte har något värde som gäller något år i ``ar``–``sista_ar`` (standard bara ``ar``): en
    jämförelse skulle då bara kopiera lagen. Ger ``om_reform(reform)``."""
    om = om_reform(reform)
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
    return sorted(p.name[:-5] for p in _mapp("reformer").iterdir() if p.name.endswith(".yaml"))


class Parametrar:
    """Alla parametrar, enligt lag eller med ett reformöverlägg.

    >>> p = Parametrar()
    >>> p["inkomstutjamning.garantiniva.kommun"](2026)
    1.15
    """

    def __init__(self, reform: str | None = None):
        träd: dict = {}
        for fil in _lagfiler():
            for nyckel, varde in _las_yaml("lag", fil).items():
                if nyckel in träd:
                    raise ParameterFel(f"Parametern {nyckel} definieras i flera filer.")
                träd[nyckel] = varde
        self.reform = reform
        if reform:
            overlagg = _las_overlagg(reform)
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


def parametrar(reform: str | None = None) -> Parametrar:
    """Cachad parameteruppsättning (lag, eller lag + reform).

    En egen överläggsfil (sökväg till .yaml/.yml) läses om när den ändrats: filens ändringstid och storlek ingår
    i cachenyckeln, så att en rättad fil inte ger gamla tal i en process som lever kvar (Excels UDF-server).
    """
    nyckel = None
    if isinstance(reform, str) and reform.endswith((".yaml", ".yml")):
        try:
            st = Path(reform).stat()
            nyckel = (str(Path(reform).resolve()), st.st_mtime_ns, st.st_size)
        except OSError:
            nyckel = None  # _las_overlagg ger felet
    return _parametrar(reform, nyckel)


@lru_cache(maxsize=None)
def _parametrar(reform: str | None, _filnyckel) -> Parametrar:
    return Parametrar(reform)
