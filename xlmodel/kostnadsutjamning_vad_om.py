"""Vad händer med en kommuns (regions) kostnadsutjämning om en variabel ändras? Lag (2004:773) 9–10 §§ och
förordning (2004:881) 5–27 §§ med rikets storheter fasta: samma delmodeller och formler som
``xlmodel.kostnadsutjamning``, räknade för en rad före och efter ändringen."""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .fel import IndataFel
from .kostnad.gemensamma import Aggregat, Kontext, Rader
from .kostnadsutjamning import (DELMODELLER, GRUND, _berakna, _bidrag, _falt, _kolumner, _kontrollera_niva_ar,
                                _lasningar, _tabell)
from .parametrar import parametrar
from .validering import avrunda_krontal, tal


def _pavarkade(andring: Mapping, moduler: Mapping) -> list[str]:
    kanda = set(GRUND)
    for m in moduler.values():
        kanda |= set(m.KOLUMNER) | set(getattr(m, "VALFRIA_KOLUMNER", ()))
    okanda = [v for v in andring if v not in kanda]
    if okanda:
        raise IndataFel(f"andring: okänd variabel {okanda[0]!r}.")
    if "folkmangd" in andring:
        return list(moduler)
    return [n for n, m in moduler.items() if set(andring) & (set(m.KOLUMNER) | set(getattr(m, "VALFRIA_KOLUMNER", ())))]


def kostnadsutjamning_vad_om(
    rad: Mapping | pd.DataFrame,
    ar: int,
    andring: Mapping,
    publicerad: Mapping,
    riket: Mapping,
    niva: str = "kommun",
    reform: str | None = None,
    lasningar: Mapping | None = None,
) -> pd.DataFrame:
    """Vad händer med en kommuns (regions) standardkostnad och bidrag/avgift om en variabel ändras?

    Rikets storheter hålls fasta: ``riket`` med namnen från ``attrs["riket"]`` i en fullständig beräkning
    (recept: ``riket=kostnadsutjamning(indata, ar).attrs["riket"]``; där finns också rikets indata som
    ``lararlon_manad``, ``skatteunderlag_fg`` och ``folkmangd_1nov_fg``, så att ändringar av ``folkmangd``,
    ``folkmangd_1nov`` och eftersläpningens kolumner fungerar). ``rad``: kommunens variabler före ändringen
    (kod och minst de kolumner som de påverkade delmodellerna behöver, samt ``folkmangd``, ``folkmangd_1nov``).
    ``andring``: {kolumn: nytt värde}. ``publicerad``: SCB:s standardkostnad per delmodell (kr/inv).

    Ny standardkostnad = publicerad + (beräknad efter − beräknad före), avrundad; övriga delmodeller oförändrade.

    Utgår man från SCB:s publicerade underlag i stället för ``attrs["riket"]``: de invånarbaserade avdragen
    (``<delmodell>.<del>.avdrag``) tar ut varandra i skillnaden efter − före och sätts till 0 om de saknas
    (``attrs["antagna_noll"]``), utom när ändringen gäller en kolumn som multiplicerar tillägg efter avdrag
    (``AVDRAG_MULTIPLIKATORER``: löneindex för förskola, grundskola, gymnasieskola, äldreomsorg och hälso- och
    sjukvård, 6 f, 7 d, 8 d, 14 f, 25 §§, samt ``index_bemanning_glesbygd``, 24 §); då krävs avdragen för de
    tillägg som kolumnen multiplicerar (t.ex. 6 b–6 e §§ för ``loneindex_forskola``). Övriga storheter ska
    alltid komma ur SCB:s beräkningsunderlag (de påverkade delmodellernas; namn som i ``attrs["riket"]``):
    ``strukturkostnad_medel``; ``<delmodell>.korrigeringsfaktor`` (IFO, äldreomsorg, hälso- och sjukvård,
    kollektivtrafik); ``forskola.kostnad_per_barn_1_5``/``_6_12``, ``grundskola.kostnad_per_barn_6``/``_7_15``/
    ``_modersmal``, ``gymnasieskola.kostnad_per_ungdom``, ``gymnasieskola.kostnad_per_elev_t2``/``_t3`` och
    ``kostnad_per_ungdom_t2``/``_t3`` (8 c §), ``vuxenutbildning.kostnad_per_person_<verksamhet>``,
    ``aldreomsorg.kostnad_per_person_65``; rikets andelar ``forskola.<andel>_riket`` (6 d §) och
    ``vuxenutbildning.andel_sysselsatta_riket`` (13 a §); rikets förändringar
    ``<delmodell>.forandring_….forandring_riket`` (6 g, 7 e, 8 e, 25 c §§);
    ``kollektivtrafik.standardkostnad_lan.<län>``, ``.folkmangd_lan.<län>``, ``.fordelning_summa.<län>``
    (26, 26 a §§); rikets indata ``lararlon_manad``, ``modersmal_sva_larare``, ``modersmal_sva_elever``,
    ``skatteunderlag_fg``, ``folkmangd_1nov_fg``. Saknade storheter ger ett fel som räknar upp alla.

    Returnerar en tabell med raderna delmodellerna, ``strukturkostnad``, ``kr_per_inv``, ``belopp`` och
    kolumnerna ``fore``, ``efter``, ``andring``; ``attrs["beraknad"]`` har de egna oavrundade beräkningarna
    före och efter (jämför ``fore`` med publicerad standardkostnad för att se att indata stämmer).

    Matchar en fullständig omräkning när ändringen är så liten att rikets storheter inte flyttar sig märkbart:
    delmodellerna inom 1 kr/inv för en kommun som är en liten del av riket, ``kr_per_inv`` därutöver inom den
    genomsnittliga strukturkostnadens rörelse (som hålls fast här). För kollektivtrafikens fördelning i
    26 a § 1-länen hålls länets folkmängd och fördelningssumma fast, så en stor kommun i länet, eller en
    ändring av folkmängden där, avviker mer (Dorotea −2 % invånare: 2 kr/inv).
    """
    ar = _kontrollera_niva_ar(niva, ar, reform)
    moduler = DELMODELLER[niva]
    pub = _vad_om_indata(andring, publicerad, riket, moduler)
    fore = pd.DataFrame([dict(rad)]) if isinstance(rad, Mapping) else rad
    if len(fore) != 1:
        raise IndataFel(f"rad: en rad (en kommun/region) krävs, fick {len(fore)}.")
    pavarkade = _pavarkade(andring, moduler)
    valda = {n: moduler[n] for n in pavarkade}
    efter = fore.copy()
    for kolumn, varde in andring.items():
        efter[kolumn] = [tal(varde, f"andring, {kolumn}")]
    (b_fore, p_fore), (b_efter, p_efter), antagna = _fore_och_efter(
        fore, efter, valda, andring, ar, niva, riket, parametrar(reform), _lasningar(lasningar))
    ny = {n: float(avrunda_krontal(pub[n] + b_efter[n] - b_fore[n])) if n in valda else pub[n] for n in moduler}
    sk_medel = tal(riket["strukturkostnad_medel"], "riket, strukturkostnad_medel")
    rader = {n: (pub[n], ny[n]) for n in moduler}
    rader["strukturkostnad"] = sk = (sum(pub.values()), sum(ny.values()))
    bidrag = _bidrag(np.array(sk), sk_medel, np.array([p_fore, p_efter]))
    rader["kr_per_inv"], rader["belopp"] = (tuple(bidrag[c].tolist()) for c in ("kr_per_inv", "belopp"))
    ut = pd.DataFrame.from_dict(rader, orient="index", columns=["fore", "efter"])
    ut["andring"] = ut["efter"] - ut["fore"]
    ut.attrs.update({"ar": ar, "niva": niva, "pavarkade": pavarkade, "antagna_noll": list(dict.fromkeys(antagna)),
                     "beraknad": {n: (b_fore[n], b_efter[n]) for n in valda}})
    return ut


def _vad_om_indata(andring, publicerad, riket, moduler: Mapping) -> dict[str, float]:
    """Kontrollera vad-om-lägets indata; SCB:s publicerade standardkostnad per delmodell som tal."""
    if not isinstance(andring, Mapping) or not andring:
        raise IndataFel("andring: ange minst en variabel och dess nya värde, t.ex. {'ohalsotal': 25.0}.")
    if not isinstance(riket, Mapping) or "strukturkostnad_medel" not in riket:
        raise IndataFel("riket: ange rikets storheter, minst 'strukturkostnad_medel' (genomsnittlig strukturkostnad).")
    if not isinstance(publicerad, Mapping):
        raise IndataFel("publicerad: ange standardkostnaden per delmodell som en dict.")
    saknas = [n for n in moduler if n not in publicerad]
    if saknas:
        raise IndataFel(f"publicerad: standardkostnad saknas för {', '.join(saknas)}.")
    return {n: tal(publicerad[n], f"publicerad, {n}") for n in moduler}


def _fore_och_efter(fore, efter, valda: Mapping, andring: Mapping, ar: int, niva: str, riket: Mapping, p,
                    las: Mapping) -> tuple:
    """De påverkade delmodellernas oavrundade standardkostnad och invånarna 1 november före och efter ändringen,
    med rikets storheter fasta (strikt); avdrag som tar ut varandra sätts till 0 (``antagna``)."""
    kraver_avdrag = {f"{del_}.avdrag" for m in valda.values()
                     for kolumn, delar in getattr(m, "AVDRAG_MULTIPLIKATORER", {}).items() if kolumn in andring
                     for del_ in delar}

    def noll_om_saknas(namn: str) -> bool:
        return namn.endswith(".avdrag") and namn not in kraver_avdrag

    resultat, antagna = [], []
    for etikett, tabell in (("fore", fore), ("efter", efter)):
        kontrollerat, radata = _tabell(tabell, _kolumner(tuple(valda.values())), niva, f"rad ({etikett})")
        d = Rader(*kontrollerat, niva)
        k = Kontext(ar=ar, p=p, agg=Aggregat(riket, strikt=True, noll_om_saknas=noll_om_saknas),
                    N=d["folkmangd"], riket=riket, lasningar=las, niva=niva, radata=radata)
        beraknat = _berakna(d, k, valda)
        k.agg.kontrollera()
        antagna += k.agg.antagna
        resultat.append(({n: float(_falt(sum(v.values()), 1)[0]) for n, v in beraknat.items()},
                         float(d.falt("folkmangd_1nov")[0])))
    return resultat[0], resultat[1], antagna
