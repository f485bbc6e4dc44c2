"""Resursfördelningsmodeller: från kommunfullmäktige till nämnderna.

Grundprincipen (seed 001) är "volym multiplicerat med ett ersättningsbelopp per volymenhet". En modell är
data (YAML under ``xlmodel/resurs/modeller/`` eller en dict), inte kod. Två metoder:

* ``niva`` (full nivå, Sjöbo, anchors.md §3.1): belopp_i,t = (1 + påslag_t) × pris_i,t × volym_i,t och
  ramen är Σ_i belopp_i,t.
* ``inkrementell`` (Vara, anchors.md §3.2): ram_t = ram_t−1 × (1 + uppräkning_t) + Σ_i pris_i,t ×
  (volym_i,t − volym_i,t−1).

Modellens nycklar::

    namn_pa_modellen:
      beskrivning: ...
      namnd: Socialnämnden
      metod: niva                 # eller inkrementell
      volym_ar: [-1, 0]           # volymen år t = medel av tabellens värden år t−1 och t ("medel_arsskiften");
                                  # [0] = årets värde ("arsvarde")
      prisenhet: tkr              # kr, tkr eller mnkr per volymenhet
      paslag: {2023: {value: 0.05, reference: ...}}          # gäller från sitt år (valfri, bara niva)
      prisupprakning: {2025: {value: 0.03, reference: ...}}  # PKV; räknar upp pris (och ram) år utan pris
      ram_foregaende: {ar: 2022, value: 1.2e8, reference: ...}  # bara inkrementell (eller argument)
      komponenter:
        80-89 år:
          grupp: 80-89            # gruppnamn i volymtabellen (eller en lista som summeras)
          alder: [80, 89]         # används när volymtabellen är per ettårsålder; [90, null] = 90 och äldre
          pris: {2024: {value: 137.3, reference: ...}}   # eller {indata: "beskrivning"}: anges med priser=
          lss_insats: bv          # valfri: insatsen i LSS-utjämningen (för lss_priser)
      kalla: ...                  # valfri källa; beskrivning och namn är också tillåtna

Andra nycklar (t.ex. en felstavning) ger ParameterFel som namnger nyckeln och modellen, och en komponent i
``priser=`` som inte finns i modellerna ger IndataFel. Värden anges som ``{value:, reference:}`` (de
bundlade modellerna har alltid källa); i egna dictar får ett värde vara ett tal. Ett pris gäller sitt år; år utan pris räknas upp från närmast föregående pris med
``prisupprakning`` för varje mellanliggande år. Ett påslag gäller från sitt år tills nästa anges.

**Volymtabellen** (argumentet ``befolkning``) kan vara

* lång: kolumnerna ``grupp`` (eller ``aldersgrupp``, eller ``alder`` för ettårsåldrar), ``ar``, ``antal``;
* bred: en rad per grupp (kolumn ``grupp``/``aldersgrupp``/``alder`` eller index) och en kolumn per år;
* en dict ``{grupp: {ar: antal}}``.

Med en kolumn ``kommunkod`` räknas varje kommun för sig. Värdet för år y är folkmängden 31 december år y
(eller ett annat volymmått: antal LSS-insatser, elever, brukare ...), en befolkningsprognos för kommande år.

Resultatet har en rad per (kommun,) modell, år och komponent: ``volym``, ``pris`` (i prisenheten),
``pris_kr``, ``paslag``, ``belopp`` (kr), ``belopp_mnkr`` (en decimal) och förändringen mot året före
uppdelad i ``volymeffekt``, ``priseffekt`` och ``paslagseffekt`` (kr; summan är ``forandring``). För
niva-modeller är, med s = påslag, p = pris och v = volym:
volymeffekt = (1 + s_t−1) p_t−1 (v_t − v_t−1), priseffekt = (1 + s_t−1)(p_t − p_t−1) v_t och
paslagseffekt = (s_t − s_t−1) p_t v_t. Går året före inte att räkna (pris eller volym saknas) är
förändringskolumnerna tomma (NaN) för det året. ``ramar(resultat)`` summerar per nämnd och år.

Kriterierna för socialnämndens modeller (seed 001), som checklista: ``kriterier()``.

1. Opåverkbarhet: de förklarande variablerna så opåverkbara som möjligt.
2. Låga kostnader: inga ökade verksamhets- eller administrativa kostnader, hanterbar med egen personal.
3. Stabilitet: inga tröskeleffekter där små förändringar ger stora utslag.
4. Tillförlitlig dataförsörjning: offentliga data som finns senast i februari.

Modulerna: ``modell`` (tolkning, bundlade modeller), ``volymer``, ``priser``, ``motor`` (niva, inkrementell, ramar),
``namngivna`` (Sjöbo, Vara, socialnämnden, LSS-priser), ``sparbeting``, ``statsbidrag``, ``sjalvfinansiering``.
``xlmodel.resursfordelning`` är samma modul (gammal importväg).
"""
from __future__ import annotations

from .modell import (KOMPONENTNYCKLAR, METODER, MODELLNYCKLAR, PRISENHETER, VOLYM_KORTNAMN, Komponent, Modell,
                     _modeller_ur, kriterier, modeller, modellkonfiguration)
from .motor import KOLUMNER, UPPRAKNAD_RAM, ram_per_ar, ramar, resursfordelning
from .namngivna import SOCIALNAMNDEN, lss_priser, sjobo_aldreomsorg, socialnamnden, vara
from .sjalvfinansiering import sjalvfinansiering_simulering, sjalvfinansieringsgrad
from .sparbeting import sparbeting
from .statsbidrag import ifo_kostnadsokning, statsbidrag_per_invanare

__all__ = ["KOLUMNER", "KOMPONENTNYCKLAR", "METODER", "MODELLNYCKLAR", "PRISENHETER", "SOCIALNAMNDEN", "UPPRAKNAD_RAM",
           "VOLYM_KORTNAMN", "Komponent", "Modell", "ifo_kostnadsokning", "kriterier", "lss_priser", "modeller",
           "modellkonfiguration", "ram_per_ar", "ramar", "resursfordelning", "sjalvfinansiering_simulering",
           "sjalvfinansieringsgrad", "sjobo_aldreomsorg", "socialnamnden", "sparbeting", "statsbidrag_per_invanare", "vara"]
